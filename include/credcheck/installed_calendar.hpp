// credcheck/installed_calendar.hpp — the working-day calendar a database holds (credcheck/calendar.hpp
// has the calendar itself), and the credit office's loading of a year's notice into it.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(workflows)

#include <span>
#include <string_view>

#include "credcheck/calendar.hpp"
#include "credcheck/database.hpp"

namespace credcheck {

/// The calendar as data in a database (credcheck init loads the built-in one): replaces the days of
/// every year `days` covers, so a year's corrected notice is loaded by loading the year again.
/// The credit office only; audited. `credcheck calendar load FILE`.
void load_calendar(Database& db, std::span<const CalendarDay> days, std::string_view source);

/// The calendar the database holds (the built-in one for a database that never loaded one).
WorkingCalendar installed_calendar(const Database& db);

} // namespace credcheck
