#include "credcheck/catalog.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <algorithm>
#include <array>
#include <cstdint>
#include <set>

#include "credcheck/error.hpp"
#include "security/permissions.hpp"
#include "engine/measure_triggers.hpp"
#include "store/catalog_tables.hpp"
#include "store/open_file.hpp"
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
        else if (t == "DR" && c.format >= 2) m.targets.directly_responsible = true;
        else if (t == "OL" && c.format >= 2) m.targets.organization_of_listed = true;
        else invalid(source, fmt::format("{}: target '{}' is not {}", where, t, c.format >= 2 ? "E, NP, LR, PR, DR or OL" : "E, LR, PR or NP"));
    }
    if (c.format == 1) {
        // Format 1 reached a person recorded on an entry through PR, and an organisation through its
        // listed people through NP in the candidates' scenarios: the same reach, spelled out.
        m.targets.directly_responsible = m.targets.principal;
        m.targets.organization_of_listed = m.targets.natural_person && m.effect != Effect::incentive;
    }
    m.scenarios = string_array(j, "scenarios", where, source, true);
    for (const auto& s : m.scenarios)
        if (!c.find_scenario(s)) invalid(source, fmt::format("{}: unknown scenario '{}'", where, s));
    m.implementing = optional_string(j, "implementing", where, source);
    if (c.format == 1) {
        const auto basis = j.find("legal_basis");
        if (basis != j.end() && basis->is_string()) m.legal_basis = basis->get<std::string>();
        if (!m.is_incentive() && m.legal_basis.empty())
            invalid(source, fmt::format("{}: a punishment measure needs a legal basis (\"legal_basis\")", where));
        m.basis_verified = optional_bool(j, "basis_verified", where, source);
    } else {
        if (j.contains("legal_basis") || j.contains("basis_verified"))
            invalid(source, fmt::format("{}: format 2 gives \"bases\" (ids of the catalog's bases), not a free-text \"legal_basis\"", where));
        for (const std::string& id : string_array(j, "bases", where, source, true)) {
            const auto found = std::find_if(c.bases.begin(), c.bases.end(), [&](const LegalBasis& b) { return b.id == id; });
            if (found == c.bases.end()) invalid(source, fmt::format("{}: unknown basis '{}'", where, id));
            m.bases.push_back(static_cast<std::size_t>(found - c.bases.begin()));
        }
        m.withholds_benefit = optional_bool(j, "withholds_benefit", where, source);
        m.basis_verified = true;
        for (std::size_t b : m.bases) {
            m.legal_basis += (m.legal_basis.empty() ? "" : "; ") + c.bases[b].citation();
            m.basis_verified = m.basis_verified && c.bases[b].verified;
        }
    }
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

constexpr std::array<std::string_view, 8> kLevels = {"law", "administrative_regulation", "judicial_interpretation", "central_policy",
                                                      "departmental_rule", "local_regulation", "local_normative", "memorandum"};
constexpr std::array<std::string_view, 6> kPersons = {"subject", "legal_representative", "principal", "directly_responsible",
                                                       "actual_controller", "organization_of_listed_person"};

template <std::size_t N> std::string joined(const std::array<std::string_view, N>& names) {
    std::string out;
    for (auto n : names) out += (out.empty() ? "" : ", ") + std::string(n);
    return out;
}

std::optional<Date> optional_date(const Json& object, const char* key, std::string_view where, std::string_view source) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return std::nullopt;
    const auto d = it->is_string() ? Date::parse(it->get_ref<const std::string&>()) : std::nullopt;
    if (!d || d->iso() != it->get<std::string>()) invalid(source, fmt::format("{}: \"{}\" must be a date YYYY-MM-DD or null", where, key));
    return d;
}

