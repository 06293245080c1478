// credcheck/push.hpp — serious-dishonesty entries reach the provincial platform in time (seed item 13:
// 严重失信主体名单 pushed to the provincial credit information platform within 7 working days of the
// entry). Tracked like 双公示 publication (publication.hpp): a push deadline per entry on the working-day
// calendar, the entries overdue, recording a push, and the day's push batch in a documented format
// (README "Pushing serious-dishonesty entries").
//
// Which entries: active entries of the catalog's black lists (the serious-dishonesty lists). The
// deadline is 7 working days after the entry date (the entry day does not count, as for publication);
// nothing is stored that the calendar could later change.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(workflows)

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "credcheck/database.hpp"
#include "credcheck/import.hpp"

namespace credcheck {

inline constexpr int kPushWorkingDays = 7;

enum class PushState {
    pending,          // not pushed, deadline not passed
    overdue,          // not pushed past the deadline
    on_time,          // pushed by the deadline
    late,             // pushed after it
    deadline_unknown, // the calendar does not cover the deadline
};
std::string_view to_string(PushState) noexcept;

struct PushItem {
    EntryId entry_id = 0;
    std::string list_code, list_name, department, document_no;
    std::string subject_code; // a citizen ID masked
    std::string subject_name;
    SubjectKind subject_kind = SubjectKind::legal_person;
    Date entered_on = Date::from_days(0);
    std::optional<Date> deadline, pushed_on;
    PushState state = PushState::pending;
    int days_overdue = 0; // working days past the deadline, for overdue entries
};

struct PushQuery {
    Date as_of = Date::today();
    std::string department;   // the finding department; empty: every department the principal may see
    bool overdue_only = true; // false: every active black-list entry entered by as_of
};

/// Black-list entries with their push state on `as_of`, oldest entry first.
std::vector<PushItem> push_status(const Database& db, const PushQuery& query);

/// Records that the credit office pushed entry `entry` to the provincial platform on `pushed_on`.
/// Error(not_found), Error(conflict) when it was pushed already or is not an active black-list entry,
/// Error(invalid_argument) for a day before the entry. The credit office only.
void mark_pushed(Database& db, EntryId entry, Date pushed_on);

/// The day's push batch: the active black-list entries entered on or before `on` and not yet pushed, in
/// the push format (Chinese titles; ID numbers masked unless `unmasked` and the principal is the
/// credit office). The credit office only. Returns the number of rows.
std::uint64_t export_push_batch(const Database& db, Date on, FileFormat format, bool unmasked, std::ostream& out);

} // namespace credcheck
