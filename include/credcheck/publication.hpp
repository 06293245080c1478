// credcheck/publication.hpp — 双公示 publication (seed items 4, 13): which licences and penalties are due
// or overdue for publication on the working-day calendar, recording publication, the day's publication
// batch in the 双公示 format, and the red and black lists for the credit website (信用鄂州).
//
// Deadlines and periods come from the publicity rules (publicity.hpp) and the database's calendar
// (calendar.hpp); nothing is stored that the calendar could later change.
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
#include "credcheck/publicity.hpp"

namespace credcheck {

enum class PublicationState {
    pending,           // unpublished, deadline not passed
    overdue,           // unpublished past the deadline
    on_time,           // published by the deadline
    late,              // published after the deadline
    not_to_publish,    // the rules say it is not published (minor under 36号)
    deadline_unknown,  // the calendar does not cover the deadline
};
std::string_view to_string(PublicationState) noexcept;

struct PublicationItem {
    RecordId record_id = 0;
    RecordKind kind = RecordKind::penalty;
    std::string department, document_no;
    std::string subject_code; // a citizen ID masked
    std::string subject_name;
    Date decided_on = Date::from_days(0);
    std::optional<Severity> severity;
    PublicityTerms terms;
    std::optional<Date> published_on;
    PublicationState state = PublicationState::pending;
    int days_overdue = 0; // working days past the deadline, for overdue items
};

struct PublicationQuery {
    Date as_of = Date::today();
    std::string department;   // empty: every department
    bool overdue_only = true; // false: every active licence and penalty decided from `from`
    std::optional<Date> from, to; // decision dates, inclusive
};

/// Licences and penalties with their publication state on `as_of`, oldest decision first.
std::vector<PublicationItem> publication_status(const Database& db, const PublicationQuery& query);

/// Records that `department` published its record `document_no` (a licence or penalty) on `published_on`.
/// Throws Error(not_found), Error(conflict) when it was already published or is not active,
/// Error(invalid_argument) for a date before the decision.
void mark_published(Database& db, const std::string& department, const std::string& document_no, Date published_on);

/// Writes the records that are to be published and not yet published on `on` — decided by then, active,
/// not exempt — of `kind` (licenses or penalties) in the 双公示 format: Chinese column titles,
/// ID numbers masked. Returns the number of rows.
std::uint64_t export_publication_batch(const Database& db, ImportKind kind, Date on, FileFormat format, std::ostream& out);

/// Writes the red or black list entries in force on `as_of` for the credit website: list, subject
/// name and code (ID numbers masked), finding department, document number, dates, reason, basis.
/// Expired, removed, revoked and repaired entries are left out. Returns the number of rows.
std::uint64_t export_public_list(const Database& db, ListColour colour, Date as_of, FileFormat format, std::ostream& out);

} // namespace credcheck