LegalBasis parse_basis(const Json& j, const Catalog& c, std::string_view source) {
    if (!j.is_object()) invalid(source, fmt::format("basis #{} must be an object", c.bases.size() + 1));
    LegalBasis b;
    b.id = string_field(j, "id", fmt::format("basis #{}", c.bases.size() + 1), source);
    const std::string where = fmt::format("basis '{}'", b.id);
    b.title = string_field(j, "title", where, source);
    if (const auto n = j.find("number"); n != j.end() && !n->is_null()) {
        if (!n->is_string()) invalid(source, fmt::format("{}: \"number\" must be a string or null", where));
        b.number = n->get<std::string>();
    }
    b.article = optional_string(j, "article", where, source);
    const std::string level = string_field(j, "level", where, source);
    const auto l = std::find(kLevels.begin(), kLevels.end(), level);
    if (l == kLevels.end()) invalid(source, fmt::format("{}: level '{}' is not one of {}", where, level, joined(kLevels)));
    b.level = static_cast<BasisLevel>(l - kLevels.begin());
    b.in_force_from = optional_date(j, "in_force_from", where, source);
    b.in_force_to = optional_date(j, "in_force_to", where, source);
    if (b.in_force_from && b.in_force_to && *b.in_force_to <= *b.in_force_from)
        invalid(source, fmt::format("{}: in force to {} is not after in force from {}", where, b.in_force_to->iso(), b.in_force_from->iso()));
    b.excerpt = optional_string(j, "excerpt", where, source);
    for (const std::string& list : string_array(j, "lists", where, source, true)) {
        if (list == "any") b.any_list = true;
        else if (!c.find_list(list)) invalid(source, fmt::format("{}: unknown list '{}'", where, list));
        else b.lists.push_back(list);
    }
    for (const std::string& person : string_array(j, "persons", where, source, true)) {
        const auto p = std::find(kPersons.begin(), kPersons.end(), person);
        if (p == kPersons.end()) invalid(source, fmt::format("{}: person '{}' is not one of {}", where, person, joined(kPersons)));
        b.persons.push_back(static_cast<PersonReached>(p - kPersons.begin()));
    }
    b.source = optional_string(j, "source", where, source);
    b.verified = optional_bool(j, "verified", where, source);
    if (b.verified && b.source.empty())
        invalid(source, fmt::format("{}: verified without a source: say where the text was read (\"source\")", where));
    return b;
}

