// The write side of dispatch (seed items 16, 17): which lists trigger which measures, and the notices
// that entries call for. Used by the importer (lists), the objection and repair workflows, and
// dispatch_notices(); always inside the caller's transaction.
#pragma once

#include "credcheck/dispatch.hpp"
#include "store/sqlite.hpp"

namespace credcheck::store {

/// Makes measure_triggers match the installed catalog (a no-op when it already does).
void sync_measure_triggers(sql::Connection& c);

/// Creates the apply and lift notices due on `as_of` and stamps ended entries with the day they
/// were seen ended. Idempotent.
/// Sends the notices due: apply for entries in force, lift for entries ended or expired. `today` is
/// the office's clock: expiry is judged by it alone, and `as_of` (the notices' date) never goes past it.
DispatchCounts write_due_notices(sql::Connection& c, Date as_of, Date today);

} // namespace credcheck::store
