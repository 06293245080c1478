// credcheck/feed.hpp — credit data where the check runs (issue 14): the credit office publishes a
// signed change feed of what checks and implementing departments need; each department keeps a replica
// of it, next to the approval system that embeds credcheck, and applies the office's files as they come.
//
// Office:  publish_feed() after writes (a file of the changes since the last one, or a heartbeat that
//          only renews freshness), write_snapshot() to bootstrap a new replica.
// Replica: init_replica() from a snapshot and the office's public key, then apply_feed() for every file
//          (or the feed directory); replica_status() for where it stands. Decisions on a replica carry
//          the data version and when the office published it, and say stale past the file's expiry
//          or the host's maximum age (OpenOptions::max_data_age), never answering a plain allow then.
//
// What a replica receives (store/projection.hpp, README "The replica"): subjects and codes, relations,
// records' check-relevant fields, list entries, objections' suspension state, repairs, the catalog, the
// calendar, routes. Never the audit trail, notices or feedback, objection texts, or a citizen ID number:
// a natural person is found by HMAC-SM3 of the number under the feed's key, and shown masked.
//
// Every file is signed with the office's SM2 key (keys.hpp), and names the digest of the file before
// it: a replica applies a file only when its signature verifies under the key it trusts, it continues
// the chain from the replica's last file (no gap, no replay, no older file after a newer one, no file
// of another feed), it is not past its expiry (as the newest file of an apply), and after applying it
// the digest of the replica's whole replicated content equals the manifest's — all in one transaction.
// Anything else is refused with Error(feed_refused) naming the file and the reason, and nothing changes.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(workflows)

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "credcheck/database.hpp"

namespace credcheck {

// ---- the office ---------------------------------------------------------------------------------------

struct PublishOptions {
    std::filesystem::path key;        // the office's SM2 private key (PEM, PKCS#8): the feed's first file fixes it
    std::filesystem::path directory;  // the feed directory (created if missing): feed-000001.ccfeed, …
    std::chrono::seconds expires_in = std::chrono::hours(36); // the file's freshness: replicas say stale after
    std::optional<std::chrono::sys_seconds> now;               // for tests: the publisher's clock
};

struct FeedFileInfo {
    std::filesystem::path file;
    std::string kind;            // changes | heartbeat | snapshot
    std::int64_t sequence = 0;
    std::int64_t data_version_from = 0, data_version_to = 0;
    std::int64_t rows = 0;       // rows inserted, updated or deleted (a snapshot: rows it holds)
    std::uint64_t bytes = 0;     // the file's size
    std::string created_at, data_as_of, expires_at; // UTC, ISO 8601
    std::string manifest_sm3, content_sm3;
};

/// Publishes the changes captured since the last file (or, the first time, everything): the credit
/// office only. A publish with nothing changed writes a heartbeat. Costs what changed, not the database.
/// Error(permission_denied) when the key is not the one the feed was started with.
FeedFileInfo publish_feed(const Database& office, const PublishOptions& options);

struct SnapshotOptions {
    std::filesystem::path key;  // the office's SM2 private key
    std::filesystem::path file; // the snapshot to write (not replaced when it exists)
    std::optional<std::chrono::sys_seconds> now;
};

/// A signed, consistent bootstrap copy of the replicated content as of the last file published (the
/// changes captured since are left to the next file). Error(conflict) before the first publish. It
/// holds the feed's person key: hand it to the department as you would its key.
FeedFileInfo write_snapshot(const Database& office, const SnapshotOptions& options);

// ---- a replica ----------------------------------------------------------------------------------------

struct ReplicaStatus {
    std::filesystem::path replica;
    std::string feed_id;
    std::string publisher;      // the trusted key's fingerprint
    std::int64_t sequence = 0;  // the last file applied
    std::int64_t data_version = 0;
    std::string data_as_of;     // when the office published the data it holds
    std::string expires_at;     // after this its decisions are stale
    std::string initialized_at;
    bool expired = false;
    std::chrono::seconds lag{0}; // now - data_as_of
    std::string content_sm3;
    std::int64_t files_applied = 0;
};

struct ReplicaInitOptions {
    std::filesystem::path snapshot;
    std::filesystem::path trusted_key; // the office's public key (PEM): every file must be signed with it
    std::optional<std::chrono::sys_seconds> now;
};

/// Creates the replica database `replica` (Error(conflict) when it exists) from a snapshot verified
/// under the trusted key; on any refusal no file is left behind.
ReplicaStatus init_replica(const std::filesystem::path& replica, const ReplicaInitOptions& options);

struct ApplyOptions {
    std::optional<std::chrono::sys_seconds> now;
};

struct AppliedFile {
    std::filesystem::path file;
    std::int64_t sequence = 0;
    std::string kind;
    bool applied = false; // false: skipped, already applied (or older than the replica, in a directory)
    std::int64_t rows = 0;
};

struct ApplyReport {
    std::vector<AppliedFile> files;
    ReplicaStatus status;
};

/// Applies a feed file, or every *.ccfeed file of a directory newer than the replica, in sequence
/// order, in one transaction. A file given by name that is not newer than the replica is refused (a
/// replay, or an older file after a newer one); in a directory such files are skipped.
ApplyReport apply_feed(const Database& replica, const std::filesystem::path& file_or_directory, const ApplyOptions& options = {});

/// Where the replica stands. Error(conflict) for a database that is not a replica.
ReplicaStatus replica_status(const Database& replica, std::optional<std::chrono::sys_seconds> now = std::nullopt);

/// True when `db` is a department replica.
bool is_replica(const Database& db);

/// The tables a replica receives, in the order they are applied.
std::vector<std::string> replicated_tables();

/// The rows of replicated table `table` as a replica holds them, one JSON array of the row's values a
/// line (blobs as hex), in primary-key order: on the office, its rows projected (what its replicas must
/// hold; the feed must have started); on a replica, its rows as they are. The same text from both means
/// the same content. The credit office only (its projection), or anyone but the public on a replica.
void export_replicated_table(const Database& db, std::string_view table, std::ostream& out);

} // namespace credcheck
