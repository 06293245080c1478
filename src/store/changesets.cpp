#include "store/changesets.hpp"

#include <fmt/format.h>
#include <optional>

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

/// SQLite's varint (1 to 9 bytes, big-endian groups of 7 bits, the ninth byte whole), as the session
/// extension writes lengths and column counts; nullopt when cut short.
std::optional<std::uint64_t> read_varint(std::string_view bytes, std::size_t& at) {
    std::uint64_t value = 0;
    for (int i = 0; i < 9; ++i) {
        if (at >= bytes.size()) return std::nullopt;
        const auto b = static_cast<unsigned char>(bytes[at++]);
        if (i == 8) return (value << 8) | b;
        value = (value << 7) | (b & 0x7Fu);
        if ((b & 0x80u) == 0) return value;
    }
    return std::nullopt;
}

} // namespace

void check_changeset_format(std::string_view bytes, std::string_view what) {
    const auto refuse = [&](std::size_t at, std::string_view why) {
        throw Error(Status::invalid_argument, fmt::format("{}: not a changeset SQLite writes (byte {}: {})", what, at, why));
    };
    constexpr std::uint64_t kMaxColumns = 2000; // SQLite's default SQLITE_MAX_COLUMN
    std::size_t at = 0;
    std::uint64_t columns = 0;
    // One record: `columns` values, each a type byte and its bytes. Undefined (0) only in an UPDATE.
    const auto record = [&](bool may_be_undefined) {
        for (std::uint64_t i = 0; i < columns; ++i) {
            if (at >= bytes.size()) refuse(at, "a record cut short");
            const auto type = static_cast<unsigned char>(bytes[at++]);
            switch (type) {
            case 0x00:
                if (!may_be_undefined) refuse(at - 1, "an undefined value outside an update");
                break;
            case 0x01: // integer
            case 0x02: // real
                if (bytes.size() - at < 8) refuse(at, "a number cut short");
                at += 8;
                break;
            case 0x03: // text
            case 0x04: { // blob
                const auto length = read_varint(bytes, at);
                if (!length || *length > bytes.size() - at) refuse(at, "a text or blob longer than the changeset");
                at += static_cast<std::size_t>(*length);
                break;
            }
            case 0x05: break; // NULL
            default: refuse(at - 1, fmt::format("value type {}", type));
            }
        }
    };
    if (bytes.empty()) return;
    if (bytes[0] != 'T') refuse(0, "no table header first");
    while (at < bytes.size()) {
        const auto op = static_cast<unsigned char>(bytes[at]);
        if (op == 'T') {
            ++at;
            const auto n = read_varint(bytes, at);
            if (!n || *n == 0 || *n > kMaxColumns) refuse(at, "a table of no columns, or of more than 2,000");
            columns = *n;
            if (bytes.size() - at < columns) refuse(at, "primary-key flags cut short");
            for (std::uint64_t i = 0; i < columns; ++i) // 0, or the column's place in the primary key from 1
                if (static_cast<unsigned char>(bytes[at + i]) > columns) refuse(at + i, "a primary-key flag beyond the column count");
            at += static_cast<std::size_t>(columns);
            const auto end = bytes.find('\0', at);
            if (end == std::string_view::npos || end == at) refuse(at, "a table name without its terminating NUL");
            at = end + 1;
            continue;
        }
        ++at;
        if (at >= bytes.size() || (bytes[at] != 0 && bytes[at] != 1)) refuse(at, "an indirect flag neither 0 nor 1");
        ++at;
        if (op == SQLITE_INSERT) record(false);
        else if (op == SQLITE_DELETE) record(false);
        else if (op == SQLITE_UPDATE) {
            record(true);
            record(true);
        } else refuse(at - 2, fmt::format("operation {}", op));
    }
}

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
    check_changeset_format(changeset, what);
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
    check_changeset_format(changeset, what);
    ApplyState state;
    const int rc = sqlite3changeset_apply(db, static_cast<int>(changeset.size()), const_cast<char*>(changeset.data()), nullptr, &on_conflict, &state);
    if (rc == SQLITE_OK) return;
    if (!state.problem.empty()) throw Error(Status::conflict, fmt::format("{}: {}", what, state.problem));
    sql::throw_error(db, rc, fmt::format("{}: applying the changeset", what));
}

} // namespace credcheck::store
