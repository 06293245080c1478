// credcheck/divisions.hpp — names of administrative division codes (GB/T 2260), for information.
// Real codes carry abolished divisions: an unknown division is never an error anywhere in credcheck.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <optional>
#include <string>
#include <string_view>

namespace credcheck {

/// The full name of a six-digit division code, province first: "湖北省鄂州市鄂城区" for 420704,
/// "湖北省" for 420000, "湖北省鄂州市" for 420700. Levels credcheck does not know are left out
/// (a county of another province yields only the province). `100000` (national-level
/// registration) yields "国家级". nullopt for a code not six digits or with an unknown province.
std::optional<std::string> division_name(std::string_view code);

} // namespace credcheck
