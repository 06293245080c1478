// Credit repair's tables: what repairing a penalty or list entry needs to know about it, the
// subject's credit commitments (records of kind commitment), and the repairs granted.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <optional>
#include <string>
#include <string_view>

#include "credcheck/model.hpp"
#include "credcheck/objection_types.hpp"
#include "store/sqlite.hpp"

namespace credcheck::store {

/// A penalty or list entry as repair sees it.
struct RepairTarget {
    RecordKind record_kind = RecordKind::penalty; // records: its kind (only penalties are repaired)
    std::string status;                           // RecordStatus or EntryStatus, checked against its domain
    SubjectId subject = 0;
    std::string subject_name, subject_code;
    Date since = Date::from_days(0); // decided on / entered on
    std::optional<Severity> severity;
    std::string department;
    std::string list_code;   // entries
    std::string document_no;
};
std::optional<RepairTarget> repair_target(sql::Connection& c, ObjectionTarget kind, std::int64_t id);

/// True when `record` is an active credit commitment of `subject`.
bool is_active_commitment(sql::Connection& c, RecordId record, SubjectId subject);
/// The subject's latest active commitment decided between `from` and `to` (both included).
std::optional<RecordId> latest_commitment(sql::Connection& c, SubjectId subject, Date from, Date to);

/// The commitment a department recorded under `document_no`, with its subject.
struct CommitmentRecord {
    RecordId id = 0;
    SubjectId subject = 0;
};
std::optional<CommitmentRecord> commitment_by_document(sql::Connection& c, DepartmentId department, std::string_view document_no);
RecordId insert_commitment(sql::Connection& c, SubjectId subject, DepartmentId department, std::string_view document_no, Date signed_on,
                           std::string_view content);

std::int64_t insert_repair(sql::Connection& c, ObjectionTarget target, std::int64_t target_id, Date repaired_on, std::string_view decided_by,
                           std::string_view obligations_evidence, RecordId commitment);

} // namespace credcheck::store
