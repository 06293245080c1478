// The one JSON shape of an identifier check, shared by `credcheck validate --json` and the C ABI.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "credcheck/identify.hpp"

namespace credcheck::serialize {

/// Whether personal identifiers are shown in full or masked (`420704********1237`).
enum class PersonalData { masked, full };

/// {"input", "valid", "kind", "normalized", "error", "error_position", "parts": {…} | "closest_kind",
/// "changes": [what normalisation changed: "spaces", "hyphens", "full_width", "lower_case", "apostrophe",
/// "quotes"], "masked", "note"}. A citizen ID number (or taxpayer number) in `input` and `normalized` is
/// masked unless `personal` is full.
nlohmann::ordered_json identification_json(std::string_view input, const Identification& id, PersonalData personal);

} // namespace credcheck::serialize
