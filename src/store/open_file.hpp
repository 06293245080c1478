// The open file behind a Database, as the floors above the store reach it: a write serialised with
// every other write, a reader borrowed from the pool, the options it was opened with, the office's
// clock, and the components every handle on the file shares (the engine's checker). What a Database is
// made of (store/database_impl.hpp) stays inside the store.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "credcheck/database.hpp"
#include "store/sqlite.hpp"

namespace credcheck::detail {
struct DatabaseImpl;
}

namespace credcheck::store {

class ReplicaGuard;

/// A reader connection borrowed from the file's pool for the lease's lifetime.
class ReadLease {
public:
    ReadLease(detail::DatabaseImpl& owner, std::unique_ptr<sql::Connection> c) noexcept : owner_(&owner), connection_(std::move(c)) {}
    ReadLease(ReadLease&& other) noexcept = default;
    ReadLease(const ReadLease&) = delete;
    ReadLease& operator=(const ReadLease&) = delete;
    ReadLease& operator=(ReadLease&&) = delete;
    ~ReadLease();
    sql::Connection& operator*() const noexcept { return *connection_; }
    sql::Connection* operator->() const noexcept { return connection_.get(); }

private:
    detail::DatabaseImpl* owner_;
    std::unique_ptr<sql::Connection> connection_;
};

/// Not owning: valid while a Database on the file is (the components it holds live as long as the file).
class OpenFile {
public:
    explicit OpenFile(const Database& db) noexcept;
    explicit OpenFile(detail::DatabaseImpl& impl) noexcept : impl_(&impl) {}

    /// Runs `work` with the writer connection, serialised with every other write on the file. Throws
    /// Error(permission_denied) on a file opened read-only.
    template <class Work> decltype(auto) write(Work&& work) const {
        using Result = std::invoke_result_t<Work&, sql::Connection&>;
        if constexpr (std::is_void_v<Result>) {
            write_with(work);
        } else {
            std::optional<Result> result;
            write_with([&](sql::Connection& c) { result.emplace(work(c)); });
            return Result(std::move(*result));
        }
    }
    ReadLease read() const;

    const OpenOptions& options() const noexcept;
    /// Today by the office's clock (OpenOptions::clock_today, else China's today): the only date that
    /// turns an entry's expiry into a lift notice.
    Date today() const noexcept;

    /// On a replica, the guard keeping its office data read-only (store/replica_guard.hpp); null
    /// elsewhere, and on a handle that wrote to the file before it became a replica.
    ReplicaGuard* replica_guard() const noexcept;

    /// The component under `key`, made by `make()` on first use and shared by every handle on the file;
    /// destroyed before the file's connections. `key` names the component and its type together.
    template <class T, class Make> std::shared_ptr<T> shared_component(const std::string& key, Make&& make) const {
        return std::static_pointer_cast<T>(shared_component_with(key, [&]() -> std::shared_ptr<void> { return make(); }));
    }
    /// The component under `key`, or null when none was made.
    template <class T> std::shared_ptr<T> find_component(const std::string& key) const {
        return std::static_pointer_cast<T>(find_component_with(key));
    }

private:
    void write_with(const std::function<void(sql::Connection&)>& work) const;
    std::shared_ptr<void> shared_component_with(const std::string& key, const std::function<std::shared_ptr<void>()>& make) const;
    std::shared_ptr<void> find_component_with(const std::string& key) const;
    detail::DatabaseImpl* impl_;
};

} // namespace credcheck::store
