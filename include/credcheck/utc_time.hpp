// credcheck/utc_time.hpp — instants as the feed writes them: UTC to the second, "2026-11-28T06:33:17Z" (what utc_timestamp()
// gives for now), and durations as a command line gives them ("36h", "90m", "7d", "45s").
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace credcheck {

using UtcSeconds = std::chrono::sys_seconds;

/// "YYYY-MM-DDTHH:MM:SSZ".
std::string format_utc(UtcSeconds t);
/// The instant format_utc() wrote; nullopt for anything else.
std::optional<UtcSeconds> parse_utc(std::string_view text);
/// Now, to the second, or `fixed` when given (a host's or a test's clock).
UtcSeconds utc_now(const std::optional<UtcSeconds>& fixed = std::nullopt);

/// A positive duration "<number><unit>", unit s, m, h or d. Error(invalid_argument) naming `what`.
std::chrono::seconds parse_duration(std::string_view text, std::string_view what);
/// "1d 2h 3m 4s" (the largest units, zeros left out; "0s" for nothing).
std::string format_duration(std::chrono::seconds d);

} // namespace credcheck
