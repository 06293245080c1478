// The replicated content table by table, as text: what a replica holds, and what the office's
// projection says it must hold — for comparing the two line by line.
#include "credcheck/feed.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <ostream>

#include "credcheck/error.hpp"
#include "feed/content.hpp"
#include "security/permissions.hpp"
#include "store/open_file.hpp"
#include "store/feed_tables.hpp"
#include "store/replicated_rows.hpp"
#include "util/keyed_digest.hpp"

namespace credcheck {

std::vector<std::string> replicated_tables() {
    std::vector<std::string> out;
    for (std::string_view name : store::Projection::table_names()) out.emplace_back(name);
    return out;
}

namespace {

nlohmann::json value_json(const store::Value& v) {
    switch (v.type) {
    case store::Value::Type::null: return nullptr;
    case store::Value::Type::integer: return v.integer;
    case store::Value::Type::real: return v.real;
    case store::Value::Type::text: return v.bytes;
    case store::Value::Type::blob: return "x'" + hex_of(v.bytes) + "'";
    }
    return nullptr;
}

} // namespace

void export_replicated_table(const Database& db, std::string_view table, std::ostream& out) {
    auto lease = store::OpenFile(db).read();
    sql::Connection& c = *lease;
    sql::ReadTransaction read(c);
    const bool replica = store::is_replica(c);
    if (replica) security::require_not_public(db, "export a replica's content");
    else security::require_credit_office(db, "export the office's projection for replicas");
    std::optional<std::string> key;
    if (!replica) {
        const auto state = store::feed_state(c);
        if (!state) throw Error(Status::conflict, "the feed has not started: there is no projection to export yet");
        key = state->person_key;
    }
    const store::Projection projection = store::Projection::of(c, key);
    const int index = projection.index_of(table);
    if (index < 0) {
        std::string known;
        for (const auto& name : replicated_tables()) known += (known.empty() ? "" : ", ") + name;
        throw Error(Status::invalid_argument, fmt::format("'{}' is not a replicated table (they are: {})", table, known));
    }
    const store::ReplicatedTable& t = projection.tables()[static_cast<std::size_t>(index)];
    std::vector<std::pair<std::string, std::string>> lines; // sorted by key bytes
    store::each_stored_row(c, t, [&](const store::Row& stored) {
        const store::Row row = replica ? stored : projection.project(t, stored);
        nlohmann::json values = nlohmann::json::array();
        for (const store::Value& v : row) values.push_back(value_json(v));
        lines.emplace_back(feed::key_bytes(t, row), values.dump());
    });
    std::sort(lines.begin(), lines.end());
    for (const auto& [k, line] : lines) out << line << '\n';
}

} // namespace credcheck
