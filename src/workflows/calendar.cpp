// The calendar a database holds, and the credit office's loading of a year into it.
#include "credcheck/installed_calendar.hpp"

#include <fmt/format.h>
#include <set>

#include "credcheck/error.hpp"
#include "security/permissions.hpp"
#include "store/audit_log.hpp"
#include "store/calendar_tables.hpp"
#include "store/open_file.hpp"

namespace credcheck {

void load_calendar(Database& db, std::span<const CalendarDay> days, std::string_view source) {
    security::require_credit_office(db, "load the working-day calendar");
    if (days.empty()) throw Error(Status::invalid_argument, fmt::format("{} lists no day", source));
    const WorkingCalendar validated(days); // refuses a day listed twice before anything is written
    store::OpenFile(db).write([&](sql::Connection& c) {
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

WorkingCalendar installed_calendar(const Database& db) { return store::read_calendar(*store::OpenFile(db).read()); }

} // namespace credcheck
