#include "store/changeset_builder.hpp"

#include <fmt/format.h>

#include "credcheck/error.hpp"
#include "store/changesets.hpp"

namespace credcheck::store {

struct ChangesetBuilder::Statements {
    std::unique_ptr<sql::Statement> insert, update, remove;
};

ChangesetBuilder::ChangesetBuilder(const std::vector<ReplicatedTable>& tables)
    : tables_(tables), scratch_(":memory:", sql::Connection::Mode::read_write_create, 0) {
    for (const ReplicatedTable& t : tables_) {
        std::string columns, key, placeholders, set, where;
        for (std::size_t i = 0; i < t.columns.size(); ++i) {
            columns += (i ? ", " : "") + sql::quoted_name(t.columns[i]);
            placeholders += i ? ", ?" : "?";
            set += fmt::format("{}{} = ?{}", i ? ", " : "", sql::quoted_name(t.columns[i]), i + 1);
        }
        for (std::size_t k = 0; k < t.key.size(); ++k) {
            const std::size_t column = static_cast<std::size_t>(t.key[k]);
            key += (k ? ", " : "") + sql::quoted_name(t.columns[column]);
            where += fmt::format("{}{} = ?{}", k ? " AND " : "", sql::quoted_name(t.columns[column]), t.columns.size() + k + 1);
        }
        // Columns without types or constraints: a value keeps the type it comes with, as on the replica.
        scratch_.exec(fmt::format("CREATE TABLE {} ({}, PRIMARY KEY ({})) WITHOUT ROWID", sql::quoted_name(t.name), columns, key).c_str());
        auto s = std::make_unique<Statements>();
        s->insert = scratch_.prepare_once(fmt::format("INSERT INTO {} VALUES ({})", sql::quoted_name(t.name), placeholders));
        s->update = scratch_.prepare_once(fmt::format("UPDATE {} SET {} WHERE {}", sql::quoted_name(t.name), set, where));
        std::string remove_where;
        for (std::size_t k = 0; k < t.key.size(); ++k)
            remove_where += fmt::format("{}{} = ?{}", k ? " AND " : "", sql::quoted_name(t.columns[static_cast<std::size_t>(t.key[k])]), k + 1);
        s->remove = scratch_.prepare_once(fmt::format("DELETE FROM {} WHERE {}", sql::quoted_name(t.name), remove_where));
        statements_.push_back(std::move(s));
    }
}

ChangesetBuilder::~ChangesetBuilder() { statements_.clear(); }

void ChangesetBuilder::change(int table, std::optional<Row> before, std::optional<Row> after) {
    if (table < 0 || static_cast<std::size_t>(table) >= tables_.size()) throw Error(Status::internal, "a change of an unknown replicated table");
    if (!before && !after) return;
    changes_.push_back(Pending{table, std::move(before), std::move(after)});
}

bool ChangesetBuilder::same_key(int table, const Row& a, const Row& b) const {
    for (int k : tables_[static_cast<std::size_t>(table)].key)
        if (!(a[static_cast<std::size_t>(k)] == b[static_cast<std::size_t>(k)])) return false;
    return true;
}

namespace {

void run(sqlite3_stmt* s) {
    const int rc = sqlite3_step(s);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (rc != SQLITE_DONE) sql::throw_error(sqlite3_db_handle(s), rc, "building a changeset");
}

void insert(sqlite3_stmt* s, const Row& row) {
    for (std::size_t i = 0; i < row.size(); ++i) row[i].bind(s, static_cast<int>(i + 1));
    run(s);
}

void remove(sqlite3_stmt* s, const ReplicatedTable& t, const Row& row) {
    for (std::size_t k = 0; k < t.key.size(); ++k) row[static_cast<std::size_t>(t.key[k])].bind(s, static_cast<int>(k + 1));
    run(s);
}

void update(sqlite3_stmt* s, const ReplicatedTable& t, const Row& before, const Row& after) {
    for (std::size_t i = 0; i < after.size(); ++i) after[i].bind(s, static_cast<int>(i + 1));
    for (std::size_t k = 0; k < t.key.size(); ++k) before[static_cast<std::size_t>(t.key[k])].bind(s, static_cast<int>(after.size() + k + 1));
    run(s);
}

} // namespace

std::string ChangesetBuilder::take() {
    if (changes_.empty()) return {};
    std::string out;
    scratch_.exec("BEGIN");
    try {
        for (const Pending& p : changes_)
            if (p.before) insert(statements_[static_cast<std::size_t>(p.table)]->insert->handle(), *p.before);
        {
            Session session(scratch_.handle());
            for (const Pending& p : changes_) {
                const ReplicatedTable& t = tables_[static_cast<std::size_t>(p.table)];
                const Statements& s = *statements_[static_cast<std::size_t>(p.table)];
                if (p.before && p.after && same_key(p.table, *p.before, *p.after)) {
                    update(s.update->handle(), t, *p.before, *p.after);
                } else {
                    if (p.before) remove(s.remove->handle(), t, *p.before);
                    if (p.after) insert(s.insert->handle(), *p.after);
                }
            }
            out = session.changeset();
        }
        scratch_.exec("ROLLBACK");
    } catch (...) {
        sqlite3_exec(scratch_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
        changes_.clear();
        throw;
    }
    changes_.clear();
    return out;
}

} // namespace credcheck::store
