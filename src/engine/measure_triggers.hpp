// Which lists trigger which measures, as the store keeps them for dispatch (measure_triggers).
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(engine)

#include "store/sqlite.hpp"

namespace credcheck::engine {

/// Rewrites measure_triggers from the installed catalog when they were written for another (a 0.1
/// database wrote them only when it dispatched), inside the caller's transaction. A catalog installed
/// by this version wrote its own.
void sync_measure_triggers(sql::Connection& c);

} // namespace credcheck::engine