/// The rule of 国办发〔2020〕49号, for every list that triggers a measure and every person it reaches.
void check_bases(const Catalog& c, const Measure& m, std::string_view source) {
    const bool restricts = (m.effect == Effect::prohibit || m.effect == Effect::restrict) && !m.withholds_benefit;
    for (const ListDefinition* list : c.triggers_of(m)) {
        for (PersonReached person : persons_reached(m)) {
            bool any = false, strong = false;
            for (std::size_t i : m.bases) {
                if (!c.bases[i].covers(list->code, person)) continue;
                any = true;
                strong = strong || (may_restrict_rights(c.bases[i].level) && !c.bases[i].source.empty());
            }
            if (!any)
                invalid(source, fmt::format("measure '{}': no basis covers list {} for person {} (its bases do not name that list or "
                                            "do not reach that person)",
                                            m.code, list->code, to_string(person)));
            if (restricts && !strong)
                invalid(source, fmt::format("measure '{}' ({}) triggered by {} for person {}: no basis at the level of law, administrative "
                                            "regulation, judicial interpretation or central policy document, with the source it was read in, covers it "
                                            "(国办发〔2020〕49号); a memorandum or a local document cannot create a measure that restricts rights",
                                            m.code, to_string(m.effect), list->code, to_string(person)));
        }
    }
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

std::string_view to_string(BasisLevel l) noexcept { return kLevels[static_cast<std::size_t>(l)]; }
std::string_view to_string(PersonReached p) noexcept { return kPersons[static_cast<std::size_t>(p)]; }

bool may_restrict_rights(BasisLevel l) noexcept {
    return l == BasisLevel::law || l == BasisLevel::administrative_regulation || l == BasisLevel::judicial_interpretation ||
           l == BasisLevel::central_policy;
}

bool LegalBasis::covers(std::string_view list, PersonReached person) const noexcept {
    const bool list_ok = any_list || std::find(lists.begin(), lists.end(), list) != lists.end();
    return list_ok && std::find(persons.begin(), persons.end(), person) != persons.end();
}

std::string LegalBasis::citation() const {
    std::string out = title;
    if (!number.empty()) out += "（" + number + "）";
    if (!article.empty()) out += " " + article;
    return out;
}

std::vector<PersonReached> persons_reached(const Measure& m) {
    std::vector<PersonReached> out;
    if (m.targets.entity || m.targets.natural_person) out.push_back(PersonReached::subject);
    if (m.targets.legal_representative) out.push_back(PersonReached::legal_representative);
    if (m.targets.principal) out.push_back(PersonReached::principal);
    if (m.targets.directly_responsible) out.push_back(PersonReached::directly_responsible);
    if (m.targets.organization_of_listed) out.push_back(PersonReached::organization_of_listed_person);
    return out;
}

std::vector<const ListDefinition*> Catalog::triggers_of(const Measure& m) const {
    std::vector<const ListDefinition*> out;
    for (const auto& l : lists)
        if (m.triggered_by(l)) out.push_back(&l);
    return out;
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

Catalog parse_catalog(std::string_view text, std::string_view source, bool legacy) {
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
    c.format = 1;
    if (const auto format = root.find("format"); format != root.end()) {
        if (!format->is_number_integer() || format->get<std::int64_t>() != 2) invalid(source, "\"format\" must be 2 (or absent: format 1)");
        c.format = 2;
    }
    if (c.format == 1 && !legacy)
        invalid(source, "format 1 (legal bases as free text) is no longer loaded: give \"format\": 2 with structured \"bases\" whose "
                        "scope covers every trigger (credcheck catalog export shows the default)");
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
        if (l.contains("objection_suspends")) list.objection_suspends = optional_bool(l, "objection_suspends", where, source);
        check_unique(seen, list.code, "list", source);
        c.lists.push_back(std::move(list));
    }
    seen.clear();
    if (c.format >= 2) {
        for (const Json& b : array_field(root, "bases", source)) {
            LegalBasis basis = parse_basis(b, c, source);
            check_unique(seen, basis.id, "basis", source);
            c.bases.push_back(std::move(basis));
        }
        seen.clear();
    }
    const auto measures = root.find("measures");
    if (measures != root.end()) {
        if (!measures->is_array()) invalid(source, "\"measures\" must be an array");
        for (const Json& m : *measures) {
            Measure measure = parse_measure(m, c, source);
            check_unique(seen, measure.code, "measure", source);
            if (c.format >= 2) check_bases(c, measure, source);
            c.measures.push_back(std::move(measure));
        }
    }
    parse_rules(root, c, source);
    return c;
}

Catalog default_catalog() { return parse_catalog(embedded::catalog_json, "data/catalog.json (built in)"); }

namespace {

std::vector<std::pair<std::string, std::string>> trigger_pairs(const Catalog& catalog) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const Measure& m : catalog.measures)
        for (const ListDefinition* list : catalog.triggers_of(m)) out.emplace_back(m.code, list->code);
    return out;
}

store::CatalogRows rows_of(const Catalog& catalog) {
    store::CatalogRows rows{catalog.version, catalog.title, catalog.sha256, catalog.json, {}, {}, trigger_pairs(catalog)};
    for (const Scenario& s : catalog.scenarios) rows.scenarios.push_back({s.code, s.name});
    for (const ListDefinition& l : catalog.lists) rows.lists.push_back({l.code, l.name, l.colour, l.authority, l.default_term});
    return rows;
}

} // namespace

void engine::sync_measure_triggers(sql::Connection& c) {
    const auto stale = store::stale_measure_triggers(c);
    if (!stale) return;
    store::write_measure_triggers(c, stale->catalog_row, trigger_pairs(parse_catalog(stale->json, "installed", true)));
}

