#include "store/replicated_rows.hpp"

#include <fmt/format.h>

namespace credcheck::store {

namespace {

Row row_of(sqlite3_stmt* s, std::size_t columns) {
    Row row;
    row.reserve(columns);
    for (std::size_t i = 0; i < columns; ++i) row.push_back(Value::of(sqlite3_column_value(s, static_cast<int>(i))));
    return row;
}
} // namespace

void each_stored_row(sql::Connection& c, const ReplicatedTable& t, const std::function<void(const Row&)>& f) {
    std::string columns;
    for (std::size_t i = 0; i < t.columns.size(); ++i) columns += (i ? ", " : "") + sql::quoted_name(t.columns[i]);
    auto statement = c.prepare_once(fmt::format("SELECT {} FROM {}", columns, sql::quoted_name(t.name)));
    sql::Query q(*statement);
    while (q.step()) f(row_of(q.handle_for_values(), t.columns.size()));
}

RowFinder::RowFinder(sql::Connection& c, const std::vector<ReplicatedTable>& tables) : c_(c), tables_(tables) {
    for (const ReplicatedTable& t : tables_) {
        std::string columns, where;
        for (std::size_t i = 0; i < t.columns.size(); ++i) columns += (i ? ", " : "") + sql::quoted_name(t.columns[i]);
        for (std::size_t k = 0; k < t.key.size(); ++k)
            where += fmt::format("{}{} = ?", k ? " AND " : "", sql::quoted_name(t.columns[static_cast<std::size_t>(t.key[k])]));
        statements_.push_back(c_.prepare_once(fmt::format("SELECT {} FROM {} WHERE {}", columns, sql::quoted_name(t.name), where)));
    }
}

std::optional<Row> RowFinder::find(std::size_t index, const Row& row) {
    const ReplicatedTable& t = tables_[index];
    sqlite3_stmt* s = statements_[index]->handle();
    for (std::size_t k = 0; k < t.key.size(); ++k) row[static_cast<std::size_t>(t.key[k])].bind(s, static_cast<int>(k + 1));
    std::optional<Row> out;
    const int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) out = row_of(s, t.columns.size());
    const int done = rc == SQLITE_ROW ? sqlite3_step(s) : rc;
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (done != SQLITE_DONE) sql::throw_error(c_.handle(), done, fmt::format("reading a row of {}", t.name));
    return out;
}

std::pair<std::int64_t, std::string> audit_head(sql::Connection& c) {
    sql::Query q(c.prepared("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"));
    if (!q.step()) return {0, ""};
    return {q.integer(0), std::string(q.text(1))};
}

} // namespace credcheck::store
