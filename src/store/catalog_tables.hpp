// The catalog's tables: the installed catalog's text and version, its scenarios, lists and which
// list triggers which measure — as rows: what a catalog means is the engine's (credcheck/catalog.hpp).
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "credcheck/model.hpp"
#include "credcheck/principal.hpp"
#include "store/sqlite.hpp"

namespace credcheck::store {

/// A catalog as the store keeps it.
struct CatalogRows {
    std::string version, title, sha256, json;
    struct Scenario {
        std::string code, name;
    };
    struct List {
        std::string code, name;
        ListColour colour = ListColour::black;
        std::string authority, default_term;
    };
    std::vector<Scenario> scenarios;
    std::vector<List> lists;
    /// (measure code, list code): the lists whose entries call for each measure's notices.
    std::vector<std::pair<std::string, std::string>> triggers;
};

/// Replaces the installed catalog in one transaction, audited as `principal`'s; lists still used by
/// entries cannot be dropped (Error(conflict) names them).
void write_catalog(sql::Connection& c, const CatalogRows& catalog, const Principal& principal);

/// The JSON text of the installed catalog, or nullopt.
std::optional<std::string> read_catalog_json(sql::Connection& c);
/// The JSON text of the catalog installed as row `row` of catalog_versions, or nullopt.
std::optional<std::string> catalog_json_of_row(sql::Connection& c, std::int64_t row);

/// The installed catalog's row and JSON text, when measure_triggers were written for another catalog
/// (a 0.1 database, whose triggers were written lazily): the engine then rewrites them.
struct StaleTriggers {
    std::int64_t catalog_row = 0;
    std::string json;
};
std::optional<StaleTriggers> stale_measure_triggers(sql::Connection& c);

/// Makes measure_triggers the pairs of the catalog in row `catalog_row`.
void write_measure_triggers(sql::Connection& c, std::int64_t catalog_row, const std::vector<std::pair<std::string, std::string>>& triggers);

} // namespace credcheck::store
