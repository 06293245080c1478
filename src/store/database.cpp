#include "credcheck/database.hpp"

#include <fmt/format.h>

#include "credcheck/error.hpp"
#include "credcheck/identify.hpp"
#include "store/database_impl.hpp"
#include "store/feed_tables.hpp"
#include "store/reads.hpp"
#include "store/schema.hpp"

namespace credcheck {

namespace detail {

DatabaseImpl::DatabaseImpl(std::filesystem::path p, OpenOptions o) : path(std::move(p)), options(o) {
    if (!options.read_only) writer_ = open_connection(true);
}

DatabaseImpl::~DatabaseImpl() {
    // The shared components go first, while the connections they write through still exist (a check
    // log writes what it still holds).
    std::map<std::string, std::shared_ptr<void>> components;
    {
        std::lock_guard lock(components_mutex_);
        components.swap(components_);
    }
    components.clear();
}

std::unique_ptr<sql::Connection> DatabaseImpl::open_connection(bool for_writing) const {
    using Mode = sql::Connection::Mode;
    auto c = std::make_unique<sql::Connection>(path, options.read_only ? Mode::read_only : Mode::read_write, options.busy_timeout_ms);
    // Readers and writer alike: a 64 MiB page cache and the file memory-mapped, so that the pages a
    // check touches are read without a system call each.
    c->exec("PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536; PRAGMA mmap_size = 1073741824");
    if (for_writing) {
        // WAL: readers never block the writer; NORMAL sync is crash-safe in WAL (a power cut may lose
        // the last commits, never consistency).
        c->exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY");
    } else if (!options.read_only) {
        c->exec("PRAGMA query_only = 1");
    }
    return c;
}

store::ReadLease DatabaseImpl::read() {
    {
        std::lock_guard lock(pool_mutex_);
        if (!idle_readers_.empty()) {
            auto c = std::move(idle_readers_.back());
            idle_readers_.pop_back();
            return store::ReadLease(*this, std::move(c));
        }
    }
    return store::ReadLease(*this, open_connection(false));
}

void DatabaseImpl::attach_row_images() {
    row_images_ = std::make_unique<store::RowImageCapture>(*writer_);
    writer_->set_row_images(row_images_.get());
    // The office captures its changes for the feed; a replica's office data is written only by the feed.
    if (store::is_replica(*writer_)) {
        replica_guard_ = std::make_unique<store::ReplicaGuard>(*writer_);
    } else {
        feed_capture_ = store::FeedCapture::for_connection(*writer_);
        row_images_->set_observer(feed_capture_.get());
    }
}

void DatabaseImpl::give_back(std::unique_ptr<sql::Connection> c) {
    // A read whose COMMIT failed (out of memory) left its transaction open: pooled like that, the
    // connection would answer every later read from that old snapshot. End it, or drop the connection.
    if (c->in_transaction()) sqlite3_exec(c->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    if (c->in_transaction()) return;
    std::lock_guard lock(pool_mutex_);
    idle_readers_.push_back(std::move(c));
}

/// The implementation of a Database: for the store's own files only (declared in database.hpp).
DatabaseImpl& impl_of(const Database& db) noexcept { return db.impl(); }

} // namespace detail

namespace store {

ReadLease::~ReadLease() {
    if (connection_) owner_->give_back(std::move(connection_));
}

OpenFile::OpenFile(const Database& db) noexcept : impl_(&detail::impl_of(db)) {}
ReadLease OpenFile::read() const { return impl_->read(); }
const OpenOptions& OpenFile::options() const noexcept { return impl_->options; }
Date OpenFile::today() const noexcept { return impl_->today(); }
ReplicaGuard* OpenFile::replica_guard() const noexcept { return impl_->replica_guard(); }
void OpenFile::write_with(const std::function<void(sql::Connection&)>& work) const { impl_->write(work); }
std::shared_ptr<void> OpenFile::shared_component_with(const std::string& key, const std::function<std::shared_ptr<void>()>& make) const {
    return impl_->shared_component<void>(key, make);
}
std::shared_ptr<void> OpenFile::find_component_with(const std::string& key) const { return impl_->find_component<void>(key); }

} // namespace store

bool configure_sqlite_for_threads() noexcept { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK; }

Database::Database(std::shared_ptr<detail::DatabaseImpl> impl, Principal principal) noexcept
    : impl_(std::move(impl)), principal_(std::move(principal)) {}
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;
Database::~Database() = default;

Database Database::as(Principal principal) const {
    if (!principal_.may_act_as(principal))
        throw Error(Status::permission_denied, fmt::format("{} may not act as {}: a handle's principal can only narrow", principal_.describe(),
                                                           principal.describe()));
    return Database(impl_, std::move(principal));
}

Database Database::create(const std::filesystem::path& path) {
    std::error_code ec;
    if (std::filesystem::exists(path, ec))
        throw Error(Status::conflict, fmt::format("cannot create {}: the file exists", path.string()));
    {
        sql::Connection c(path, sql::Connection::Mode::read_write_create, 5000);
        c.exec("PRAGMA page_size = 8192; PRAGMA journal_mode = WAL"); // 8 KiB pages: shallower indexes for bulk imports
        store::migrate(c);
    }
    return open(path);
}

Database Database::open(const std::filesystem::path& path, const OpenOptions& options) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw Error(Status::not_found, fmt::format("no database at {} (create one with `credcheck init`)", path.string()));
    auto impl = std::make_shared<detail::DatabaseImpl>(path, options);
    if (options.read_only) {
        auto c = impl->read();
        const int version = store::schema_version(*c);
        if (version > store::latest_schema_version()) store::migrate(*c); // throws schema_too_new with the versions
        if (version < store::latest_schema_version())
            throw Error(Status::conflict, fmt::format("{} has schema version {} and must be migrated to {}: open it once read-write",
                                                      path.string(), version, store::latest_schema_version()));
    } else {
        try {
            impl->write([&](sql::Connection& c) { store::migrate(c, options.principal); });
        } catch (const Error& e) {
            if (e.status() == Status::database_error)
                throw Error(Status::database_error, fmt::format("{} is not a credcheck database: {}", path.string(), e.what()));
            throw;
        }
    }
    return Database(std::move(impl), options.principal);
}

const std::filesystem::path& Database::path() const noexcept { return impl_->path; }

int Database::schema_version() const { return store::schema_version(*impl_->read()); }

std::int64_t Database::data_version() const { return store::data_version(*impl_->read()); }

std::optional<Subject> Database::find_subject(std::string_view code) const {
    const Identification id = identify(code);
    if (!id.ok())
        throw Error(Status::invalid_identifier, fmt::format("'{}' is not a valid identifier: {}", mask_personal_id(code), id.error()->message));
    auto c = impl_->read();
    const auto subject_id = store::subject_id_by_code(*c, id.normalized());
    if (!subject_id) return std::nullopt;
    return store::subject_by_id(*c, *subject_id);
}

std::optional<Subject> Database::subject(SubjectId id) const { return store::subject_by_id(*impl_->read(), id); }
std::optional<Department> Database::department(DepartmentId id) const { return store::department_by_id(*impl_->read(), id); }
std::optional<Department> Database::find_department(std::string_view key) const {
    return store::department_by_key(*impl_->read(), key);
}
std::vector<Relation> Database::relations_of(SubjectId id) const { return store::relations_of(*impl_->read(), id); }
std::vector<Record> Database::records_of(SubjectId id) const { return store::records_of(*impl_->read(), id); }
std::vector<ListEntry> Database::entries_of(SubjectId id) const { return store::entries_of(*impl_->read(), id); }
Database::Counts Database::counts() const { return store::counts(*impl_->read()); }

} // namespace credcheck
