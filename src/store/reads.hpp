// Reading the store: the queries behind Database's accessors and the check's hot path.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "credcheck/database.hpp"
#include "store/sqlite.hpp"

namespace credcheck::store {

std::int64_t data_version(sql::Connection& c);
std::optional<SubjectId> subject_id_by_code(sql::Connection& c, std::string_view normalized_code);
std::optional<Subject> subject_by_id(sql::Connection& c, SubjectId id);
std::optional<Department> department_by_id(sql::Connection& c, DepartmentId id);
std::optional<Department> department_by_key(sql::Connection& c, std::string_view code_uscc_or_name);
std::vector<Relation> relations_of(sql::Connection& c, SubjectId id);
std::vector<Record> records_of(sql::Connection& c, SubjectId id);
std::vector<ListEntry> entries_of(sql::Connection& c, SubjectId id);
Database::Counts counts(sql::Connection& c);

/// Every department, by name, with whether the credit office designated it a registration authority.
std::vector<std::pair<Department, bool>> departments_with_designation(sql::Connection& c);
/// True when the department is designated a registration authority.
bool is_registration_authority(sql::Connection& c, DepartmentId id);
/// Designates the department (or ends its designation); true when that changed anything.
bool set_registration_authority(sql::Connection& c, DepartmentId id, bool designated, std::string_view at, std::string_view by);

} // namespace credcheck::store
