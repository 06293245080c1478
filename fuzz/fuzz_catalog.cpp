// fuzz_catalog — parse_catalog() on arbitrary bytes. It may only throw Error(catalog_invalid); a catalog
// that parses satisfies the documented validation rules, parses again from its own json identically
// (same sha256, same codes), and installs into a database without entries, which gives it back.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "credcheck/catalog.hpp"
#include "credcheck/database.hpp"
#include "credcheck/error.hpp"
#include "fuzz_support.hpp"
#include "util/digest.hpp"

using namespace credcheck;

namespace {

Database& database() {
    static Database* const db = new Database(Database::create(fuzz::scratch_dir() / "catalog.db"));
    return *db;
}

template <class T> std::vector<std::string> codes(const std::vector<T>& items) {
    std::vector<std::string> out;
    for (const auto& item : items) out.push_back(item.code);
    return out;
}

void check_valid(const Catalog& c) {
    FUZZ_REQUIRE(!c.version.empty() && !c.title.empty());
    const auto scenario_codes = codes(c.scenarios);
    FUZZ_REQUIRE(std::set<std::string>(scenario_codes.begin(), scenario_codes.end()).size() == scenario_codes.size());
    const auto list_codes = codes(c.lists);
    FUZZ_REQUIRE(std::set<std::string>(list_codes.begin(), list_codes.end()).size() == list_codes.size());
    const auto measure_codes = codes(c.measures);
    FUZZ_REQUIRE(std::set<std::string>(measure_codes.begin(), measure_codes.end()).size() == measure_codes.size());
    for (const auto& s : c.scenarios) FUZZ_REQUIRE(c.find_scenario(s.code) == &s);
    for (const auto& l : c.lists) FUZZ_REQUIRE(c.find_list(l.code) == &l);
    for (const auto& m : c.measures) {
        FUZZ_REQUIRE(!m.code.empty() && !m.name.empty());
        FUZZ_REQUIRE(!m.trigger_colours.empty() || !m.trigger_lists.empty() || m.three_clean_years);
        FUZZ_REQUIRE(m.is_incentive() || !m.legal_basis.empty());
        FUZZ_REQUIRE(!m.scenarios.empty());
        for (const auto& s : m.scenarios) FUZZ_REQUIRE(c.find_scenario(s) != nullptr && m.applies_in(s));
        for (const auto& code : m.trigger_lists) {
            const ListDefinition* list = c.find_list(code);
            FUZZ_REQUIRE(list != nullptr && m.triggered_by(*list));
            FUZZ_REQUIRE(m.is_incentive() == (list->colour == ListColour::red));
        }
        for (ListColour colour : m.trigger_colours) FUZZ_REQUIRE(m.is_incentive() == (colour == ListColour::red));
        (void)to_string(m.effect);
    }
    // Given in the catalog, they must be its scenarios; the built-in default (honors, post_appointment)
    // may name scenarios a small catalog does not have.
    const auto root = nlohmann::json::parse(c.json);
    const auto rules = root.find("rules");
    if (rules != root.end() && rules->contains("people_of_candidates"))
        for (const auto& s : c.people_of_candidates_scenarios) FUZZ_REQUIRE(c.find_scenario(s) != nullptr);
    FUZZ_REQUIRE(c.clean_years.years >= 1 && c.clean_years.years <= 10);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)database();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    Catalog c;
    try {
        c = parse_catalog(text, "fuzz");
    } catch (const Error& e) {
        FUZZ_REQUIRE(e.status() == Status::catalog_invalid);
        return 0;
    }
    FUZZ_REQUIRE(c.json == text);
    FUZZ_REQUIRE(c.sha256 == sha256_hex(text));
    check_valid(c);

    const Catalog again = parse_catalog(c.json, "its own json");
    FUZZ_REQUIRE(again.sha256 == c.sha256 && again.json == c.json && again.version == c.version);
    FUZZ_REQUIRE(codes(again.scenarios) == codes(c.scenarios) && codes(again.lists) == codes(c.lists) &&
                 codes(again.measures) == codes(c.measures));

    // No entries use any list, so nothing stops a valid catalog from being installed.
    Database& db = database();
    install_catalog(db, c);
    const Catalog installed = installed_catalog(db);
    FUZZ_REQUIRE(installed.sha256 == c.sha256 && installed.json == c.json);
    return 0;
}
