#include "store/sqlite.hpp"

#include <fmt/format.h>

#include "credcheck/error.hpp"

namespace credcheck::sql {

std::string quoted_name(std::string_view name) {
    std::string out = "\"";
    for (char ch : name) {
        if (ch == '"') out += '"';
        out += ch;
    }
    return out + '"';
}

void throw_error(sqlite3* db, int rc, std::string_view context) {
    const int primary = rc & 0xFF;
    const char* detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    const std::string message = fmt::format("{}: {}", context, detail);
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        throw Error(Status::busy, message + " (the database stayed locked past the busy timeout)");
    if (primary == SQLITE_NOMEM) throw Error(Status::out_of_memory, message);
    if (primary == SQLITE_AUTH) // the one authorizer credcheck installs: store/replica_guard.hpp
        throw Error(Status::permission_denied, message + " (this database is a department replica: the office's data in it changes only "
                                                         "through the office's signed feed, `credcheck replica apply`)");
    if (primary == SQLITE_CANTOPEN || primary == SQLITE_IOERR || primary == SQLITE_FULL || primary == SQLITE_READONLY ||
        primary == SQLITE_PERM)
        throw Error(Status::io_error, message);
    throw Error(Status::database_error, message);
}

Connection::Connection(const std::filesystem::path& path, Mode mode, int busy_timeout_ms) : path_(path) {
    int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    switch (mode) {
    case Mode::read_write_create: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE; break;
    case Mode::read_write: flags |= SQLITE_OPEN_READWRITE; break;
    case Mode::read_only: flags |= SQLITE_OPEN_READONLY; break;
    }
    const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        const std::string detail = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw Error((rc & 0xFF) == SQLITE_CANTOPEN ? Status::not_found
                    : (rc & 0xFF) == SQLITE_NOMEM  ? Status::out_of_memory
                                                   : Status::io_error,
                    fmt::format("cannot open database {}: {}", path.string(), detail));
    }
    sqlite3_busy_timeout(db_, busy_timeout_ms);
    sqlite3_extended_result_codes(db_, 1);
}

Connection::~Connection() {
    cache_.clear(); // statements must be finalized before the connection closes
    sqlite3_close_v2(db_);
}

void Connection::exec(const char* sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        const std::string detail = message ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        throw_error(db_, rc, fmt::format("{}: {}", path_.string(), detail));
    }
}

Statement& Connection::prepared(const char* sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) it = cache_.emplace(sql, std::make_unique<Statement>(db_, sql)).first;
    return *it->second;
}

std::unique_ptr<Statement> Connection::prepare_once(std::string_view sql) { return std::make_unique<Statement>(db_, sql); }

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
    const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
    if (rc != SQLITE_OK) throw_error(db, rc, fmt::format("preparing `{}`", sql.substr(0, 80)));
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

namespace {
void check_bind(sqlite3* db, int rc) {
    if (rc != SQLITE_OK) throw_error(db, rc, "binding a parameter");
}
} // namespace

Query& Query::bind(std::int64_t v) {
    check_bind(db_, sqlite3_bind_int64(stmt_, next_index_++, v));
    return *this;
}
Query& Query::bind(double v) {
    check_bind(db_, sqlite3_bind_double(stmt_, next_index_++, v));
    return *this;
}
Query& Query::bind(std::string_view v) {
    check_bind(db_, sqlite3_bind_text64(stmt_, next_index_++, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
    return *this;
}
Query& Query::bind_unowned(std::string_view v) {
    check_bind(db_, sqlite3_bind_text64(stmt_, next_index_++, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8));
    return *this;
}
Query& Query::bind_blob(std::string_view bytes) {
    check_bind(db_, sqlite3_bind_blob64(stmt_, next_index_++, bytes.data(), bytes.size(), SQLITE_TRANSIENT));
    return *this;
}
Query& Query::bind(std::nullptr_t) {
    check_bind(db_, sqlite3_bind_null(stmt_, next_index_++));
    return *this;
}
Query& Query::bind(Date d) { return bind(std::string_view(d.iso())); }

bool Query::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw_error(db_, rc, fmt::format("running `{}`", std::string_view(sqlite3_sql(stmt_)).substr(0, 80)));
}

std::string_view Query::text(int column) const noexcept {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    if (!p) return {};
    return {p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}

std::string_view Query::blob(int column) const noexcept {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
    if (!p) return {};
    return {p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}

std::optional<std::string> Query::optional_text(int column) const {
    if (is_null(column)) return std::nullopt;
    return std::string(text(column));
}

std::optional<std::int64_t> Query::optional_integer(int column) const noexcept {
    if (is_null(column)) return std::nullopt;
    return integer(column);
}

std::optional<Date> Query::date(int column) const {
    if (is_null(column)) return std::nullopt;
    // credcheck stores dates as YYYY-MM-DD only: anything else was written behind its back.
    const std::string_view t = text(column);
    if (t.size() == 10 && t[4] == '-' && t[7] == '-')
        if (const auto d = Date::parse(t); d && d->iso() == t) return d;
    throw Error(Status::database_error, fmt::format("stored date '{}' in column {} is not a date (YYYY-MM-DD): the database was altered "
                                                    "outside credcheck",
                                                    t, sqlite3_column_name(stmt_, column)));
}

void Connection::recover() {
    if (in_transaction()) exec("ROLLBACK");
    if (deferred_) {
        exec(deferred_);
        deferred_ = nullptr;
    }
}

Transaction::Transaction(Connection& connection) : connection_(connection), rollback_(connection.prepared("ROLLBACK")) {
    connection_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    if (!open_) return;
    // A failed COMMIT may have ended the transaction already; then there is nothing to roll back.
    if (connection_.in_transaction()) sqlite3_step(rollback_.handle());
    sqlite3_reset(rollback_.handle());
}

void Transaction::commit() {
    connection_.exec("COMMIT");
    open_ = false;
}

} // namespace credcheck::sql
