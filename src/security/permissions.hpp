// What each principal may do (principal.hpp). Every public write and check calls one of these first;
// a refusal is Error(permission_denied) saying who may not do what, before anything is written.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <string>
#include <string_view>

#include "credcheck/database.hpp"
#include "store/sqlite.hpp"

namespace credcheck::security {

/// Throws permission_denied "<principal> may not <what>" unless `allowed`.
void require(const Principal& p, bool allowed, std::string_view what);

inline void require_credit_office(const Database& db, std::string_view what) {
    require(db.principal(), db.principal().role == AccessRole::credit_office, what);
}
inline void require_not_public(const Database& db, std::string_view what) {
    require(db.principal(), db.principal().role != AccessRole::public_reader, what);
}

/// True when `department` is the principal's own (by name, code or USCC).
bool is_own(const Principal& p, const Department& department) noexcept;

/// The credit office, or the department itself (initiating or implementing: its inbox, its feedback).
void require_own_department(const Database& db, const Department& department, std::string_view what);

/// The credit office, or the department itself acting as an initiating department: the writes that
/// belong to the finding department (resolving objections, repairs, publication, commitments it
/// received). An implementing principal checks, reads its inbox and answers notices — nothing else.
void require_initiating_department(const Database& db, const Department& department, std::string_view what);

/// Registry facts (subjects, their codes, relations): the credit office, or an initiating principal
/// of a department the office designated a registration authority. `c` reads the designation.
bool may_write_registry_facts(const Database& db, sql::Connection& c);

/// The department filter a listing runs with: the credit office's as asked; a department's own
/// (asking for another is refused); the public may not list.
std::string department_scope(const Database& db, const std::string& asked, std::string_view what);

} // namespace credcheck::security
