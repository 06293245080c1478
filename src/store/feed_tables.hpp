// The feed's tables (schema 6): on the office, the feed's identity, the changesets captured and not yet
// published, and the files published; on a replica, the feed it follows and the files applied. Every
// SQL statement of the feed is here; the feed's workflows (src/feed/) call these.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "store/sqlite.hpp"

namespace credcheck::store {

// ---- the office -----------------------------------------------------------------------------------

struct FeedState {
    std::string feed_id;
    std::string publisher;  // the signing key's fingerprint
    std::string person_key; // raw bytes
    std::string started_at;
};

/// The office's feed, or nullopt before its first publish (and on a database older than schema 6).
std::optional<FeedState> feed_state(sql::Connection& c);
void start_feed(sql::Connection& c, const FeedState& state);

/// A changeset captured with a write, and the digests of the row states it removes and adds.
void store_captured_changes(sql::Connection& c, std::string_view changeset, std::string_view digests, std::int64_t rows);

struct CapturedChanges {
    std::int64_t id = 0, rows = 0;
    std::string changeset, digests;
};
/// Calls `f` for every captured changeset with id > `after`, oldest first.
void each_captured_change(sql::Connection& c, std::int64_t after, const std::function<void(const CapturedChanges&)>& f);
/// The newest captured changeset's id (0 for none).
std::int64_t last_captured_change(sql::Connection& c);
/// Drops the changesets a published file holds (id <= up_to).
void drop_captured_changes(sql::Connection& c, std::int64_t up_to);

struct PublishedFile {
    std::int64_t sequence = 0;
    std::string kind; // changes | heartbeat
    std::string manifest, manifest_sm3;
    std::int64_t data_version = 0;
    std::string content; // set digest state after the file
    std::int64_t last_change = 0;
    std::string created_at, expires_at, file_name;
};
std::optional<PublishedFile> last_published(sql::Connection& c);
std::optional<PublishedFile> published(sql::Connection& c, std::int64_t sequence);
void record_published(sql::Connection& c, const PublishedFile& file);

// ---- a replica ------------------------------------------------------------------------------------

struct ReplicaState {
    std::string feed_id, publisher, trusted_key, person_key;
    std::int64_t sequence = 0;
    std::string manifest_sm3;
    std::int64_t data_version = 0;
    std::string data_as_of, expires_at;
    std::string content; // set digest state
    std::string initialized_at;
};

/// True when the database is a department replica (it follows a feed). False on an older schema.
bool is_replica(sql::Connection& c);
std::optional<ReplicaState> replica_state(sql::Connection& c);
/// Creates the state (init) or replaces it (each file applied).
void save_replica_state(sql::Connection& c, const ReplicaState& state);

struct AppliedFile {
    std::int64_t sequence = 0;
    std::string kind, manifest, signature, manifest_sm3, file_name, applied_at;
};
void record_applied_file(sql::Connection& c, const AppliedFile& file);
/// How many files the replica applied (its snapshot included).
std::int64_t applied_file_count(sql::Connection& c);
/// The manifest digest of the file applied at `sequence`, if one was.
std::optional<std::string> applied_manifest_sm3(sql::Connection& c, std::int64_t sequence);

/// The data version and when the data was current, as decisions state them (meta data_version and data_as_of).
void set_data_version(sql::Connection& c, std::int64_t version, std::string_view as_of);

} // namespace credcheck::store
