// What 双公示 publication reads: the licences and penalties to publish with their publication dates,
// and the red and black list entries in force for the credit website.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credcheck/model.hpp"
#include "store/sqlite.hpp"

namespace credcheck::store {

/// An active licence or penalty, as publication needs it (codes as stored: mask them for display).
struct PublishableRecord {
    RecordId id = 0;
    RecordKind kind = RecordKind::penalty;
    std::string department, document_no;
    std::string subject_code, subject_name;
    SubjectKind subject_kind = SubjectKind::legal_person;
    Date decided_on = Date::from_days(0);
    std::optional<Severity> severity;
    std::optional<Date> published_on;
};

/// Which records: decided on or before `decided_by` (and within [from, to] when given), of the
/// department (a name, code or USCC; '' for all), only unpublished ones when `unpublished_only`.
struct PublishableQuery {
    Date decided_by = Date::from_days(0);
    std::optional<Date> from, to;
    std::string department;
    bool unpublished_only = false;
};
/// Oldest decision first.
std::vector<PublishableRecord> publishable_records(sql::Connection& c, const PublishableQuery& query);

/// The licence or penalty a department decided under `document_no`, with its status.
struct RecordPublication {
    RecordId id = 0;
    Date decided_on = Date::from_days(0);
    RecordStatus status = RecordStatus::active;
    std::optional<Date> published_on;
};
std::optional<RecordPublication> record_publication(sql::Connection& c, DepartmentId department, std::string_view document_no);

/// A list entry in force for the public lists (text as stored: mask before publishing).
struct PublicListRow {
    std::string list_code, list_name, subject_name, subject_code;
    SubjectKind subject_kind = SubjectKind::legal_person;
    std::string department, document_no;
    Date entered_on = Date::from_days(0);
    std::optional<Date> expires_on;
    std::string reason, legal_basis;
};
/// The entries of lists of `colour` in force on `as_of`, by list, entry date and code.
std::vector<PublicListRow> public_list(sql::Connection& c, ListColour colour, Date as_of);

} // namespace credcheck::store
