// credcheck/database.hpp — the credcheck database: one SQLite file holding subjects, relations,
// departments, records, list entries and the measures catalog.
//
// Threads: one Database serves many threads. Reads borrow a connection from a small pool (each
// thread's read sees one committed state); writes are serialised on one writer connection. Several
// processes may open the same file: SQLite's WAL mode and the busy timeout arbitrate.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credcheck/model.hpp"
#include "credcheck/principal.hpp"

namespace credcheck {

struct OpenOptions {
    bool read_only = false;
    /// How long a statement waits for a lock held by another connection before failing with Status::busy.
    int busy_timeout_ms = 5000;
    /// Who acts through this handle: every write and check is authorised for this principal and
    /// recorded with it in the audit trail. Default: the credit office (administrators' own tools).
    Principal principal = Principal::credit_office();
    /// Every check must be recorded in the check log before its decision is returned: a check that
    /// cannot be logged (read-only file, the lock held past the busy timeout, disk full) fails with
    /// that error instead of answering. Costs each check a write transaction.
    bool require_log = false;
    /// The day the office's clock says, for the embedding application's tests and replays: only this
    /// day (never a date a caller passes to dispatch, import or a workflow) turns an entry's expiry
    /// into a lift notice. Default: today in China (Date::today()). Not reachable from the command
    /// line or the C ABI.
    std::optional<Date> clock_today;
    /// On a department replica (credcheck/feed.hpp): the oldest data the host accepts. Decisions made on
    /// data the office published longer ago than this are stale (at least review), even before the
    /// feed file's own expiry. Default: the file's expiry alone.
    std::optional<std::chrono::seconds> max_data_age;
    /// The instant the office's and the replica's clocks say, for tests and replays of freshness
    /// (default: now). Not reachable from the command line or the C ABI.
    std::optional<std::chrono::sys_seconds> clock_now;
};

/// OpenOptions for a read-only handle (to write `Database::open(path, read_only_options())`).
inline OpenOptions read_only_options(Principal principal = Principal::credit_office()) {
    OpenOptions o;
    o.read_only = true;
    o.principal = std::move(principal);
    return o;
}

class Database;
namespace detail {
struct DatabaseImpl;
DatabaseImpl& impl_of(const Database& db) noexcept; // the store's own access (store/database_impl.hpp)
} // namespace detail

/// Turns off SQLite's process-wide memory statistics, whose global mutex otherwise serialises checks
/// running on several threads (measured: two threads 1.07x one thread with it, 1.9x without). It
/// changes SQLite for the whole process, so credcheck never does it by itself: call it once at start-up,
/// before any SQLite use in the process. Returns false, changing nothing, when SQLite is already in use.
bool configure_sqlite_for_threads() noexcept;

class Database {
public:
    /// Creates a new database with the current schema (no catalog: see init_database() in catalog.hpp).
    /// Throws Error(conflict) if the file exists.
    static Database create(const std::filesystem::path& path);

    /// Opens an existing database, migrating an older schema. Throws Error(not_found) for a missing
    /// file, Error(schema_too_new) for a file from a newer credcheck, Error(database_error) for a file
    /// that is not a credcheck database.
    static Database open(const std::filesystem::path& path, const OpenOptions& options = {});

    Database(Database&&) noexcept;
    Database& operator=(Database&&) noexcept;
    ~Database();

    /// Another handle on the same open database (the same connections) acting as `principal`: an
    /// application serving several departments opens the file once (as the credit office) and derives
    /// one per request. Only narrows: Error(permission_denied) unless principal().may_act_as(principal).
    Database as(Principal principal) const;
    const Principal& principal() const noexcept { return principal_; }

    const std::filesystem::path& path() const noexcept;
    int schema_version() const;
    /// A counter raised by every committed change of data: decisions name it so that an answer can
    /// be tied to the data it was made on.
    std::int64_t data_version() const;

    /// The subject any of whose codes (USCC, citizen ID, legacy organisation code, registration
    /// number, 15-digit ID) is `code` after normalisation; nullopt when none is. Throws
    /// Error(invalid_identifier) when `code` is not a valid identifier of any kind.
    std::optional<Subject> find_subject(std::string_view code) const;
    std::optional<Subject> subject(SubjectId id) const;
    std::optional<Department> department(DepartmentId id) const;
    /// Department by code, USCC or name.
    std::optional<Department> find_department(std::string_view code_or_name) const;
    /// Relations where the subject is the organisation or the person, any date.
    std::vector<Relation> relations_of(SubjectId id) const;
    std::vector<Record> records_of(SubjectId id) const;
    std::vector<ListEntry> entries_of(SubjectId id) const;

    struct Counts {
        std::int64_t subjects = 0, relations = 0, departments = 0, records = 0, entries = 0;
    };
    Counts counts() const;

private:
    friend detail::DatabaseImpl& detail::impl_of(const Database& db) noexcept;
    detail::DatabaseImpl& impl() const noexcept { return *impl_; }
    Database(std::shared_ptr<detail::DatabaseImpl> impl, Principal principal) noexcept;
    std::shared_ptr<detail::DatabaseImpl> impl_;
    Principal principal_;
};

} // namespace credcheck
