// The objections table, and the records and entries objections concern: their owners and statuses,
// the columns a resolution may correct, the verification period.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credcheck/model.hpp"
#include "credcheck/objection_types.hpp"
#include "store/sqlite.hpp"

namespace credcheck::store {

/// Who owns a record or list entry (its source department), its subject's code and its status.
struct TargetOwner {
    DepartmentId department = 0;
    std::string subject_code;
    std::string status; // the record's (RecordStatus) or entry's (EntryStatus) status, checked against its domain
};
std::optional<TargetOwner> target_owner(sql::Connection& c, ObjectionTarget target, std::int64_t id);

/// The pending objection to a record or entry, if there is one.
std::optional<ObjectionId> pending_objection(sql::Connection& c, ObjectionTarget target, std::int64_t id);

/// Working days the source department has to verify an objection; 5 until set.
int objection_verification_days(sql::Connection& c);
void set_objection_verification_days(sql::Connection& c, int days);

ObjectionId insert_objection(sql::Connection& c, ObjectionTarget target, std::int64_t target_id, Date filed_on, std::string_view filed_by,
                             std::string_view reason, std::optional<Date> due_on);

/// An objection as resolving it needs it.
struct ObjectionState {
    ObjectionTarget target = ObjectionTarget::entry;
    std::int64_t target_id = 0;
    std::optional<ObjectionOutcome> outcome; // nullopt: pending
    Date filed_on = Date::from_days(0);
};
std::optional<ObjectionState> objection_state(sql::Connection& c, ObjectionId id);
void write_resolution(sql::Connection& c, ObjectionId id, ObjectionOutcome outcome, Date resolved_on, std::string_view resolved_by,
                      std::string_view resolution);

/// Sets a record's or entry's status (an entry's end day with it).
void set_target_status(sql::Connection& c, ObjectionTarget target, std::int64_t id, std::string_view status, Date on);

/// A column a resolution may correct, and the kind of value it holds.
struct CorrectableColumn {
    ObjectionTarget target;
    std::string_view name;
    enum class Type { text, optional_text, date, optional_date, severity, category } type;
};
/// The column `name` of the target's table that may be corrected, or nullptr.
const CorrectableColumn* correctable_column(ObjectionTarget target, std::string_view name);
/// Every correctable column of the target's table, for messages.
std::string correctable_column_names(ObjectionTarget target);
std::optional<std::string> read_column(sql::Connection& c, const CorrectableColumn& column, std::int64_t id);
void write_column(sql::Connection& c, const CorrectableColumn& column, std::int64_t id, const std::optional<std::string>& value);

/// Objections with their source department and a description of their target, as stored (free text
/// unmasked: the workflow masks for its reader). A stored target kind or status outside its domain is
/// Error(database_error).
std::optional<Objection> objection_by_id(sql::Connection& c, ObjectionId id);
/// `department`: only those to its records and entries ('' for all); oldest first.
std::vector<Objection> objections_where(sql::Connection& c, bool pending_only, std::optional<Date> overdue_on, std::string_view department);

} // namespace credcheck::store
