#include "credcheck/publicity.hpp"

#include <algorithm>
#include <cstdint>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <set>

#include "credcheck/error.hpp"

namespace credcheck {

namespace embedded {
extern const std::string_view publicity_rules_json;
} // namespace embedded

namespace {

using Json = nlohmann::json;

/// Reads one JSON document, naming the path of whatever is wrong in it.
class Reader {
public:
    explicit Reader(std::string_view source) : source_(source) {}

    [[noreturn]] void fail(const std::string& path, const std::string& what) const {
        throw Error(Status::invalid_argument, fmt::format("{}: {}: {}", source_, path.empty() ? "(top level)" : path, what));
    }

    const Json& object(const Json& parent, const std::string& path) const {
        if (!parent.is_object()) fail(path, "must be an object");
        return parent;
    }

    /// Refuses keys other than `allowed` (and "about", the comment key), so a misspelt key is an error
    /// instead of a silently ignored rule.
    void only_keys(const Json& obj, const std::string& path, std::initializer_list<std::string_view> allowed) const {
        for (const auto& [key, value] : obj.items()) {
            if (key == "about") {
                const bool text = value.is_string() ||
                                  (value.is_array() && std::all_of(value.begin(), value.end(), [](const Json& v) { return v.is_string(); }));
                if (!text) fail(join(path, key), "must be a string or an array of strings");
                continue;
            }
            if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
                std::string names;
                for (std::string_view a : allowed) names += fmt::format("{}{}", names.empty() ? "" : ", ", a);
                fail(join(path, key), fmt::format("unknown key (known: {}, about)", names));
            }
        }
    }

    const Json& member(const Json& obj, const std::string& path, const char* key) const {
        const auto it = obj.find(key);
        if (it == obj.end()) fail(join(path, key), "is missing");
        return *it;
    }

    std::string string(const Json& obj, const std::string& path, const char* key) const {
        const Json& v = member(obj, path, key);
        if (!v.is_string() || v.get_ref<const std::string&>().empty()) fail(join(path, key), "must be a non-empty string");
        return v.get<std::string>();
    }

    int integer(const Json& obj, const std::string& path, const char* key, int min, int max) const {
        const Json& v = member(obj, path, key);
        if (!v.is_number_integer()) fail(join(path, key), "must be a whole number");
        const auto n = v.get<std::int64_t>();
        if (n < min || n > max) fail(join(path, key), fmt::format("{} is outside {}–{}", n, min, max));
        return static_cast<int>(n);
    }

    const Json& array(const Json& obj, const std::string& path, const char* key) const {
        const Json& v = member(obj, path, key);
        if (!v.is_array()) fail(join(path, key), "must be an array");
        return v;
    }

