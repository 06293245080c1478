// SQL said once: conditions several of the store's statements share, as string literals that join the
// statements at compile time (never SQL built from text at run time; values stay bound parameters).
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

/// The department `d` is the one a parameter names (its name, code or USCC), or the parameter is ''
/// (every department). `param` is the parameter's placeholder: CREDCHECK_SQL_DEPARTMENT_IS("?3").
#define CREDCHECK_SQL_DEPARTMENT_IS(param) "(" param " = '' OR d.name = " param " OR d.code = " param " OR d.uscc = " param ")"

/// The list entry `e` is in force on the day a parameter holds: active, entered on or before it, not
/// expired by it (an entry expiring on the day no longer counts).
#define CREDCHECK_SQL_ENTRY_IN_FORCE(day) \
    "(e.status = 'active' AND e.entered_on <= " day " AND (e.expires_on IS NULL OR e.expires_on > " day "))"

/// Joins, for a row `alias` of objections or repairs (target_kind, target_id), its target as `r` (a
/// record) or `e` (a list entry), and the target's source department as `d`.
#define CREDCHECK_SQL_TARGET_AND_DEPARTMENT(alias)                                                                       \
    "LEFT JOIN records r ON " alias ".target_kind = 'record' AND r.id = " alias ".target_id "                            \
    "LEFT JOIN list_entries e ON " alias ".target_kind = 'entry' AND e.id = " alias ".target_id "                        \
    "JOIN departments d ON d.id = coalesce(r.department_id, e.department_id) "
