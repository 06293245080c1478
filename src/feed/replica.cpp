// A department replica: created from a snapshot, kept current by the office's feed files, each
// verified (signature, feed, payload, chain, sequence, expiry) and applied in one transaction, after
// which the digest of the whole replicated content must equal the manifest's.
#include "credcheck/feed.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "credcheck/error.hpp"
#include "feed/content.hpp"
#include "feed/feed_file.hpp"
#include "security/permissions.hpp"
#include "store/audit_log.hpp"
#include "store/changesets.hpp"
#include "store/open_file.hpp"
#include "store/replica_guard.hpp"
#include "store/feed_tables.hpp"
#include "store/replicated_rows.hpp"
#include "store/schema.hpp"
#include "util/clock.hpp"
#include "util/sm2.hpp"
#include "credcheck/utc_time.hpp"

namespace credcheck {

namespace {

[[noreturn]] void refuse(const std::filesystem::path& file, std::string_view why) {
    throw Error(Status::feed_refused, fmt::format("{}: refused, nothing applied: {}", file.string(), why));
}

struct Verified {
    std::filesystem::path path;
    feed::FeedFile file;
    std::string manifest_sm3;
};

/// What can be checked of a file on its own: its shape, its signature under the trusted key, its
/// feed, its payload's digest and the schema it was written for. With `header_only` the payload is not
/// read (nor checked): enough to tell which files of a directory to read whole.
Verified verify(const std::filesystem::path& path, const Sm2Key& trusted, const std::string& feed_id, int schema, bool header_only = false) {
    Verified v{path, {}, {}};
    // The signature first, over the manifest's bytes as they are: nothing of an unsigned text is parsed.
    const auto reason_of = [&](const Error& e) {
        const std::string prefix = path.string() + ": ";
        const std::string what = e.what();
        return what.starts_with(prefix) ? what.substr(prefix.size()) : what;
    };
    try {
        v.file = header_only ? feed::read_feed_header(path) : feed::read_feed_file(path, false);
    } catch (const Error& e) {
        if (e.status() != Status::feed_refused) throw;
        refuse(path, reason_of(e));
    }
    if (!trusted.verify(v.file.manifest_text(), v.file.signature()))
        refuse(path, fmt::format("its signature does not verify under the trusted key {}: the manifest was altered, or another key signed it",
                                 trusted.fingerprint()));
    try {
        v.file.manifest = feed::Manifest::parse(v.file.manifest_text(), path.string());
    } catch (const Error& e) {
        if (e.status() != Status::feed_refused) throw;
        refuse(path, reason_of(e));
    }
    const feed::Manifest& m = v.file.manifest;
    if (m.publisher != trusted.fingerprint()) refuse(path, fmt::format("it names publisher {}, not the trusted key {}", m.publisher, trusted.fingerprint()));
    if (!feed_id.empty() && m.feed_id != feed_id)
        refuse(path, fmt::format("it belongs to feed {}, and this replica follows feed {}: a file from another publisher", m.feed_id, feed_id));
    if (!header_only && (v.file.payload().size() != m.payload_bytes || digest_hex(DigestAlgorithm::sm3, v.file.payload()) != m.payload_sm3))
        refuse(path, "its payload does not match the digest its manifest signs: the payload was altered or damaged");
    if (m.schema_version != schema)
        refuse(path, fmt::format("it was written for schema {}, and this replica has schema {}: replicas and the office run the same credcheck "
                                 "schema",
                                 m.schema_version, schema));
    v.manifest_sm3 = feed::manifest_digest(v.file.manifest_text());
    return v;
}

/// Applies a file's changesets. With `content`, the set digest follows the rows they touch: each
/// touched row's digest before is taken out and after is put in, as the replica stores it.
std::int64_t apply_sections(sql::Connection& c, const store::Projection& projection, const Verified& v, store::ReplicaGuard* guard,
                            SetDigest* content) {
    std::int64_t rows = 0;
    std::optional<store::RowFinder> finder;
    if (content) finder.emplace(c, projection.tables());
    for (const feed::SectionView& section : feed::decode_payload(v.file.payload(), v.path.string())) {
        if (section.type != 'C') continue;
        std::vector<std::pair<std::size_t, store::Row>> touched;
        try {
            store::each_change(section.bytes, v.path.string(), [&](const store::Change& change) {
                const int index = projection.index_of(change.table);
                if (index < 0) refuse(v.path, fmt::format("it changes table {}, which no replica receives", change.table));
                const store::ReplicatedTable& t = projection.tables()[static_cast<std::size_t>(index)];
                std::vector<bool> key(t.columns.size(), false);
                for (int k : t.key) key[static_cast<std::size_t>(k)] = true;
                if (static_cast<std::size_t>(change.columns) != t.columns.size() || change.key != key)
                    refuse(v.path, fmt::format("its changes of {} have {} columns or another key than this replica's table", change.table, change.columns));
                if (content) touched.emplace_back(static_cast<std::size_t>(index), change.op == SQLITE_INSERT ? change.new_values : change.old_values);
                ++rows;
            });
        } catch (const Error& e) {
            if (e.status() == Status::feed_refused) throw;
            refuse(v.path, e.what());
        }
        std::vector<Digest> digests;
        Hasher hasher(DigestAlgorithm::sm3);
        const auto digest_touched = [&] {
            digests.clear();
            for (const auto& [index, key] : touched)
                if (const auto row = finder->find(index, key)) digests.push_back(store::row_digest(hasher, projection.tables()[index].name, *row));
        };
        if (content) {
            digest_touched();
            content->remove_all(digests);
        }
        try {
            std::optional<store::ReplicaGuard::Applying> lifted;
            if (guard) lifted.emplace(*guard);
            store::apply_changeset(c.handle(), section.bytes, "its changes");
        } catch (const Error& e) {
            if (e.status() != Status::conflict) throw;
            refuse(v.path, fmt::format("{} (the replica's office data differs from what the file was made against: edited locally?)", e.what()));
        }
        if (content) {
            digest_touched();
            content->add_all(digests);
        }
    }
    return rows;
}

/// The set digest of every replicated row stored.
SetDigest content_of(sql::Connection& c, const store::Projection& projection) {
    SetDigest d;
    Hasher hasher(DigestAlgorithm::sm3);
    std::vector<Digest> batch;
    for (const store::ReplicatedTable& t : projection.tables())
        store::each_stored_row(c, t, [&](const store::Row& row) {
            batch.push_back(store::row_digest(hasher, t.name, row));
            if (batch.size() >= 16384) {
                d.add_all(batch);
                batch.clear();
            }
        });
    d.add_all(batch);
    return d;
}

ReplicaStatus status_of(const std::filesystem::path& path, const store::ReplicaState& s, std::int64_t files, UtcSeconds now) {
    ReplicaStatus out;
    out.replica = path;
    out.feed_id = s.feed_id;
    out.publisher = s.publisher;
    out.sequence = s.sequence;
    out.data_version = s.data_version;
    out.data_as_of = s.data_as_of;
    out.expires_at = s.expires_at;
    out.initialized_at = s.initialized_at;
    const auto expires = parse_utc(s.expires_at);
    out.expired = !expires || now >= *expires;
    if (const auto as_of = parse_utc(s.data_as_of)) out.lag = now - *as_of;
    out.content_sm3 = SetDigest::from_state(s.content, "the replica's content digest").summary_hex();
    out.files_applied = files;
    return out;
}

void refuse_if_expired(const Verified& v, UtcSeconds now) {
    const auto expires = parse_utc(v.file.manifest.expires_at);
    if (!expires) refuse(v.path, "its expiry is not a UTC timestamp");
    if (now >= *expires)
        refuse(v.path, fmt::format("it expired at {} (now {}): applying it would present the office's old data as current (a freeze); a newer "
                                   "file is needed",
                                   v.file.manifest.expires_at, format_utc(now)));
}

} // namespace

bool is_replica(const Database& db) { return store::is_replica(*store::OpenFile(db).read()); }

ReplicaStatus init_replica(const std::filesystem::path& path, const ReplicaInitOptions& o) {
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) throw Error(Status::conflict, fmt::format("{} exists: a replica is created in a new file", path.string()));
    const Sm2Key trusted = Sm2Key::load(o.trusted_key);
    const UtcSeconds now = utc_now(o.now);
    const Verified v = verify(o.snapshot, trusted, "", store::latest_schema_version());
    const feed::Manifest& m = v.file.manifest;
    if (m.kind != feed::FileKind::snapshot) refuse(v.path, fmt::format("it is a {} file: a replica starts from a snapshot", feed::to_string(m.kind)));
    refuse_if_expired(v, now);
    std::string person_key;
    for (const feed::SectionView& s : feed::decode_payload(v.file.payload(), v.path.string()))
        if (s.type == 'K') person_key = std::string(s.bytes);
    if (person_key.size() != 32) refuse(v.path, "it holds no person key");

