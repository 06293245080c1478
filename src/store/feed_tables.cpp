#include "store/feed_tables.hpp"

#include "credcheck/error.hpp"

namespace credcheck::store {

namespace {

bool has_table(sql::Connection& c, const char* name) {
    sql::Query q(c.prepared("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?"));
    q.bind(name);
    return q.step();
}

std::string blob_text(const sql::Query& q, int column) { return std::string(q.blob(column)); }

PublishedFile file_from(const sql::Query& q) {
    PublishedFile f;
    f.sequence = q.integer(0);
    f.kind = q.text(1);
    f.manifest = q.text(2);
    f.manifest_sm3 = q.text(3);
    f.data_version = q.integer(4);
    f.content = blob_text(q, 5);
    f.last_change = q.integer(6);
    f.created_at = q.text(7);
    f.expires_at = q.text(8);
    f.file_name = q.text(9);
    return f;
}

} // namespace

std::optional<FeedState> feed_state(sql::Connection& c) {
    if (!has_table(c, "feed_state")) return std::nullopt;
    sql::Query q(c.prepared("SELECT feed_id, publisher, person_key, started_at FROM feed_state WHERE id = 1"));
    if (!q.step()) return std::nullopt;
    return FeedState{std::string(q.text(0)), std::string(q.text(1)), blob_text(q, 2), std::string(q.text(3))};
}

void start_feed(sql::Connection& c, const FeedState& s) {
    sql::Query q(c.prepared("INSERT INTO feed_state (id, feed_id, publisher, person_key, started_at) VALUES (1, ?, ?, ?, ?)"));
    q.bind(s.feed_id).bind(s.publisher).bind_blob(s.person_key).bind(s.started_at).run();
}

void store_captured_changes(sql::Connection& c, std::string_view changeset, std::string_view digests, std::int64_t rows) {
    sql::Query q(c.prepared("INSERT INTO feed_changes (rows, changeset, digests) VALUES (?, ?, ?)"));
    q.bind(rows).bind_blob(changeset).bind_blob(digests).run();
}

void each_captured_change(sql::Connection& c, std::int64_t after, const std::function<void(const CapturedChanges&)>& f) {
    sql::Query q(c.prepared("SELECT id, rows, changeset, digests FROM feed_changes WHERE id > ? ORDER BY id"));
    q.bind(after);
    while (q.step()) f(CapturedChanges{q.integer(0), q.integer(1), blob_text(q, 2), blob_text(q, 3)});
}

std::int64_t last_captured_change(sql::Connection& c) {
    sql::Query q(c.prepared("SELECT coalesce(max(id), 0) FROM feed_changes"));
    q.step();
    return q.integer(0);
}

void drop_captured_changes(sql::Connection& c, std::int64_t up_to) {
    sql::Query q(c.prepared("DELETE FROM feed_changes WHERE id <= ?"));
    q.bind(up_to).run();
}

std::optional<PublishedFile> last_published(sql::Connection& c) {
    if (!has_table(c, "feed_files")) return std::nullopt;
    sql::Query q(c.prepared(
        "SELECT sequence, kind, manifest, manifest_sm3, data_version, content, last_change, created_at, expires_at, file_name "
        "FROM feed_files ORDER BY sequence DESC LIMIT 1"));
    if (!q.step()) return std::nullopt;
    return file_from(q);
}

std::optional<PublishedFile> published(sql::Connection& c, std::int64_t sequence) {
    sql::Query q(c.prepared(
        "SELECT sequence, kind, manifest, manifest_sm3, data_version, content, last_change, created_at, expires_at, file_name "
        "FROM feed_files WHERE sequence = ?"));
    q.bind(sequence);
    if (!q.step()) return std::nullopt;
    return file_from(q);
}

void record_published(sql::Connection& c, const PublishedFile& f) {
    sql::Query q(c.prepared("INSERT INTO feed_files (sequence, kind, manifest, manifest_sm3, data_version, content, last_change, created_at, "
                            "expires_at, file_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.bind(f.sequence).bind(f.kind).bind(f.manifest).bind(f.manifest_sm3).bind(f.data_version).bind_blob(f.content).bind(f.last_change)
        .bind(f.created_at).bind(f.expires_at).bind(f.file_name).run();
}

bool is_replica(sql::Connection& c) {
    if (!has_table(c, "replica_state")) return false;
    sql::Query q(c.prepared("SELECT 1 FROM replica_state WHERE id = 1"));
    return q.step();
}

std::optional<ReplicaState> replica_state(sql::Connection& c) {
    if (!has_table(c, "replica_state")) return std::nullopt;
    sql::Query q(c.prepared("SELECT feed_id, publisher, trusted_key, person_key, sequence, manifest_sm3, data_version, data_as_of, expires_at, "
                            "content, initialized_at FROM replica_state WHERE id = 1"));
    if (!q.step()) return std::nullopt;
    ReplicaState s;
    s.feed_id = q.text(0);
    s.publisher = q.text(1);
    s.trusted_key = q.text(2);
    s.person_key = blob_text(q, 3);
    s.sequence = q.integer(4);
    s.manifest_sm3 = q.text(5);
    s.data_version = q.integer(6);
    s.data_as_of = q.text(7);
    s.expires_at = q.text(8);
    s.content = blob_text(q, 9);
    s.initialized_at = q.text(10);
    return s;
}

void save_replica_state(sql::Connection& c, const ReplicaState& s) {
    sql::Query q(c.prepared("INSERT INTO replica_state (id, feed_id, publisher, trusted_key, person_key, sequence, manifest_sm3, data_version, "
                            "data_as_of, expires_at, content, initialized_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            "ON CONFLICT (id) DO UPDATE SET sequence = excluded.sequence, manifest_sm3 = excluded.manifest_sm3, "
                            "data_version = excluded.data_version, data_as_of = excluded.data_as_of, expires_at = excluded.expires_at, "
                            "content = excluded.content"));
    q.bind(s.feed_id).bind(s.publisher).bind(s.trusted_key).bind_blob(s.person_key).bind(s.sequence).bind(s.manifest_sm3).bind(s.data_version)
        .bind(s.data_as_of).bind(s.expires_at).bind_blob(s.content).bind(s.initialized_at).run();
}

void record_applied_file(sql::Connection& c, const AppliedFile& f) {
    sql::Query q(c.prepared("INSERT INTO replica_files (sequence, kind, manifest, signature, manifest_sm3, file_name, applied_at) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?)"));
    q.bind(f.sequence).bind(f.kind).bind(f.manifest).bind_blob(f.signature).bind(f.manifest_sm3).bind(f.file_name).bind(f.applied_at).run();
}

std::int64_t applied_file_count(sql::Connection& c) {
    sql::Query q(c.prepared("SELECT count(*) FROM replica_files"));
    q.step();
    return q.integer(0);
}

std::optional<std::string> applied_manifest_sm3(sql::Connection& c, std::int64_t sequence) {
    sql::Query q(c.prepared("SELECT manifest_sm3 FROM replica_files WHERE sequence = ?"));
    q.bind(sequence);
    if (!q.step()) return std::nullopt;
    return std::string(q.text(0));
}

void set_data_version(sql::Connection& c, std::int64_t version, std::string_view as_of) {
    {
        sql::Query q(c.prepared("UPDATE meta SET value = CAST(? AS TEXT) WHERE key = 'data_version'"));
        q.bind(version).run();
    }
    sql::Query q(c.prepared("INSERT INTO meta (key, value) VALUES ('data_as_of', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    q.bind(as_of).run();
}

} // namespace credcheck::store