    static std::string join(const std::string& path, std::string_view key) {
        return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
    }
    static std::string index(const std::string& path, std::size_t i) { return fmt::format("{}[{}]", path, i); }

private:
    std::string_view source_;
};

constexpr int kMaxWorkingDays = 366;
constexpr int kMaxMonths = 12 * 100;

DeadlineRule parse_deadline(const Reader& r, const Json& j, const std::string& path) {
    r.object(j, path);
    r.only_keys(j, path, {"id", "record_kind", "department_keywords", "working_days", "basis"});
    DeadlineRule rule;
    rule.id = r.string(j, path, "id");
    const std::string kind = r.string(j, path, "record_kind");
    const auto parsed = parse_enum<RecordKind>(kind);
    if (!parsed) r.fail(Reader::join(path, "record_kind"), fmt::format("'{}' is not one of {}", kind, enum_names<RecordKind>()));
    rule.kind = *parsed;
    if (j.contains("department_keywords")) {
        const std::string kpath = Reader::join(path, "department_keywords");
        const Json& keywords = r.array(j, path, "department_keywords");
        if (keywords.empty()) r.fail(kpath, "must not be empty (leave the key out to match every department)");
        for (std::size_t i = 0; i < keywords.size(); ++i) {
            if (!keywords[i].is_string() || keywords[i].get_ref<const std::string&>().empty())
                r.fail(Reader::index(kpath, i), "must be a non-empty string");
            rule.department_keywords.push_back(keywords[i].get<std::string>());
        }
    }
    rule.working_days = r.integer(j, path, "working_days", 1, kMaxWorkingDays);
    rule.basis = r.string(j, path, "basis");
    return rule;
}

PublicityPeriod parse_period(const Reader& r, const Json& j, const std::string& path) {
    r.object(j, path);
    r.only_keys(j, path, {"published", "min_months", "max_months"});
    PublicityPeriod p;
    if (j.contains("published")) {
        if (!j["published"].is_boolean()) r.fail(Reader::join(path, "published"), "must be true or false");
        p.published = j["published"].get<bool>();
    }
    p.max_months = r.integer(j, path, "max_months", 1, kMaxMonths);
    p.min_months = r.integer(j, path, "min_months", 0, kMaxMonths);
    if (p.min_months > p.max_months)
        r.fail(Reader::join(path, "min_months"), fmt::format("{} is more than max_months ({})", p.min_months, p.max_months));
    return p;
}

PublicityRegime parse_regime(const Reader& r, const Json& j, const std::string& path) {
    r.object(j, path);
    r.only_keys(j, path, {"name", "from", "basis", "periods"});
    PublicityRegime regime;
    regime.name = r.string(j, path, "name");
    const std::string from = r.string(j, path, "from");
    const std::optional<Date> date = Date::parse(from);
    if (!date || date->iso() != from) r.fail(Reader::join(path, "from"), fmt::format("'{}' is not a date spelt YYYY-MM-DD", from));
    regime.from = *date;
    regime.basis = r.string(j, path, "basis");
    const std::string ppath = Reader::join(path, "periods");
    const Json& periods = r.object(r.member(j, path, "periods"), ppath);
    r.only_keys(periods, ppath, {"minor", "general", "serious"});
    for (const Severity s : {Severity::minor, Severity::general, Severity::serious}) {
        const std::string name(to_string(s));
        regime.periods[static_cast<std::size_t>(s)] = parse_period(r, r.member(periods, ppath, name.c_str()), Reader::join(ppath, name));
    }
    return regime;
}

ListRepairRule parse_list_repair(const Reader& r, const Json& j, const std::string& path) {
    r.object(j, path);
    r.only_keys(j, path, {"lists", "min_months", "basis"});
    ListRepairRule rule;
    if (j.contains("lists")) {
        const std::string lpath = Reader::join(path, "lists");
        const Json& lists = r.array(j, path, "lists");
        if (lists.empty()) r.fail(lpath, "must not be empty (leave the key out to match every list)");
        for (std::size_t i = 0; i < lists.size(); ++i) {
            if (!lists[i].is_string() || lists[i].get_ref<const std::string&>().empty()) r.fail(Reader::index(lpath, i), "must be a list code");
            rule.lists.push_back(lists[i].get<std::string>());
        }
    }
    rule.min_months = r.integer(j, path, "min_months", 0, kMaxMonths);
    rule.basis = r.string(j, path, "basis");
    return rule;
}

} // namespace

const ListRepairRule* PublicityRules::list_repair_rule(std::string_view list_code) const noexcept {
    const auto it = std::find_if(list_repairs.begin(), list_repairs.end(), [&](const ListRepairRule& r) {
        return r.lists.empty() || std::find(r.lists.begin(), r.lists.end(), list_code) != r.lists.end();
    });
    return it == list_repairs.end() ? nullptr : &*it;
}

bool DeadlineRule::matches(RecordKind record_kind, std::string_view department_name) const noexcept {
    if (record_kind != kind) return false;
    if (department_keywords.empty()) return true;
    return std::any_of(department_keywords.begin(), department_keywords.end(),
                       [&](const std::string& k) { return department_name.find(k) != std::string_view::npos; });
}

const DeadlineRule* PublicityRules::deadline_rule(RecordKind kind, std::string_view department_name) const noexcept {
    const auto it = std::find_if(deadlines.begin(), deadlines.end(), [&](const DeadlineRule& r) { return r.matches(kind, department_name); });
    return it == deadlines.end() ? nullptr : &*it;
}

const PublicityRegime* PublicityRules::regime_on(Date decided_on) const noexcept {
    // Regimes ascend by `from`: the one in force is the last that started on or before the decision.
    const auto it = std::upper_bound(regimes.begin(), regimes.end(), decided_on,
                                     [](Date d, const PublicityRegime& r) { return d < r.from; });
    return it == regimes.begin() ? nullptr : &*(it - 1);
}

