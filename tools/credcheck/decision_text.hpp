// The readable form of a decision: verdict first, then each measure with its reason trail.
#pragma once

#include <string>

#include "credcheck/check.hpp"

namespace credcheck::cli {

std::string decision_text(const Decision& d, bool unmask);

} // namespace credcheck::cli
