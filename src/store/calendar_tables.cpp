#include "store/calendar_tables.hpp"

#include <fmt/format.h>
#include <set>

#include "credcheck/database.hpp"
#include "credcheck/error.hpp"
#include "security/permissions.hpp"
#include "store/audit_log.hpp"
#include "store/database_impl.hpp"

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
    while (q.step()) days.push_back({*q.date(0), q.text(1) == "work" ? DayKind::work : DayKind::off, std::string(q.text(2))});
    return WorkingCalendar(days);
}

} // namespace credcheck::store

namespace credcheck {

void load_calendar(Database& db, std::span<const CalendarDay> days, std::string_view source) {
    security::require_credit_office(db, "load the working-day calendar");
    if (days.empty()) throw Error(Status::invalid_argument, fmt::format("{} lists no day", source));
    const WorkingCalendar validated(days); // refuses a day listed twice before anything is written
    db.impl().write([&](sql::Connection& c) {
        sql::Transaction tx(c);
        store::AuditScope audit(c, db.principal(), "calendar.load");
        store::write_calendar(c, days, source);
        std::set<int> years;
        for (const auto& d : days) years.insert(d.date.year());
        audit.target = std::string(source);
        audit.details = {{"days", days.size()}, {"years", years}};
        audit.append();
        tx.commit();
    });
}

WorkingCalendar installed_calendar(const Database& db) { return store::read_calendar(*db.impl().read()); }

} // namespace credcheck
