// The pushes of serious-dishonesty entries to the provincial platform (schema 6, credcheck/push.hpp).
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "store/sqlite.hpp"

namespace credcheck::store {

/// An active black-list entry entered by a day, with what a push and its batch need.
struct BlackEntry {
    std::int64_t id = 0;
    std::string list_code, list_name, department, department_uscc, document_no, subject_code, subject_kind, subject_name;
    std::string entered_on, expires_on, reason, legal_basis;
    std::optional<std::string> pushed_on;
};

/// Calls `f` for every active black-list entry entered on or before `as_of` (of `department`, by name,
/// code or USCC, unless empty; only those not pushed with `unpushed_only`), oldest first.
void each_black_entry(sql::Connection& c, std::string_view as_of, const std::string& department, bool unpushed_only,
                      const std::function<void(const BlackEntry&)>& f);
/// The entry, when it is an active black-list entry.
std::optional<BlackEntry> black_entry(sql::Connection& c, std::int64_t id);
void record_push(sql::Connection& c, std::int64_t entry, std::string_view pushed_on, std::string_view pushed_by, std::string_view recorded_at);

} // namespace credcheck::store
