// The returns' tables (schema 6): on the office, the keys departments sign with and the returns
// imported; on a replica, the objections received at its window and the returns exported. And the
// reads and writes a return carries: a replica's checks (from its audit trail), feedback, objections.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "store/sqlite.hpp"

namespace credcheck::store {

// ---- the office -----------------------------------------------------------------------------------

struct DepartmentKey {
    std::int64_t department_id = 0;
    std::string public_key, fingerprint, registered_at, registered_by;
};
void save_department_key(sql::Connection& c, const DepartmentKey& key);
std::optional<DepartmentKey> department_key(sql::Connection& c, std::int64_t department_id);

struct OutboxImport {
    std::int64_t department_id = 0, sequence = 0;
    std::string digest, imported_at;
    std::int64_t checks = 0, feedback = 0, objections = 0;
};
std::optional<OutboxImport> outbox_import(sql::Connection& c, std::int64_t department_id, std::int64_t sequence);
void record_outbox_import(sql::Connection& c, const OutboxImport& import);

/// A check a department made on its replica, as the office records it. False when the decision is
/// recorded already.
struct ReturnedCheck {
    std::string decision_id, checked_at, as_of, department, purpose, subject_code, scenario, verdict, measures, catalog_version;
    std::optional<std::int64_t> subject_id;
    std::int64_t data_version = 0;
};
bool insert_returned_check(sql::Connection& c, const ReturnedCheck& check);
/// Whether the office has a subject with this id (a replica's ids are the office's).
bool subject_exists(sql::Connection& c, std::int64_t id);
bool check_recorded(sql::Connection& c, std::string_view decision_id);

struct ReturnedFeedback {
    std::string decision_id, measure, outcome, reason, officer, decided_on, case_ref, recorded_at;
    std::int64_t department_id = 0;
};
std::int64_t insert_returned_feedback(sql::Connection& c, const ReturnedFeedback& feedback);

// ---- a replica ------------------------------------------------------------------------------------

struct ReceivedObjectionRow {
    std::int64_t id = 0;
    std::string target_kind;
    std::int64_t target_id = 0;
    std::string received_on, filed_by, reason, officer, recorded_at;
};
std::int64_t insert_received_objection(sql::Connection& c, const ReceivedObjectionRow& row);
/// Whether the replica holds a record or entry with this id.
bool target_exists(sql::Connection& c, std::string_view target_kind, std::int64_t id);

struct OutboxExport {
    std::int64_t sequence = 0, audit_up_to = 0, feedback_up_to = 0, received_up_to = 0;
    std::string digest, created_at;
};
std::optional<OutboxExport> last_outbox_export(sql::Connection& c);
void record_outbox_export(sql::Connection& c, const OutboxExport& e);

/// The replica's checks after audit entry `after`: each check's audit entry (who, when, details) and
/// its check-log row. `f(seq, at, department, role, officer, subject, details_json, subject_id)`.
struct LoggedCheck {
    std::int64_t seq = 0;
    std::string at, department, role, officer, subject, details;
    std::optional<std::int64_t> subject_id;
};
void each_logged_check(sql::Connection& c, std::int64_t after, const std::function<void(const LoggedCheck&)>& f);
std::int64_t last_audit_seq(sql::Connection& c);

struct LocalFeedback {
    std::int64_t id = 0;
    std::string decision_id, measure, department, outcome, reason, officer, decided_on, case_ref, recorded_at;
};
void each_local_feedback(sql::Connection& c, std::int64_t after, const std::function<void(const LocalFeedback&)>& f);
std::int64_t last_feedback_id(sql::Connection& c);

void each_received_objection(sql::Connection& c, std::int64_t after, const std::function<void(const ReceivedObjectionRow&)>& f);
std::int64_t last_received_objection(sql::Connection& c);

} // namespace credcheck::store
