// credcheck/departments.hpp — the departments credcheck knows, and which of them the credit office
// designates as registration authorities (seed item 18: each fact is written by the body responsible
// for it). Registry facts — subjects (name, kind, status, established on), their codes, and relations
// (who is legal representative or principal, from when to when) — are written by the credit office
// or a designated registration authority (市场监管部门, 民政部门, …), never by another department: an
// initiating department's licence, penalty or list rows may create a subject not yet known, but never
// change one that exists.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(workflows)

#include <string>
#include <vector>

#include "credcheck/database.hpp"

namespace credcheck {

struct DepartmentListing {
    Department department;
    bool registration_authority = false;
};

/// Every department, by name. Not for the public.
std::vector<DepartmentListing> list_departments(const Database& db);

/// Designates `department` (name, code or USCC of a known department) a registration authority, or
/// with `designated` false ends the designation. The credit office only; recorded in the audit trail.
/// Error(not_found) for an unknown department.
void designate_registration_authority(Database& db, const std::string& department, bool designated);

/// True when the principal may write registry facts: the credit office, or an initiating principal
/// of a designated registration authority.
bool may_write_registry_facts(const Database& db);

} // namespace credcheck
