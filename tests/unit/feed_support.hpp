// An office and its department replicas for the feed's tests: the office is a World (world.hpp) with a
// signing key; a replica is created from a snapshot and follows the feed directory.
#pragma once

#include <fstream>
#include <sstream>

#include "credcheck/feed.hpp"
#include "credcheck/keys.hpp"
#include "test_support.hpp"
#include "world.hpp"

namespace credcheck::test {

inline const std::chrono::sys_seconds kNoon = std::chrono::sys_days{std::chrono::year{2026} / 11 / 28} + std::chrono::hours(4);

class FeedWorld : public World {
public:
    FeedWorld() : keys_(generate_signing_key(dir() / "office")) {}

    const std::filesystem::path& key() const { return keys_.private_key; }
    const std::filesystem::path& public_key() const { return keys_.public_key; }
    std::filesystem::path feed_dir() const { return dir() / "feed"; }

    FeedFileInfo publish(std::chrono::sys_seconds at = kNoon, std::chrono::seconds expires_in = std::chrono::hours(36)) {
        PublishOptions o;
        o.key = key();
        o.directory = feed_dir();
        o.expires_in = expires_in;
        o.now = at;
        return publish_feed(db(), o);
    }

    FeedFileInfo snapshot(const std::string& name, std::chrono::sys_seconds at = kNoon) {
        SnapshotOptions o;
        o.key = key();
        o.file = dir() / name;
        o.now = at;
        return write_snapshot(db(), o);
    }

    std::filesystem::path replica_from(const FeedFileInfo& snapshot, const std::string& name, std::chrono::sys_seconds at = kNoon) {
        ReplicaInitOptions o;
        o.snapshot = snapshot.file;
        o.trusted_key = public_key();
        o.now = at;
        init_replica(dir() / name, o);
        return dir() / name;
    }

    /// Routes a measure to the finance bureau, which makes the department known (returns_test.cpp).
    void routes_for_finance();

    /// The office's projection of every replicated table, as text.
    std::string projection() { return export_all(db()); }

    static std::string export_all(const Database& db) {
        std::ostringstream out;
        for (const auto& table : replicated_tables()) {
            out << "# " << table << '\n';
            export_replicated_table(db, table, out);
        }
        return out.str();
    }

private:
    GeneratedKeyPair keys_;
};

/// The replica at `path`, opened with its clock at `at`.
inline Database open_replica(const std::filesystem::path& path, std::chrono::sys_seconds at = kNoon,
                             std::optional<std::chrono::seconds> max_age = std::nullopt) {
    OpenOptions o;
    o.clock_now = at;
    o.max_data_age = max_age;
    return Database::open(path, o);
}

inline ApplyReport apply_at(const Database& replica, const std::filesystem::path& file_or_dir, std::chrono::sys_seconds at = kNoon) {
    ApplyOptions o;
    o.now = at;
    return apply_feed(replica, file_or_dir, o);
}

inline std::string bytes_of(const std::filesystem::path& file) { return read_file(file); }

inline void write_bytes(const std::filesystem::path& file, const std::string& bytes) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << bytes;
}

} // namespace credcheck::test
