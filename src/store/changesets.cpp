#include "store/changesets.hpp"

#include <fmt/format.h>

#include "credcheck/error.hpp"
#include "store/sqlite.hpp"

namespace credcheck::store {

namespace {

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view what) {
    if (db) sql::throw_error(db, rc, what);
    if ((rc & 0xFF) == SQLITE_NOMEM) throw Error(Status::out_of_memory, fmt::format("{}: out of memory", what));
    throw Error(Status::invalid_argument, fmt::format("{}: {}", what, sqlite3_errstr(rc)));
}

/// What sqlite3session_changeset and sqlite3changegroup_output hand out, freed with sqlite3_free.
std::string take_buffer(void* p, int n) {
    std::string out(static_cast<const char*>(p), p ? static_cast<std::size_t>(n) : 0);
    sqlite3_free(p);
    return out;
}

} // namespace

Session::Session(sqlite3* db) {
    int rc = sqlite3session_create(db, "main", &session_);
    if (rc != SQLITE_OK) fail(db, rc, "starting a session");
    rc = sqlite3session_attach(session_, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3session_delete(session_);
        fail(db, rc, "attaching a session");
    }
}

Session::~Session() { sqlite3session_delete(session_); }

std::string Session::changeset() {
    int n = 0;
    void* p = nullptr;
    const int rc = sqlite3session_changeset(session_, &n, &p);
    if (rc != SQLITE_OK) {
        sqlite3_free(p);
        fail(nullptr, rc, "writing a changeset");
    }
    return take_buffer(p, n);
}

ChangeGroup::ChangeGroup() {
    if (const int rc = sqlite3changegroup_new(&group_); rc != SQLITE_OK) fail(nullptr, rc, "starting a changegroup");
}

ChangeGroup::~ChangeGroup() { sqlite3changegroup_delete(group_); }

void ChangeGroup::add(std::string_view changeset) {
    if (changeset.empty()) return;
    const int rc = sqlite3changegroup_add(group_, static_cast<int>(changeset.size()), const_cast<char*>(changeset.data()));
    if (rc != SQLITE_OK) fail(nullptr, rc, "combining changesets");
}

std::string ChangeGroup::output() {
    int n = 0;
    void* p = nullptr;
    const int rc = sqlite3changegroup_output(group_, &n, &p);
    if (rc != SQLITE_OK) {
        sqlite3_free(p);
        fail(nullptr, rc, "writing a combined changeset");
    }
    return take_buffer(p, n);
}

void each_change(std::string_view changeset, std::string_view what, const std::function<void(const Change&)>& visit) {
    if (changeset.size() > INT32_MAX) throw Error(Status::invalid_argument, fmt::format("{}: a changeset over 2 GiB", what));
    sqlite3_changeset_iter* it = nullptr;
    int rc = sqlite3changeset_start(&it, static_cast<int>(changeset.size()), const_cast<char*>(changeset.data()));
    if (rc != SQLITE_OK) fail(nullptr, rc, fmt::format("{}: not a changeset", what));
    const std::unique_ptr<sqlite3_changeset_iter, decltype(&sqlite3changeset_finalize)> owner(it, &sqlite3changeset_finalize);
    Change c;
    while ((rc = sqlite3changeset_next(it)) == SQLITE_ROW) {
        const char* table = nullptr;
        int indirect = 0;
        if ((rc = sqlite3changeset_op(it, &table, &c.columns, &c.op, &indirect)) != SQLITE_OK) break;
        c.table = table ? table : "";
        unsigned char* pk = nullptr;
        int pk_columns = 0;
        if ((rc = sqlite3changeset_pk(it, &pk, &pk_columns)) != SQLITE_OK) break;
        c.key.assign(static_cast<std::size_t>(c.columns), false);
        for (int i = 0; i < pk_columns && i < c.columns; ++i) c.key[static_cast<std::size_t>(i)] = pk[i] != 0;
        c.old_values.assign(static_cast<std::size_t>(c.columns), Value{});
        c.new_values.assign(static_cast<std::size_t>(c.columns), Value{});
        c.has_old.assign(static_cast<std::size_t>(c.columns), false);
        c.has_new.assign(static_cast<std::size_t>(c.columns), false);
        for (int i = 0; i < c.columns; ++i) {
            sqlite3_value* v = nullptr;
            if (c.op != SQLITE_INSERT && sqlite3changeset_old(it, i, &v) == SQLITE_OK && v) {
                c.old_values[static_cast<std::size_t>(i)] = Value::of(v);
                c.has_old[static_cast<std::size_t>(i)] = true;
            }
            v = nullptr;
            if (c.op != SQLITE_DELETE && sqlite3changeset_new(it, i, &v) == SQLITE_OK && v) {
                c.new_values[static_cast<std::size_t>(i)] = Value::of(v);
                c.has_new[static_cast<std::size_t>(i)] = true;
            }
        }
        visit(c);
    }
    if (rc != SQLITE_DONE) fail(nullptr, rc, fmt::format("{}: a damaged changeset", what));
}

namespace {

struct ApplyState {
    std::string problem;
};

std::string_view conflict_name(int type) {
    switch (type) {
    case SQLITE_CHANGESET_DATA: return "the row differs from what the change expects";
    case SQLITE_CHANGESET_NOTFOUND: return "the row to change is missing";
    case SQLITE_CHANGESET_CONFLICT: return "the row to insert exists";
    case SQLITE_CHANGESET_CONSTRAINT: return "a constraint would be broken";
    case SQLITE_CHANGESET_FOREIGN_KEY: return "a foreign key would be broken";
    default: return "a conflict";
    }
}

int on_conflict(void* context, int type, sqlite3_changeset_iter* it) {
    auto* state = static_cast<ApplyState*>(context);
    const char* table = nullptr;
    int columns = 0, op = 0, indirect = 0;
    if (type != SQLITE_CHANGESET_FOREIGN_KEY && sqlite3changeset_op(it, &table, &columns, &op, &indirect) == SQLITE_OK) {
        const std::string_view verb = op == SQLITE_INSERT ? "an insert into" : op == SQLITE_UPDATE ? "an update of" : "a delete from";
        if (state->problem.empty()) state->problem = fmt::format("{} {}: {}", verb, table ? table : "?", conflict_name(type));
    } else if (state->problem.empty()) {
        state->problem = std::string(conflict_name(type));
    }
    return SQLITE_CHANGESET_ABORT;
}

} // namespace

void apply_changeset(sqlite3* db, std::string_view changeset, std::string_view what) {
    if (changeset.empty()) return;
    if (changeset.size() > INT32_MAX) throw Error(Status::invalid_argument, fmt::format("{}: a changeset over 2 GiB", what));
    ApplyState state;
    const int rc = sqlite3changeset_apply(db, static_cast<int>(changeset.size()), const_cast<char*>(changeset.data()), nullptr, &on_conflict, &state);
    if (rc == SQLITE_OK) return;
    if (!state.problem.empty()) throw Error(Status::conflict, fmt::format("{}: {}", what, state.problem));
    sql::throw_error(db, rc, fmt::format("{}: applying the changeset", what));
}

} // namespace credcheck::store
