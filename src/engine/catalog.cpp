#include "credcheck/catalog.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <algorithm>
#include <array>
#include <cstdint>
#include <set>

#include "credcheck/audit.hpp"
#include "credcheck/calendar.hpp"
#include "credcheck/error.hpp"
#include "security/permissions.hpp"
#include "store/catalog_tables.hpp"
#include "store/database_impl.hpp"
#include "util/embedded.hpp"
#include "util/digest.hpp"

namespace credcheck {

namespace {

using Json = nlohmann::json;

[[noreturn]] void invalid(std::string_view source, const std::string& what) {
    throw Error(Status::catalog_invalid, fmt::format("catalog {}: {}", source, what));
}

std::string string_field(const Json& object, const char* key, std::string_view where, std::string_view source) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string() || it->get_ref<const std::string&>().empty())
        invalid(source, fmt::format("{} needs a non-empty string \"{}\"", where, key));
    return it->get<std::string>();
}

const Json& array_field(const Json& object, const char* key, std::string_view source) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_array()) invalid(source, fmt::format("needs an array \"{}\"", key));
    return *it;
}

/// An optional string or boolean field: absent gives "" or false, the wrong type is invalid (Json::value()
/// would throw nlohmann's type_error instead of Error(catalog_invalid)).
std::string optional_string(const Json& object, const char* key, std::string_view where, std::string_view source) {
    const auto it = object.find(key);
    if (it == object.end()) return {};
    if (!it->is_string()) invalid(source, fmt::format("{}: \"{}\" must be a string", where, key));
    return it->get<std::string>();
}

bool optional_bool(const Json& object, const char* key, std::string_view where, std::string_view source) {
    const auto it = object.find(key);
    if (it == object.end()) return false;
    if (!it->is_boolean()) invalid(source, fmt::format("{}: \"{}\" must be true or false", where, key));
    return it->get<bool>();
}

void check_unique(std::set<std::string>& seen, const std::string& code, std::string_view what, std::string_view source) {
    if (!seen.insert(code).second) invalid(source, fmt::format("{} code '{}' appears twice", what, code));
}

std::vector<std::string> string_array(const Json& object, const char* key, std::string_view where, std::string_view source,
                                      bool required) {
    std::vector<std::string> out;
    const auto it = object.find(key);
    if (it == object.end()) {
        if (required) invalid(source, fmt::format("{} needs an array \"{}\"", where, key));
        return out;
    }
    if (!it->is_array()) invalid(source, fmt::format("{}: \"{}\" must be an array of strings", where, key));
    for (const Json& v : *it) {
        if (!v.is_string()) invalid(source, fmt::format("{}: \"{}\" must be an array of strings", where, key));
        out.push_back(v.get<std::string>());
    }
    if (required && out.empty()) invalid(source, fmt::format("{}: \"{}\" must not be empty", where, key));
    return out;
}