    try {
        Database db = Database::create(path);
        store::OpenFile(db).write([&](sql::Connection& c) {
            sql::Transaction tx(c);
            const store::Projection projection = store::Projection::of(c, person_key);
            const std::int64_t rows = apply_sections(c, projection, v, nullptr, nullptr);
            const SetDigest content = content_of(c, projection);
            if (content.summary_hex() != m.content_sm3)
                refuse(v.path, fmt::format("the replicated content's digest is {}, and the snapshot signs {}", content.summary_hex(), m.content_sm3));
            store::ReplicaState s;
            s.feed_id = m.feed_id;
            s.publisher = m.publisher;
            s.trusted_key = trusted.public_pem();
            s.person_key = person_key;
            s.sequence = m.sequence;
            s.manifest_sm3 = m.previous_manifest_sm3; // the manifest of the file the snapshot stands for
            s.data_version = m.data_version_to;
            s.data_as_of = m.data_as_of;
            s.expires_at = m.expires_at;
            s.content = content.state();
            s.initialized_at = format_utc(now);
            store::save_replica_state(c, s);
            // Recorded under the sequence it stands for, with that file's manifest digest: a directory
            // holding that file finds it applied.
            store::record_applied_file(c, store::AppliedFile{m.sequence, "snapshot", std::string(v.file.manifest_text()), std::string(v.file.signature()),
                                                             m.previous_manifest_sm3, v.path.filename().string(), format_utc(now)});
            store::set_data_version(c, s.data_version, s.data_as_of);
            store::AuditScope audit(c, db.principal(), "replica.init");
            audit.target = v.path.filename().string();
            audit.details = {{"feed_id", m.feed_id}, {"publisher", m.publisher}, {"sequence", m.sequence}, {"data_version", m.data_version_to},
                             {"rows", rows},         {"content_sm3", m.content_sm3}};
            audit.append();
            tx.commit();
        });
    } catch (...) {
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(path.string() + suffix, ec);
        throw;
    }
    return replica_status(Database::open(path, read_only_options()), now);
}

