// The working-day calendar's tables: the listed days and the years they cover.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <span>
#include <string_view>

#include "credcheck/calendar.hpp"
#include "store/sqlite.hpp"

namespace credcheck::store {

/// Replaces the days of every year `days` covers, inside the caller's transaction.
void write_calendar(sql::Connection& c, std::span<const CalendarDay> days, std::string_view source);

/// The calendar the database holds; the built-in one when none was loaded (a database created before
/// the calendar was stored in it).
WorkingCalendar read_calendar(sql::Connection& c);

} // namespace credcheck::store
