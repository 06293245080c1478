// Sending the notices entries call for, as every workflow that adds or ends entries does inside its
// own transaction (import, routes, dispatch, objections, repair).
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(workflows)

#include "credcheck/dispatch_types.hpp"
#include "store/sqlite.hpp"

namespace credcheck::workflows {

/// The measure triggers brought up to the installed catalog, then the notices due on `as_of` by the
/// office's clock `today` (store::write_due_notices).
DispatchCounts send_due_notices(sql::Connection& c, Date as_of, Date today);

} // namespace credcheck::workflows
