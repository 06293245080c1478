// The catalog's tables: the installed catalog's text and version, its scenarios and lists.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "credcheck/catalog.hpp"
#include "credcheck/principal.hpp"
#include "store/sqlite.hpp"

namespace credcheck::store {

/// Replaces the installed catalog in one transaction; lists still used by entries cannot be dropped.
void write_catalog(sql::Connection& c, const Catalog& catalog, const Principal& principal);

/// The JSON text of the installed catalog, or nullopt.
std::optional<std::string> read_catalog_json(sql::Connection& c);

} // namespace credcheck::store