Measure parse_measure(const Json& j, const Catalog& c, std::string_view source) {
    Measure m;
    m.code = string_field(j, "code", fmt::format("measure #{}", c.measures.size() + 1), source);
    const std::string where = fmt::format("measure '{}'", m.code);
    m.name = string_field(j, "name", where, source);
    const std::string effect = string_field(j, "effect", where, source);
    static constexpr std::array<std::string_view, 4> kEffects = {"prohibit", "restrict", "scrutinize", "incentive"};
    const auto e = std::find(kEffects.begin(), kEffects.end(), effect);
    if (e == kEffects.end()) invalid(source, fmt::format("{}: effect '{}' is not prohibit, restrict, scrutinize or incentive", where, effect));
    m.effect = static_cast<Effect>(e - kEffects.begin());
    for (const std::string& t : string_array(j, "targets", where, source, true)) {
        if (t == "E") m.targets.entity = true;
        else if (t == "LR") m.targets.legal_representative = true;
        else if (t == "PR") m.targets.principal = true;
        else if (t == "NP") m.targets.natural_person = true;
        else invalid(source, fmt::format("{}: target '{}' is not E, LR, PR or NP", where, t));
    }
    m.scenarios = string_array(j, "scenarios", where, source, true);
    for (const auto& s : m.scenarios)
        if (!c.find_scenario(s)) invalid(source, fmt::format("{}: unknown scenario '{}'", where, s));
    m.implementing = optional_string(j, "implementing", where, source);
    const auto basis = j.find("legal_basis");
    if (basis != j.end() && basis->is_string()) m.legal_basis = basis->get<std::string>();
    if (!m.is_incentive() && m.legal_basis.empty())
        invalid(source, fmt::format("{}: a punishment measure needs a legal basis (\"legal_basis\")", where));
    m.basis_verified = optional_bool(j, "basis_verified", where, source);
    m.green_channel = optional_bool(j, "green_channel", where, source);
    if (m.green_channel && !m.is_incentive()) invalid(source, fmt::format("{}: only an incentive can be the green channel", where));
    const auto triggers = j.find("triggers");
    if (triggers == j.end() || !triggers->is_object()) invalid(source, fmt::format("{} needs an object \"triggers\"", where));
    for (const std::string& colour : string_array(*triggers, "colours", where, source, false)) {
        const auto parsed = parse_enum<ListColour>(colour);
        if (!parsed) invalid(source, fmt::format("{}: trigger colour '{}' is not one of {}", where, colour, enum_names<ListColour>()));
        m.trigger_colours.push_back(*parsed);
    }
    m.trigger_lists = string_array(*triggers, "lists", where, source, false);
    for (const std::string& rule : string_array(*triggers, "rules", where, source, false)) {
        if (rule != "three_clean_years") invalid(source, fmt::format("{}: unknown rule '{}' (known: three_clean_years)", where, rule));
        m.three_clean_years = true;
    }
    if (m.trigger_colours.empty() && m.trigger_lists.empty() && !m.three_clean_years)
        invalid(source, fmt::format("{}: nothing triggers it (give \"colours\", \"lists\" or \"rules\")", where));
    if (m.three_clean_years && !m.is_incentive()) invalid(source, fmt::format("{}: the three_clean_years rule only grants incentives", where));
    const auto check_colour = [&](ListColour colour, const std::string& what) {
        if (m.is_incentive() && colour != ListColour::red)
            invalid(source, fmt::format("{}: an incentive triggered by {} ({} list)", where, what, to_string(colour)));
        if (!m.is_incentive() && colour == ListColour::red)
            invalid(source, fmt::format("{}: a punishment measure triggered by {} (a red list)", where, what));
    };
    for (ListColour colour : m.trigger_colours) check_colour(colour, fmt::format("every {} list", to_string(colour)));
    for (const auto& code : m.trigger_lists) {
        const ListDefinition* list = c.find_list(code);
        if (!list) invalid(source, fmt::format("{}: unknown list '{}'", where, code));
        check_colour(list->colour, fmt::format("list '{}'", code));
    }
    return m;
}

void parse_rules(const Json& root, Catalog& c, std::string_view source) {
    const auto rules = root.find("rules");
    if (rules == root.end()) return;
    if (const auto people = rules->find("people_of_candidates"); people != rules->end()) {
        c.people_of_candidates_scenarios = string_array(*people, "scenarios", "rules.people_of_candidates", source, false);
        for (const auto& s : c.people_of_candidates_scenarios)
            if (!c.find_scenario(s)) invalid(source, fmt::format("rules.people_of_candidates: unknown scenario '{}'", s));
    }
    const auto clean = rules->find("three_clean_years");
    if (clean == rules->end()) return;
    if (!clean->is_object()) invalid(source, "rules.three_clean_years must be an object");
    // Range-checked before the conversion: Json::value<int>() of 1e300 is undefined behaviour.
    if (const auto years = clean->find("years"); years != clean->end()) {
        if (!years->is_number_integer() || years->get<std::int64_t>() < 1 || years->get<std::int64_t>() > 10)
            invalid(source, "rules.three_clean_years.years must be 1 to 10");
        c.clean_years.years = years->get<int>();
    }
    c.clean_years.adverse_penalty_severities.clear();
    for (const auto& s : string_array(*clean, "adverse_penalty_severities", "rules.three_clean_years", source, false)) {
        const auto severity = parse_enum<Severity>(s);
        if (!severity) invalid(source, fmt::format("rules.three_clean_years: severity '{}' is not one of {}", s, enum_names<Severity>()));
        c.clean_years.adverse_penalty_severities.push_back(*severity);
    }
    c.clean_years.adverse_record_kinds.clear();
    for (const auto& k : string_array(*clean, "adverse_record_kinds", "rules.three_clean_years", source, false)) {
        const auto kind = parse_enum<RecordKind>(k);
        if (!kind) invalid(source, fmt::format("rules.three_clean_years: record kind '{}' is not one of {}", k, enum_names<RecordKind>()));
        c.clean_years.adverse_record_kinds.push_back(*kind);
    }
}

} // namespace

