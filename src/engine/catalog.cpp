#include "credcheck/catalog.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <set>

#include "credcheck/error.hpp"
#include "store/catalog_tables.hpp"
#include "store/database_impl.hpp"
#include "util/embedded.hpp"
#include "util/sha256.hpp"

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

void check_unique(std::set<std::string>& seen, const std::string& code, std::string_view what, std::string_view source) {
    if (!seen.insert(code).second) invalid(source, fmt::format("{} code '{}' appears twice", what, code));
}

} // namespace

Catalog parse_catalog(std::string_view text, std::string_view source) {
    Json root;
    try {
        root = Json::parse(text);
    } catch (const Json::parse_error& e) {
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
    return c;
}

Catalog default_catalog() { return parse_catalog(embedded::catalog_json, "data/catalog.json (built in)"); }

void install_catalog(Database& db, const Catalog& catalog, std::string_view actor) {
    db.impl().write([&](sql::Connection& c) { store::write_catalog(c, catalog, actor); });
}

Catalog installed_catalog(const Database& db) {
    const auto text = store::read_catalog_json(*db.impl().read());
    if (!text) throw Error(Status::not_found, fmt::format("{} has no catalog: load one with `credcheck catalog load`", db.path().string()));
    return parse_catalog(*text, "installed");
}

Database init_database(const std::filesystem::path& path) {
    Database db = Database::create(path);
    install_catalog(db, default_catalog(), "credcheck init");
    return db;
}

} // namespace credcheck