void install_catalog(Database& db, const Catalog& catalog) {
    security::require_credit_office(db, "install a catalog");
    store::OpenFile(db).write([&](sql::Connection& c) { store::write_catalog(c, rows_of(catalog), db.principal()); });
}

Catalog installed_catalog(const Database& db) {
    const auto text = store::read_catalog_json(*store::OpenFile(db).read());
    if (!text) throw Error(Status::not_found, fmt::format("{} has no catalog: load one with `credcheck catalog load`", db.path().string()));
    return parse_catalog(*text, "installed", true);
}

std::vector<CatalogAuditRow> audit_catalog(const Catalog& c) {
    std::vector<CatalogAuditRow> out;
    for (const Measure& m : c.measures) {
        const bool restricts = (m.effect == Effect::prohibit || m.effect == Effect::restrict) && !m.withholds_benefit;
        for (const ListDefinition* list : c.triggers_of(m)) {
            for (PersonReached person : persons_reached(m)) {
                CatalogAuditRow row{&m, list, person, {}, false};
                for (std::size_t i : m.bases)
                    if (c.bases[i].covers(list->code, person)) row.bases.push_back(&c.bases[i]);
                row.lawful = std::any_of(row.bases.begin(), row.bases.end(),
                                         [&](const LegalBasis* b) { return !restricts || may_restrict_rights(b->level); });
                out.push_back(std::move(row));
            }
        }
    }
    return out;
}

std::string catalog_audit_text(const Catalog& c) {
    const auto cell = [](std::string s) {
        for (char& ch : s)
            if (ch == '|' || ch == '\n') ch = ' ';
        return s;
    };
    std::string out = fmt::format("# Legal review of catalog {} ({})\n\n", c.version, c.title);
    if (c.format == 1) {
        out += "Format 1: the legal bases are free text, not structured or scoped — nothing below can be checked. Load a format 2 "
               "catalog (`credcheck catalog load`).\n";
        return out;
    }
    out += "Every measure × list that triggers it × person it reaches, with every basis that covers them: its level, when it is "
           "in force, whether its text was read (and where). `lawful`: covered at the level the measure needs — for a prohibit or "
           "restrict measure that does not only withhold a benefit, a law, administrative regulation, judicial interpretation or "
           "central policy document (国办发〔2020〕49号). Made by `credcheck catalog audit`; `tests` keep it current.\n\n";
    out += "| measure | effect | list | person | basis | level | in force | verified | lawful |\n|---|---|---|---|---|---|---|---|---|\n";
    for (const CatalogAuditRow& row : audit_catalog(c)) {
        const std::string effect = std::string(to_string(row.measure->effect)) + (row.measure->withholds_benefit ? " (benefit)" : "");
        if (row.bases.empty()) {
            out += fmt::format("| {} | {} | {} | {} | — | — | — | — | no |\n", row.measure->code, effect, row.list->code, to_string(row.person));
            continue;
        }
        for (const LegalBasis* b : row.bases) {
            const std::string when = fmt::format("{} – {}", b->in_force_from ? b->in_force_from->iso() : "", b->in_force_to ? b->in_force_to->iso() : "");
            out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", row.measure->code, effect, row.list->code, to_string(row.person),
                               cell(b->citation()), to_string(b->level), when, b->verified ? "yes" : "no",
                               row.lawful ? "yes" : "no");
        }
    }
    out += "\n## Bases\n\n";
    for (const LegalBasis& b : c.bases)
        out += fmt::format("- `{}` {} — {}, {}{}; {}.{}\n", b.id, cell(b.citation()), to_string(b.level),
                           b.in_force_from ? "in force from " + b.in_force_from->iso() : "in force",
                           b.in_force_to ? " to " + b.in_force_to->iso() : "",
                           b.verified ? "read in " + cell(b.source) : b.source.empty() ? "NOT READ" : "not verified; seen in " + cell(b.source),
                           b.excerpt.empty() ? "" : " 「" + cell(b.excerpt) + "」");
    return out;
}


} // namespace credcheck
