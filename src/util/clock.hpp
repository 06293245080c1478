// Wall-clock timestamps for history rows and decision receipts.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <chrono>
#include <fmt/format.h>
#include <string>

#include "credcheck/date.hpp"

namespace credcheck {

/// Now, UTC, to the second: "2026-11-28T06:33:17Z".
inline std::string utc_timestamp() {
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    const auto day = std::chrono::floor<std::chrono::days>(now);
    const std::chrono::hh_mm_ss hms{now - day};
    return fmt::format("{}T{:02}:{:02}:{:02}Z", Date::from_days(static_cast<std::int32_t>(day.time_since_epoch().count())).iso(),
                       hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

} // namespace credcheck
