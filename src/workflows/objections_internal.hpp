// Filing an objection inside a transaction the caller holds: file_objection() itself, and the import
// of a department's returns, which files the objections received at the department's window in the
// same transaction as the rest of the return (credcheck/returns.hpp).
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(workflows)

#include <string>

#include "credcheck/objections.hpp"
#include "store/sqlite.hpp"

namespace credcheck::detail {

/// file_objection()'s work on `c`, by `db`'s principal, in the caller's write transaction.
ObjectionId file_objection_in(sql::Connection& c, const Database& db, ObjectionTarget target, std::int64_t target_id, Date filed_on,
                              const std::string& filed_by, const std::string& reason);

} // namespace credcheck::detail
