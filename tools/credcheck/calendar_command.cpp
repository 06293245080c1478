// credcheck calendar load | show | workdays | is-working-day — the working-day calendar in the database.
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "commands.hpp"
#include "credcheck/calendar.hpp"
#include "credcheck/installed_calendar.hpp"
#include "workflow_util.hpp"

namespace credcheck::cli {

namespace {

std::string years_text(const std::vector<int>& years) {
    if (years.empty()) return "no year";
    std::string out;
    std::size_t i = 0;
    while (i < years.size()) {
        std::size_t j = i;
        while (j + 1 < years.size() && years[j + 1] == years[j] + 1) ++j;
        if (!out.empty()) out += ", ";
        out += j == i ? fmt::format("{}", years[i]) : fmt::format("{}–{}", years[i], years[j]);
        i = j + 1;
    }
    return out;
}

std::string describe_day(const WorkingCalendar& calendar, Date d) {
    const CalendarDay* listed = calendar.listed(d);
    if (listed) return fmt::format("{} ({})", listed->kind == DayKind::work ? "an adjusted working day" : "a day off", listed->name);
    return d.iso_weekday() >= 6 ? "a weekend day" : "an ordinary working day";
}

void add_calendar_load_command(CLI::App& parent, Context& context) {
    struct Options {
        std::string db, file;
    };
    auto o = std::make_shared<Options>();
    CLI::App* cmd = parent.add_subcommand(
        "load", "Load a holiday file (date<TAB>kind<TAB>name, kind off or work, as data/cn_holidays.tsv); it replaces the years it covers");
    add_db(cmd, o->db);
    cmd->add_option("file", o->file, "The holiday file (TSV)")->required();
    cmd->callback([o, &context] {
        std::ifstream in(o->file, std::ios::binary);
        if (!in) throw Error(Status::not_found, "cannot read " + o->file);
        std::ostringstream text;
        text << in.rdbuf();
        const auto days = parse_calendar(text.str(), o->file);
        Database db = open_writable(context, o->db);
        load_calendar(db, days, o->file);
        std::set<int> years;
        for (const auto& d : days) years.insert(d.date.year());
        std::cout << fmt::format("loaded {} listed days for {} from {}; the calendar covers {}\n", days.size(),
                                 years_text({years.begin(), years.end()}), o->file, years_text(installed_calendar(db).covered_years()));
        context.exit_code = kExitOk;
    });
}

void add_calendar_show_command(CLI::App& parent, Context& context) {
    struct Options {
        std::string db;
        std::optional<int> year;
    };
    auto o = std::make_shared<Options>();
    CLI::App* cmd = parent.add_subcommand("show", "The years the calendar covers, or the days off and adjusted working days of one year");
    add_db(cmd, o->db);
    cmd->add_option("--year", o->year, "List this year's days");
    cmd->callback([o, &context] {
        const WorkingCalendar calendar = installed_calendar(open_read_only(context, o->db));
        const auto years = calendar.covered_years();
        if (!o->year) {
            std::cout << fmt::format("the calendar covers {}\n", years_text(years));
            context.exit_code = kExitOk;
            return;
        }
        const auto first = Date::from_ymd(*o->year, 1, 1);
        if (!first || !calendar.covers(*first))
            throw Error(Status::calendar_not_covered,
                        fmt::format("the working-day calendar does not cover {} (it covers {}; load the State Council's holiday notice "
                                    "for {} with `credcheck calendar load`)",
                                    *o->year, years_text(years), *o->year));
        int off = 0, work = 0;
        for (Date d = *first; d.year() == *o->year; d = d.plus_days(1)) {
            const CalendarDay* listed = calendar.listed(d);
            if (!listed) continue;
            (listed->kind == DayKind::off ? off : work) += 1;
            std::cout << fmt::format("{}  {:<4}  {}\n", d.iso(), to_string(listed->kind), listed->name);
        }
        std::cout << fmt::format("{}: {} days off, {} adjusted working days\n", *o->year, off, work);
        context.exit_code = kExitOk;
    });
}

void add_calendar_workdays_command(CLI::App& parent, Context& context) {
    struct Options {
        std::string db, from, to;
        std::optional<int> add;
    };
    auto o = std::make_shared<Options>();
    CLI::App* cmd = parent.add_subcommand("workdays", "Count working days: the Nth working day after FROM (--add N), or the working "
                                                         "days in (FROM, TO] (--to TO)");
    add_db(cmd, o->db);
    cmd->add_option("from", o->from, "The day to count from, YYYY-MM-DD (it does not count itself)")->required();
    auto* how = cmd->add_option_group("count", "What to count");
    how->add_option("--add", o->add, "The Nth working day after FROM (negative: before)");
    how->add_option("--to", o->to, "The working days after FROM up to and including TO");
    how->require_option(1);
    cmd->callback([o, &context] {
        const WorkingCalendar calendar = installed_calendar(open_read_only(context, o->db));
        const Date from = Date::parse_or_throw(o->from, "FROM");
        if (o->add) {
            const Date d = calendar.add_working_days(from, *o->add);
            std::cout << fmt::format("{}\n", d.iso());
        } else {
            const Date to = Date::parse_or_throw(o->to, "--to");
            std::cout << fmt::format("{}\n", calendar.working_days_between(from, to));
        }
        context.exit_code = kExitOk;
    });
}

void add_calendar_is_working_day_command(CLI::App& parent, Context& context) {
    struct Options {
        std::string db, date;
    };
    auto o = std::make_shared<Options>();
    CLI::App* cmd = parent.add_subcommand("is-working-day", "Exit 0 when DATE is a working day, 1 when it is not, 3 when the calendar "
                                                               "does not cover it");
    add_db(cmd, o->db);
    cmd->add_option("date", o->date, "YYYY-MM-DD")->required();
    cmd->callback([o, &context] {
        const WorkingCalendar calendar = installed_calendar(open_read_only(context, o->db));
        const Date d = Date::parse_or_throw(o->date, "DATE");
        const bool working = calendar.is_working_day(d);
        std::cout << fmt::format("{} is {}: {}\n", d.iso(), working ? "a working day" : "not a working day", describe_day(calendar, d));
        context.exit_code = working ? kExitOk : kExitNegative;
    });
}

} // namespace

void add_calendar_command(CLI::App& app, Context& context) {
    CLI::App* group = app.add_subcommand("calendar", "Load, show and ask the working-day calendar (official days off and 调休 working days)");
    group->require_subcommand(1);
    add_calendar_load_command(*group, context);
    add_calendar_show_command(*group, context);
    add_calendar_workdays_command(*group, context);
    add_calendar_is_working_day_command(*group, context);
}

} // namespace credcheck::cli