std::string_view to_string(Effect e) noexcept {
    static constexpr std::array<std::string_view, 4> kNames = {"prohibit", "restrict", "scrutinize", "incentive"};
    return kNames[static_cast<std::size_t>(e)];
}

bool Measure::triggered_by(const ListDefinition& list) const noexcept {
    return std::find(trigger_colours.begin(), trigger_colours.end(), list.colour) != trigger_colours.end() ||
           std::find(trigger_lists.begin(), trigger_lists.end(), list.code) != trigger_lists.end();
}

bool Measure::applies_in(std::string_view scenario) const noexcept {
    return std::find(scenarios.begin(), scenarios.end(), scenario) != scenarios.end();
}

const ListDefinition* Catalog::find_list(std::string_view code) const noexcept {
    for (const auto& l : lists)
        if (l.code == code) return &l;
    return nullptr;
}

const Scenario* Catalog::find_scenario(std::string_view code) const noexcept {
    for (const auto& s : scenarios)
        if (s.code == code) return &s;
    return nullptr;
}

Catalog parse_catalog(std::string_view text, std::string_view source) {
    Json root;
    try {
        root = Json::parse(text);
    } catch (const Json::exception& e) { // parse_error, and out_of_range for a number too large for a double
        invalid(source, fmt::format("not valid JSON: {}", e.what()));
    }
    if (!root.is_object()) invalid(source, "the top level must be an object");
    Catalog c;
    c.json = std::string(text);
    c.sha256 = sha256_hex(text);
    c.version = string_field(root, "version", "the catalog", source);
    c.title = string_field(root, "title", "the catalog", source);

    std::set<std::string> seen;
    for (const Json& s : array_field(root, "scenarios", source)) {
        const std::string where = fmt::format("scenario #{}", c.scenarios.size() + 1);
        Scenario scenario{string_field(s, "code", where, source), string_field(s, "name", where, source)};
        check_unique(seen, scenario.code, "scenario", source);
        c.scenarios.push_back(std::move(scenario));
    }
    seen.clear();
    for (const Json& l : array_field(root, "lists", source)) {
        const std::string where = fmt::format("list #{}", c.lists.size() + 1);
        ListDefinition list;
        list.code = string_field(l, "code", where, source);
        list.name = string_field(l, "name", where, source);
        const std::string colour = string_field(l, "colour", where, source);
        const auto parsed = parse_enum<ListColour>(colour);
        if (!parsed) invalid(source, fmt::format("list '{}': colour '{}' is not one of {}", list.code, colour, enum_names<ListColour>()));
        list.colour = *parsed;
        list.authority = string_field(l, "authority", where, source);
        list.default_term = string_field(l, "default_term", where, source);
        check_unique(seen, list.code, "list", source);
        c.lists.push_back(std::move(list));
    }
    seen.clear();
    const auto measures = root.find("measures");
    if (measures != root.end()) {
        if (!measures->is_array()) invalid(source, "\"measures\" must be an array");
        for (const Json& m : *measures) {
            Measure measure = parse_measure(m, c, source);
            check_unique(seen, measure.code, "measure", source);
            c.measures.push_back(std::move(measure));
        }
    }
    parse_rules(root, c, source);
    return c;
}

Catalog default_catalog() { return parse_catalog(embedded::catalog_json, "data/catalog.json (built in)"); }

void install_catalog(Database& db, const Catalog& catalog, std::string_view actor) {
    security::require_credit_office(db, "install a catalog");
    db.impl().write([&](sql::Connection& c) { store::write_catalog(c, catalog, actor, db.principal()); });
}

Catalog installed_catalog(const Database& db) {
    const auto text = store::read_catalog_json(*db.impl().read());
    if (!text) throw Error(Status::not_found, fmt::format("{} has no catalog: load one with `credcheck catalog load`", db.path().string()));
    return parse_catalog(*text, "installed");
}

Database init_database(const std::filesystem::path& path, const InitOptions& options) {
    if (options.audit_hash != "sm3" && options.audit_hash != "sha256")
        throw Error(Status::invalid_argument, fmt::format("audit hash '{}' is not sm3 or sha256", options.audit_hash));
    Database db = Database::create(path);
    set_audit_algorithm(db, options.audit_hash);
    install_catalog(db, default_catalog(), "credcheck init");
    load_calendar(db, parse_calendar(default_calendar_tsv(), "data/cn_holidays.tsv"), "data/cn_holidays.tsv (built in)");
    return db;
}

} // namespace credcheck
