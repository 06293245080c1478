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

struct Catalog {
    std::string version;
    std::string title;
    std::string sha256; // of the exact JSON text it was parsed from
    std::string json;   // that text
    std::vector<Scenario> scenarios;
    std::vector<ListDefinition> lists;
};

/// Parses and validates a catalog. Throws Error(catalog_invalid) naming `source` and what is wrong
/// (missing version, duplicate codes, unknown colours, …).
Catalog parse_catalog(std::string_view json_text, std::string_view source);

/// The catalog credcheck ships (data/catalog.json, compiled in).
Catalog default_catalog();

/// Makes `catalog` the database's catalog in one transaction. Lists still used by entries cannot be
/// dropped (Error(conflict) names them).
void install_catalog(Database& db, const Catalog& catalog, std::string_view actor);

/// The catalog the database uses. Throws Error(not_found) if none was installed.
Catalog installed_catalog(const Database& db);

/// Creates a database at `path` with the current schema and the default catalog: `credcheck init`.
Database init_database(const std::filesystem::path& path);

} // namespace credcheck
