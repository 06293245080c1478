// credcheck/catalog.hpp — the measures catalog: business scenarios, the red, black and attention lists,
// and (as the engine grows) the measures each list triggers. It is data the credit office edits
// (data/catalog.json is the default), versioned and hashed; the database records which one it uses.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "credcheck/database.hpp"
#include "credcheck/model.hpp"

namespace credcheck {

struct Scenario {
    std::string code; // admin_license, gov_procurement, …
    std::string name;
};

struct ListDefinition {
    std::string code; // court.dishonest_debtor, …
    std::string name;
    ListColour colour = ListColour::black;
    std::string authority;
    std::string default_term;
};

/// What a measure does to the application (catalog.md): deny it, allow it with limits, look closer,
/// or reward the applicant.
enum class Effect { prohibit, restrict, scrutinize, incentive };
std::string_view to_string(Effect) noexcept;

/// Whom a measure may reach: E the listed organisation itself, LR its legal representative, PR its
/// principal, NP a listed natural person.
struct Targets {
    bool entity = false, legal_representative = false, principal = false, natural_person = false;
};

struct Measure {
    std::string code; // P.procurement_ban, I.green_channel, …
    std::string name;
    Effect effect = Effect::prohibit;
    Targets targets;
    std::vector<std::string> scenarios;
    std::string implementing;  // who applies it
    std::string legal_basis;
    bool basis_verified = false; // read from the statute text, not only from memoranda summaries
    std::vector<ListColour> trigger_colours; // every list of these colours triggers it
    std::vector<std::string> trigger_lists;  // and these lists
    bool three_clean_years = false;          // and the seed's item 8 rule
    bool green_channel = false;              // granting it makes the applicant green-channel eligible

    bool is_incentive() const noexcept { return effect == Effect::incentive; }
    bool triggered_by(const ListDefinition& list) const noexcept;
    bool applies_in(std::string_view scenario) const noexcept;
};

/// The three-clean-years rule (seed item 8): what counts as adverse, over how many years.
struct CleanYearsRule {
    int years = 3;
    std::vector<Severity> adverse_penalty_severities = {Severity::general, Severity::serious};
    std::vector<RecordKind> adverse_record_kinds = {RecordKind::judgment};
};

struct Catalog {
    std::string version;
    std::string title;
    std::string sha256; // of the exact JSON text it was parsed from
    std::string json;   // that text
    std::vector<Scenario> scenarios;
    std::vector<ListDefinition> lists;
    std::vector<Measure> measures;
    CleanYearsRule clean_years;
    /// Scenarios where checking an organisation also checks its legal representative and principal
    /// (seed item 12: candidates for honours and posts, and their people).
    std::vector<std::string> people_of_candidates_scenarios = {"honors", "post_appointment"};

    const ListDefinition* find_list(std::string_view code) const noexcept;
    const Scenario* find_scenario(std::string_view code) const noexcept;
};

/// Parses and validates a catalog. Throws Error(catalog_invalid) naming `source` and what is wrong:
/// missing fields, duplicate codes, unknown colours, scenarios or lists, a measure without
/// triggers, a punishment measure without a legal basis or triggered by a red list, an incentive
/// triggered by a black or attention list.
Catalog parse_catalog(std::string_view json_text, std::string_view source);

/// The catalog credcheck ships (data/catalog.json, compiled in).
Catalog default_catalog();

/// Makes `catalog` the database's catalog in one transaction. Lists still used by entries cannot be
/// dropped (Error(conflict) names them).
void install_catalog(Database& db, const Catalog& catalog, std::string_view actor);

/// The catalog the database uses. Throws Error(not_found) if none was installed.
Catalog installed_catalog(const Database& db);

struct InitOptions {
    /// The audit chain's hash: "sm3" (GB/T 32905) or "sha256".
    std::string audit_hash = "sm3";
};

/// Creates a database at `path` with the current schema, the default catalog and the built-in
/// working-day calendar: `credcheck init`.
Database init_database(const std::filesystem::path& path, const InitOptions& options = {});

} // namespace credcheck
