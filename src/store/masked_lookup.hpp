// The subjects a masked code with a name can point to: a published list shows 9114082306****333G and a
// name; the subjects of that exact name holding a code that fits the mask are the candidates.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <string_view>
#include <vector>

#include "credcheck/identify.hpp"
#include "credcheck/model.hpp"
#include "store/sqlite.hpp"

namespace credcheck::store {

/// The subjects named exactly `name` with a code that fits `mask`, at most `limit` of them. The mask
/// must show its first six characters (a range of the code index is read, never the whole table);
/// Error(invalid_identifier) otherwise.
std::vector<SubjectId> subjects_fitting_mask(sql::Connection& c, const MaskedCode& mask, std::string_view name, std::size_t limit);

} // namespace credcheck::store
