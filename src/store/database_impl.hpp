// What a Database is made of: one writer connection and a pool of readers. Internal to the store:
// the floors above reach an open file through store/open_file.hpp.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <mutex>
#include <vector>

#include "credcheck/database.hpp"
#include "credcheck/error.hpp"
#include "store/feed_capture.hpp"
#include "store/open_file.hpp"
#include "store/replica_guard.hpp"
#include "store/row_images.hpp"
#include "store/sqlite.hpp"

namespace credcheck::detail {

struct DatabaseImpl {
    DatabaseImpl(std::filesystem::path path, OpenOptions options);

    std::filesystem::path path;
    OpenOptions options;

    /// Today by the office's clock (OpenOptions::clock_today, else China's today).
    Date today() const noexcept { return options.clock_today.value_or(Date::today()); }

    /// Runs `work` with the writer connection, serialised with every other write of this handle.
    template <class Work> decltype(auto) write(Work&& work) {
        if (!writer_) throw Error(Status::permission_denied, "the database " + path.string() + " was opened read-only");
        std::lock_guard lock(write_mutex_);
        writer_->recover(); // after a write that could not roll back or restore its settings
        if (!row_images_) attach_row_images();
        if (feed_capture_) feed_capture_->prepare(*writer_);
        return work(*writer_);
    }

    /// A reader connection borrowed from the pool.
    store::ReadLease read();

    std::unique_ptr<sql::Connection> open_connection(bool for_writing) const;

    /// On a replica, the guard that keeps its office data read-only (null on the office, and before the
    /// first write): the feed's apply lifts it while it applies a signed file.
    store::ReplicaGuard* replica_guard() noexcept { return replica_guard_.get(); }

    /// A component every handle on this open file shares (the engine's checker: catalog cache, check
    /// log writer), made by `make()` on first use under `key`, and destroyed before the connections.
    /// The store knows nothing of what it holds: `key` names the component and its type together.
    template <class T, class Make> std::shared_ptr<T> shared_component(const std::string& key, Make&& make) {
        std::lock_guard lock(components_mutex_);
        auto& slot = components_[key];
        if (!slot) slot = std::shared_ptr<T>(make());
        return std::static_pointer_cast<T>(slot);
    }

    /// The component under `key`, or null when none was made.
    template <class T> std::shared_ptr<T> find_component(const std::string& key) {
        std::lock_guard lock(components_mutex_);
        const auto it = components_.find(key);
        return it == components_.end() ? nullptr : std::static_pointer_cast<T>(it->second);
    }

    ~DatabaseImpl();
    DatabaseImpl(const DatabaseImpl&) = delete;
    DatabaseImpl& operator=(const DatabaseImpl&) = delete;

    /// Takes back a reader (store::ReadLease's destructor).
    void give_back(std::unique_ptr<sql::Connection> c);

private:
    /// Every row the writer writes leaves an image (store/row_images.hpp); attached at the first write.
    void attach_row_images();

    std::mutex write_mutex_;
    std::unique_ptr<sql::Connection> writer_;
    std::unique_ptr<store::FeedCapture> feed_capture_;   // the office's; observes row_images_, destroyed after it
    std::unique_ptr<store::ReplicaGuard> replica_guard_; // a replica's
    std::unique_ptr<store::RowImageCapture> row_images_; // destroyed before writer_
    std::mutex pool_mutex_;
    std::vector<std::unique_ptr<sql::Connection>> idle_readers_;
    std::mutex components_mutex_;
    std::map<std::string, std::shared_ptr<void>> components_; // cleared first by the destructor: they write
};

} // namespace credcheck::detail
