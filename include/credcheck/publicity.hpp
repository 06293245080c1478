// credcheck/publicity.hpp — 双公示 time rules as versioned data (data/publicity_rules.json): by when a
// licence or penalty decision must be published, and for a penalty how long it stays published
// (publicity end) and when the subject may first apply for credit repair, under the regime in force
// on the decision date.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(engine)

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credcheck/calendar.hpp"
#include "credcheck/date.hpp"
#include "credcheck/model.hpp"

namespace credcheck {

/// "Publish a decision of this kind within N working days", for departments whose name contains one
/// of the keywords (no keywords: every department). Rules are tried in file order; the first match wins.
struct DeadlineRule {
    std::string id;                            // "penalty.market_regulation"
    RecordKind kind = RecordKind::penalty;
    std::vector<std::string> department_keywords;
    int working_days = 7;
    std::string basis;

    bool matches(RecordKind record_kind, std::string_view department_name) const noexcept;
};

/// How long a penalty of one severity stays published under a regime.
struct PublicityPeriod {
    bool published = true; // false: not published as a rule (minor dishonesty under 36号)
    int min_months = 0;    // earliest repair; 0: as soon as the obligations are fulfilled
    int max_months = 0;    // publicity end; when not published, the longest a department may still show it
};

/// The publicity periods in force for decisions from `from` until the next regime starts.
struct PublicityRegime {
    std::string name; // 国家发展改革委令第58号
    Date from = Date::from_days(0);
    std::array<PublicityPeriod, 3> periods; // indexed by Severity: minor, general, serious
    std::string basis;

    const PublicityPeriod& period(Severity s) const noexcept { return periods[static_cast<std::size_t>(s)]; }
};

/// How long a list entry must have stood before it may be repaired (removed early), for the lists named
/// (no lists: every list). periods.md: most sector black lists run 3 years, early removal possible
/// after one; a court list ends when the judgment is performed.
struct ListRepairRule {
    std::vector<std::string> lists;
    int min_months = 12;
    std::string basis;
};

struct PublicityRules {
    std::string version;
    std::vector<DeadlineRule> deadlines;   // first match wins
    std::vector<PublicityRegime> regimes;  // ascending by `from`
    std::vector<ListRepairRule> list_repairs; // first match wins

    /// The first list-repair rule naming `list_code` (or naming no list), or nullptr.
    const ListRepairRule* list_repair_rule(std::string_view list_code) const noexcept;

    /// The first deadline rule matching, or nullptr.
    const DeadlineRule* deadline_rule(RecordKind kind, std::string_view department_name) const noexcept;
    /// The regime in force for a decision on `decided_on`, or nullptr before the first regime.
    const PublicityRegime* regime_on(Date decided_on) const noexcept;
};

/// Parses and validates the format of data/publicity_rules.json. Throws Error(invalid_argument)
/// "SOURCE: PATH: …" naming the offending JSON path (`regimes[1].periods.serious.max_months`) for
/// malformed JSON, a missing or mistyped field, an unknown key, an unknown record kind or severity,
/// a regime without all three severities, min > max, or regimes not in ascending date order.
PublicityRules parse_publicity_rules(std::string_view json, std::string_view source_name);

/// The rules built into the library (data/publicity_rules.json). Parsed on each call: keep the value.
PublicityRules default_publicity_rules();

/// What the rules say about one decision. Whatever is absent, `note` says why.
struct PublicityTerms {
    std::optional<Date> publication_deadline; // absent: no rule for the kind, or the calendar does not cover the count
    std::string deadline_rule;                // id and basis of the deadline rule applied
    bool published = true;                    // false: not published as a rule (minor under 36号)
    /// Penalties only. When `published` is false, publicity_end is the latest day the decision may
    /// still be shown if its department publishes it anyway (36号: at most 3 months).
    std::optional<WorkingCalendar::PeriodEnd> publicity_end;
    /// Penalties only: the earliest day the subject may apply for credit repair (the minimum period
    /// has passed); the decision day itself when the regime sets no minimum.
    std::optional<WorkingCalendar::PeriodEnd> earliest_repair;
    std::string regime; // name of the regime applied; empty when none applies
    std::string note;   // why something is absent ("; "-separated when several things are)
};

/// The terms for a decision of `kind` decided on `decided_on` by `department_name`. `severity` is the
/// most serious of the decision's penalty types (computed at import); ignored for licences. The
/// publication deadline is rules.deadline_rule(...)->working_days working days after the decision;
/// for a penalty, publicity_end = period_end(decided_on, max) and earliest_repair =
/// period_end(decided_on, min) under the regime in force on decided_on. A penalty without a
/// severity gets no periods (note says so) rather than a guessed one. Never throws for a date the
/// calendar does not cover: the deadline is then absent and period ends are provisional.
PublicityTerms publicity_terms(const PublicityRules& rules, const WorkingCalendar& calendar, RecordKind kind,
                               Date decided_on, std::optional<Severity> severity, std::string_view department_name);

} // namespace credcheck
