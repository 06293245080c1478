// RAII owners for SQLite: a connection, its prepared statements (prepared once, reused), and
// transactions that roll back unless committed. User data only ever reaches SQL through bind().
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "credcheck/date.hpp"

namespace credcheck::store {
class RowImageCapture;
}

namespace credcheck::sql {

/// An identifier (a table's or column's name) quoted for SQL text: "name", inner quotes doubled. For the
/// statements built from a schema's names, never for values (those are bound).
std::string quoted_name(std::string_view name);

/// Throws credcheck::Error (busy, database_error or out_of_memory) for a SQLite result code.
[[noreturn]] void throw_error(sqlite3* db, int rc, std::string_view context);

class Statement;

class Connection {
public:
    enum class Mode { read_write_create, read_write, read_only };

    Connection(const std::filesystem::path& path, Mode mode, int busy_timeout_ms);
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection();

    /// Runs SQL without results or parameters (schema, pragmas). Never with user data.
    void exec(const char* sql);
    /// The statement for `sql`, prepared on first use and kept for the connection's lifetime.
    /// `sql` must be a string literal (the cache is keyed by its address).
    Statement& prepared(const char* sql);
    /// A one-off statement (schema introspection).
    std::unique_ptr<Statement> prepare_once(std::string_view sql);

    /// Inside a transaction (one a failed rollback or commit may have left open).
    bool in_transaction() const noexcept { return sqlite3_get_autocommit(db_) == 0; }
    /// Makes the connection fit for the next unit of work after one that could not clean up after
    /// itself (out of memory, I/O error): rolls back a transaction left open and runs the SQL deferred
    /// with defer_until_recovery(). Throws, changing nothing, when it still cannot.
    void recover();
    /// SQL restoring a setting, to be run by recover() because running it now failed. Never user data.
    void defer_until_recovery(const char* sql) noexcept { deferred_ = sql; }

    std::int64_t last_insert_rowid() const noexcept { return sqlite3_last_insert_rowid(db_); }
    int changes() const noexcept { return sqlite3_changes(db_); }
    sqlite3* handle() const noexcept { return db_; }
    const std::filesystem::path& path() const noexcept { return path_; }

    /// The row-image capture on this connection (the writer's), owned by its database; null elsewhere.
    store::RowImageCapture* row_images() const noexcept { return row_images_; }
    void set_row_images(store::RowImageCapture* capture) noexcept { row_images_ = capture; }

private:
    sqlite3* db_ = nullptr;
    std::filesystem::path path_;
    std::unordered_map<const char*, std::unique_ptr<Statement>> cache_;
    const char* deferred_ = nullptr;
    store::RowImageCapture* row_images_ = nullptr;
};

/// A prepared statement. Use through Query, which binds, steps and resets.
class Statement {
public:
    Statement(sqlite3* db, std::string_view sql);
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();
    sqlite3_stmt* handle() const noexcept { return stmt_; }
    sqlite3* db() const noexcept { return db_; }

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

/// One execution of a prepared statement: bind parameters (1-based, in order with bind()),
/// step through rows, reset and clear bindings when it goes out of scope.
class Query {
public:
    explicit Query(Statement& statement) noexcept : stmt_(statement.handle()), db_(statement.db()) {}
    Query(const Query&) = delete;
    Query& operator=(const Query&) = delete;
    ~Query() {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }

    Query& bind(std::int64_t v);
    Query& bind(int v) { return bind(static_cast<std::int64_t>(v)); }
    Query& bind(double v);
    Query& bind(std::string_view v);
    Query& bind(const char* v) { return bind(std::string_view(v)); }
    Query& bind(const std::string& v) { return bind(std::string_view(v)); }
    Query& bind(std::nullptr_t);
    /// Binds text without copying it: `v` must stay valid until this Query is destroyed. For hot
    /// paths whose values outlive the statement (the writer's row values).
    Query& bind_unowned(std::string_view v);
    Query& bind_blob(std::string_view bytes);
    Query& bind(Date d);
    template <class T> Query& bind(const std::optional<T>& v) { return v ? bind(*v) : bind(nullptr); }

    /// Advances; true while a row is available.
    bool step();
    /// Runs a statement that returns no rows.
    void run() { while (step()) {} }

    bool is_null(int column) const noexcept { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
    std::int64_t integer(int column) const noexcept { return sqlite3_column_int64(stmt_, column); }
    double real(int column) const noexcept { return sqlite3_column_double(stmt_, column); }
    std::string_view text(int column) const noexcept;
    std::string_view blob(int column) const noexcept;
    std::optional<std::string> optional_text(int column) const;
    std::optional<std::int64_t> optional_integer(int column) const noexcept;
    /// A date column stored as ISO text; nullopt for NULL. Anything but a real YYYY-MM-DD day is
    /// Error(database_error): a damaged value is never read as some other day or skipped.
    std::optional<Date> date(int column) const;
    /// The underlying statement, for reading column types.
    sqlite3_stmt* handle_for_values() const noexcept { return stmt_; }

private:
    sqlite3_stmt* stmt_;
    sqlite3* db_;
    int next_index_ = 1;
};

/// BEGIN … COMMIT on a reader: every query in between sees one committed state.
class ReadTransaction {
public:
    explicit ReadTransaction(Connection& connection) : connection_(connection) { connection_.exec("BEGIN"); }
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;
    ~ReadTransaction() { sqlite3_exec(connection_.handle(), "COMMIT", nullptr, nullptr, nullptr); } // nothing to lose

private:
    Connection& connection_;
};

/// BEGIN IMMEDIATE … COMMIT; rolls back in the destructor unless committed. The ROLLBACK is prepared
/// before BEGIN, so that rolling back needs no memory SQLite may no longer get.
class Transaction {
public:
    explicit Transaction(Connection& connection);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();
    void commit();

private:
    Connection& connection_;
    Statement& rollback_;
    bool open_ = true;
};

} // namespace credcheck::sql
