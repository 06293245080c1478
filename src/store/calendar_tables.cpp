#include "store/calendar_tables.hpp"

#include <fmt/format.h>
#include <set>

#include "credcheck/error.hpp"
#include "util/clock.hpp"

namespace credcheck::store {

void write_calendar(sql::Connection& c, std::span<const CalendarDay> days, std::string_view source) {
    std::set<int> years;
    for (const auto& d : days) years.insert(d.date.year());
    const std::string now = utc_timestamp();
    for (const int year : years) {
        sql::Query del(c.prepared("DELETE FROM calendar_days WHERE date >= ? AND date < ?"));
        del.bind(*Date::from_ymd(year, 1, 1)).bind(*Date::from_ymd(year + 1, 1, 1)).run();
        sql::Query y(c.prepared("INSERT INTO calendar_years (year, source, loaded_at) VALUES (?, ?, ?) "
                                "ON CONFLICT (year) DO UPDATE SET source = excluded.source, loaded_at = excluded.loaded_at"));
        y.bind(year).bind(source).bind(now).run();
    }
    for (const auto& d : days) {
        sql::Query q(c.prepared("INSERT INTO calendar_days (date, kind, name) VALUES (?, ?, ?)"));
        q.bind(d.date).bind(to_string(d.kind)).bind(d.name).run();
    }
}

WorkingCalendar read_calendar(sql::Connection& c) {
    {
        sql::Query q(c.prepared("SELECT count(*) FROM calendar_years"));
        if (q.step() && q.integer(0) == 0) return WorkingCalendar::default_calendar();
    }
    std::vector<CalendarDay> days;
    sql::Query q(c.prepared("SELECT date, kind, name FROM calendar_days ORDER BY date"));
    while (q.step()) {
        const auto kind = q.text(1);
        if (kind != "work" && kind != "off")
            throw Error(Status::database_error, fmt::format("calendar day {}: stored kind '{}' is not off or work: the database was altered outside credcheck",
                                                            q.text(0), kind));
        days.push_back({*q.date(0), kind == "work" ? DayKind::work : DayKind::off, std::string(q.text(2))});
    }
    return WorkingCalendar(days);
}

} // namespace credcheck::store