ApplyReport apply_feed(const Database& db, const std::filesystem::path& target, const ApplyOptions& o) {
    security::require_not_public(db, "apply the office's feed");
    const UtcSeconds now = utc_now(o.now);
    std::error_code ec;
    const bool directory = std::filesystem::is_directory(target, ec);
    std::vector<std::filesystem::path> candidates;
    if (directory) {
        for (const auto& entry : std::filesystem::directory_iterator(target))
            if (entry.is_regular_file() && entry.path().extension() == ".ccfeed" && !entry.path().filename().string().starts_with("."))
                candidates.push_back(entry.path());
    } else {
        if (!std::filesystem::exists(target, ec)) throw Error(Status::not_found, fmt::format("no feed file or directory {}", target.string()));
        candidates.push_back(target);
    }

    ApplyReport report;
    store::OpenFile(db).write([&](sql::Connection& c) {
        sql::Transaction tx(c);
        auto state = store::replica_state(c);
        if (!state) throw Error(Status::conflict, fmt::format("{} is not a replica (create one with `credcheck replica init`)", db.path().string()));
        store::ReplicaGuard* guard = store::OpenFile(db).replica_guard();
        if (!guard) throw Error(Status::misuse, fmt::format("{} became a replica after this handle first wrote to it: open it again", db.path().string()));
        const Sm2Key trusted = Sm2Key::from_pem(state->trusted_key, "the replica's trusted key");
        const int schema = store::schema_version(c);
        // Every file's manifest is verified; only the newer files are read whole (a directory keeps a
        // feed's whole history, the first file holding everything).
        std::vector<Verified> files;
        for (const auto& path : candidates) files.push_back(verify(path, trusted, state->feed_id, schema, true));
        std::sort(files.begin(), files.end(), [](const Verified& a, const Verified& b) { return a.file.manifest.sequence < b.file.manifest.sequence; });
        for (std::size_t i = 1; i < files.size(); ++i)
            if (files[i].file.manifest.sequence == files[i - 1].file.manifest.sequence && files[i].manifest_sm3 != files[i - 1].manifest_sm3)
                refuse(files[i].path, fmt::format("{} holds another file {}: two histories of one feed", files[i - 1].path.string(),
                                                  files[i].file.manifest.sequence));

        const store::Projection projection = store::Projection::of(c, state->person_key);
        SetDigest content = SetDigest::from_state(state->content, "the replica's content digest");
        const std::int64_t from_sequence = state->sequence;
        std::optional<Verified> newest;
        std::int64_t rows = 0;
        for (const Verified& header : files) {
            const feed::Manifest& m = header.file.manifest;
            const Verified& v = header;
            AppliedFile outcome{v.path, m.sequence, std::string(feed::to_string(m.kind)), false, 0};
            if (m.kind == feed::FileKind::snapshot) {
                if (directory) continue;
                refuse(v.path, "it is a snapshot: a snapshot starts a new replica (`credcheck replica init`), it is not applied to one");
            }
            if (m.sequence <= state->sequence) {
                const auto applied = store::applied_manifest_sm3(c, m.sequence);
                if (applied && *applied != v.manifest_sm3)
                    refuse(v.path, fmt::format("this replica applied another file {}: a second history of the feed", m.sequence));
                if (!directory)
                    refuse(v.path, applied ? fmt::format("file {} was applied already (a replay)", m.sequence)
                                           : fmt::format("file {} is older than the replica, which holds file {} (an older file after a newer one)",
                                                         m.sequence, state->sequence));
                report.files.push_back(outcome); // skipped: applied already, or held by the snapshot
                continue;
            }
            if (m.sequence != state->sequence + 1)
                refuse(v.path, fmt::format("it is file {}, and the replica holds file {}: file {} is missing (a gap)", m.sequence, state->sequence,
                                           state->sequence + 1));
            if (m.previous_manifest_sm3 != state->manifest_sm3)
                refuse(v.path, fmt::format("it does not continue the replica's chain: it follows manifest {}, the replica's last is {}",
                                           m.previous_manifest_sm3, state->manifest_sm3));
            if (m.data_version_from != state->data_version)
                refuse(v.path, fmt::format("it starts from data version {}, and the replica holds {}", m.data_version_from, state->data_version));
            const Verified whole = verify(v.path, trusted, state->feed_id, schema);
            if (whole.manifest_sm3 != v.manifest_sm3) refuse(v.path, "it changed while it was read");
            outcome.rows = apply_sections(c, projection, whole, guard, &content);
            if (content.summary_hex() != m.content_sm3)
                refuse(v.path, fmt::format("after applying it the replica's content digest is {}, and the manifest signs {}: the replica's "
                                           "office data differs from the office's (changed outside the feed?)",
                                           content.summary_hex(), m.content_sm3));
            state->sequence = m.sequence;
            state->manifest_sm3 = v.manifest_sm3;
            state->data_version = m.data_version_to;
            state->data_as_of = m.data_as_of;
            state->expires_at = m.expires_at;
            store::record_applied_file(c, store::AppliedFile{m.sequence, outcome.kind, std::string(v.file.manifest_text()), std::string(v.file.signature()), v.manifest_sm3,
                                                             v.path.filename().string(), format_utc(now)});
            outcome.applied = true;
            rows += outcome.rows;
            newest = header; // its manifest: the newest file applied must not have expired
            report.files.push_back(outcome);
        }
        if (newest) {
            refuse_if_expired(*newest, now);
            state->content = content.state();
            store::save_replica_state(c, *state);
            store::set_data_version(c, state->data_version, state->data_as_of);
            store::AuditScope audit(c, db.principal(), "replica.apply");
            audit.target = fmt::format("files {}–{}", from_sequence + 1, state->sequence);
            audit.details = {{"feed_id", state->feed_id}, {"from_sequence", from_sequence}, {"to_sequence", state->sequence},
                             {"data_version", state->data_version}, {"rows", rows}, {"content_sm3", content.summary_hex()}};
            audit.append();
        }
        tx.commit();
        report.status = status_of(db.path(), *state, store::applied_file_count(c), now);
    });
    return report;
}

ReplicaStatus replica_status(const Database& db, std::optional<std::chrono::sys_seconds> now) {
    security::require_not_public(db, "read a replica's status");
    auto c = store::OpenFile(db).read();
    const auto state = store::replica_state(*c);
    if (!state) throw Error(Status::conflict, fmt::format("{} is not a replica", db.path().string()));
    return status_of(db.path(), *state, store::applied_file_count(*c), utc_now(now));
}

} // namespace credcheck
