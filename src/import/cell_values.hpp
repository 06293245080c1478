// Spreadsheet cell values as text: numbers as Excel shows them in a General cell (15 significant digits,
// never in E notation, so that a document number stored as a number comes out as its digits), and date
// serials as dates in either of Excel's date systems.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <optional>
#include <string>
#include <string_view>

#include "credcheck/date.hpp"

namespace credcheck::import {

/// Excel's two date systems: serial 1 is 1900-01-01 (with Lotus 1-2-3's 1900-02-29, serial 60) or, in a
/// workbook saved with "1904 date system", serial 0 is 1904-01-01.
enum class DateSystem { excel_1900, excel_1904 };

/// A stored number (`201312142`, `2.01312142E8`, `0.30000000000000004`, `-1.5e-3`) as plain decimal text
/// rounded to 15 significant digits, as Excel shows it: `201312142`, `0.3`, `-0.0015`. No exponent, no
/// trailing zeros after the point, no point for a whole number. nullopt when `stored` is not a number.
std::optional<std::string> excel_number_text(std::string_view stored);

/// What a date-formatted cell shows: a date, a time of day, or both.
enum class DateCellStyle { date, date_time, time };

/// The text of a date serial: `2019-07-13`, `2019-07-13 14:30:00` (a time when the serial has one, or
/// always with date_time), `14:30:00`. The 1900 system's serial 60 is `1900-02-29` and serial 0
/// `1900-01-00`, as Excel shows them: text that is no date, so a date column rejects it. nullopt for a
/// serial outside Excel's range (negative, or after 9999-12-31).
std::optional<std::string> serial_text(double serial, DateSystem system, DateCellStyle style);

/// The date of a serial, or nullopt (outside the range, or the 1900 system's 0 and 60, which are no dates).
std::optional<Date> serial_date(double serial, DateSystem system) noexcept;

/// A date as a department file writes it: what Date::parse reads (`2019-07-13`, `2019/7/13`, `20190713`,
/// `2019.7.13`, `2019年07月13日`, each optionally followed by a time `0:00:00`), or an Excel serial typed
/// or exported as a number: five digits, optionally with a fraction (`43659`, `43659.5`), in `system`.
std::optional<Date> parse_cell_date(std::string_view text, DateSystem system) noexcept;

} // namespace credcheck::import