PublicityRules parse_publicity_rules(std::string_view json, std::string_view source_name) {
    const Reader r(source_name);
    Json root;
    try {
        root = Json::parse(json.begin(), json.end());
    } catch (const Json::exception& e) { // parse_error, and out_of_range for a number too large
        throw Error(Status::invalid_argument, fmt::format("{}: not valid JSON: {}", source_name, e.what()));
    }
    r.object(root, "");
    r.only_keys(root, "", {"version", "deadlines", "regimes", "list_repairs"});
    PublicityRules rules;
    rules.version = r.string(root, "", "version");

    const Json& deadlines = r.array(root, "", "deadlines");
    std::set<std::string> ids;
    for (std::size_t i = 0; i < deadlines.size(); ++i) {
        const std::string path = Reader::index("deadlines", i);
        DeadlineRule rule = parse_deadline(r, deadlines[i], path);
        if (!ids.insert(rule.id).second) r.fail(Reader::join(path, "id"), fmt::format("'{}' is used twice", rule.id));
        rules.deadlines.push_back(std::move(rule));
    }

    const Json& regimes = r.array(root, "", "regimes");
    for (std::size_t i = 0; i < regimes.size(); ++i) {
        const std::string path = Reader::index("regimes", i);
        PublicityRegime regime = parse_regime(r, regimes[i], path);
        if (!rules.regimes.empty() && regime.from <= rules.regimes.back().from)
            r.fail(Reader::join(path, "from"), fmt::format("{} is not after the previous regime's {} (list regimes in date order)",
                                                          regime.from.iso(), rules.regimes.back().from.iso()));
        rules.regimes.push_back(std::move(regime));
    }

    if (root.contains("list_repairs")) {
        const Json& repairs = r.array(root, "", "list_repairs");
        for (std::size_t i = 0; i < repairs.size(); ++i) rules.list_repairs.push_back(parse_list_repair(r, repairs[i], Reader::index("list_repairs", i)));
    }
    return rules;
}

PublicityRules default_publicity_rules() {
    return parse_publicity_rules(embedded::publicity_rules_json, "data/publicity_rules.json (built in)");
}

PublicityTerms publicity_terms(const PublicityRules& rules, const WorkingCalendar& calendar, RecordKind kind, Date decided_on,
                               std::optional<Severity> severity, std::string_view department_name) {
    PublicityTerms t;
    std::vector<std::string> notes;

    if (kind == RecordKind::penalty) {
        const PublicityRegime* regime = rules.regime_on(decided_on);
        if (!regime) {
            notes.push_back(rules.regimes.empty()
                                ? std::string("no publicity period: the rules define no regime")
                                : fmt::format("no publicity period: decided before the first regime ({}, from {})",
                                              rules.regimes.front().name, rules.regimes.front().from.iso()));
        } else if (!severity) {
            t.regime = regime->name;
            notes.push_back("no publicity period: the penalty has no severity");
        } else {
            t.regime = regime->name;
            const PublicityPeriod& p = regime->period(*severity);
            t.published = p.published;
            t.publicity_end = calendar.period_end(decided_on, p.max_months);
            t.earliest_repair = calendar.period_end(decided_on, p.min_months);
            if (!p.published)
                notes.push_back(fmt::format("not published: {} penalties are not published under {}; one published anyway "
                                            "comes down after at most {} months",
                                            to_string(*severity), regime->name, p.max_months));
            const auto provisional = [&](const char* what, const WorkingCalendar::PeriodEnd& e) {
                if (e.provisional)
                    notes.push_back(fmt::format("{} {} is provisional: the working-day calendar does not cover it", what, e.date.iso()));
            };
            provisional("publicity end", *t.publicity_end);
            provisional("earliest repair", *t.earliest_repair);
        }
    }

    // A decision that is not published has nothing to publish by: no deadline, so it is never overdue.
    if (t.published) {
        if (const DeadlineRule* rule = rules.deadline_rule(kind, department_name)) {
            t.deadline_rule = fmt::format("{}: {} working days ({})", rule->id, rule->working_days, rule->basis);
            try {
                t.publication_deadline = calendar.add_working_days(decided_on, rule->working_days);
            } catch (const Error& e) {
                if (e.status() != Status::calendar_not_covered) throw;
                notes.insert(notes.begin(), fmt::format("no publication deadline: {}", e.what()));
            }
        } else {
            notes.insert(notes.begin(), fmt::format("no publication deadline: no rule for a {} decision", to_string(kind)));
        }
    }
    t.note = fmt::format("{}", fmt::join(notes, "; "));
    return t;
}

} // namespace credcheck
