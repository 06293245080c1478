// The one JSON shape of a decision, shared by `credcheck check --json` and the C ABI.
#pragma once

#include <nlohmann/json.hpp>

#include "credcheck/check.hpp"
#include "serialize/identification_json.hpp"

namespace credcheck::serialize {

/// The shape issue #4 pins: verdict, subject, scenario, as_of, measures, suspended, green_channel,
/// receipt. Citizen ID numbers (of the subject and of listed parties) are masked unless `personal`
/// is full.
nlohmann::ordered_json decision_json(const Decision& d, PersonalData personal);

} // namespace credcheck::serialize
