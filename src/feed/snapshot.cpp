// A snapshot: the replicated content as of the last file published, signed, for a new replica to
// start from. The office's rows are read as they are now; the changes captured since the last file
// (not published yet) are taken back out of them, so that the snapshot is exactly the state the next
// file continues from.
#include "credcheck/feed.hpp"

#include <fmt/format.h>
#include <map>

#include "credcheck/error.hpp"
#include "credcheck/version.hpp"
#include "feed/content.hpp"
#include "security/permissions.hpp"
#include "store/changesets.hpp"
#include "store/open_file.hpp"
#include "store/feed_tables.hpp"
#include "store/replicated_rows.hpp"
#include "store/schema.hpp"
#include "util/sm2.hpp"
#include "credcheck/utc_time.hpp"

namespace credcheck {

namespace {

/// A row as it was before the unpublished changes: for each row they touched, what it was (nullopt:
/// it did not exist yet).
class Unpublished {
public:
    Unpublished(const store::Projection& projection, std::string_view changeset) : projection_(projection) {
        store::each_change(changeset, "the unpublished changes", [&](const store::Change& change) {
            const int table = projection_.index_of(change.table);
            if (table < 0) throw Error(Status::internal, fmt::format("a captured change of table {}, which is not replicated", change.table));
            const auto& t = projection_.tables()[static_cast<std::size_t>(table)];
            const store::Row& keyed = change.op == SQLITE_INSERT ? change.new_values : change.old_values;
            Before b;
            b.op = change.op;
            b.old_values = change.old_values;
            b.has_old = change.has_old;
            before_[{table, feed::key_bytes(t, keyed)}] = std::move(b);
        });
    }

    /// The row as the last published file left it (nullopt: it was not there).
    std::optional<store::Row> published(int table, store::Row now) {
        const auto it = before_.find({table, feed::key_bytes(projection_.tables()[static_cast<std::size_t>(table)], now)});
        if (it == before_.end()) return now;
        Before& b = it->second;
        b.seen = true;
        if (b.op == SQLITE_INSERT) return std::nullopt;
        for (std::size_t i = 0; i < now.size(); ++i)
            if (b.has_old[i]) now[i] = b.old_values[i];
        return now;
    }

    /// Rows deleted since the last file, as they were then: those of `table` not seen among today's rows.
    template <class F> void each_deleted(int table, F&& f) const {
        for (const auto& [key, b] : before_)
            if (key.first == table && b.op == SQLITE_DELETE && !b.seen) f(b.old_values);
    }

private:
    struct Before {
        int op = 0;
        store::Row old_values;
        std::vector<bool> has_old;
        bool seen = false;
    };
    const store::Projection& projection_;
    std::map<std::pair<int, std::string>, Before> before_;
};

} // namespace

FeedFileInfo write_snapshot(const Database& db, const SnapshotOptions& o) {
    security::require_credit_office(db, "write a snapshot of the feed");
    const Sm2Key key = Sm2Key::load(o.key);
    if (!key.has_private()) throw Error(Status::invalid_argument, fmt::format("{} is a public key: a snapshot is signed with the office's private key", o.key.string()));
    std::error_code ec;
    if (std::filesystem::exists(o.file, ec)) throw Error(Status::conflict, fmt::format("{} exists: a snapshot never replaces a file", o.file.string()));
    const UtcSeconds now = utc_now(o.now);

    auto lease = store::OpenFile(db).read();
    sql::Connection& c = *lease;
    sql::ReadTransaction read(c); // one state: the rows, the files and the captured changes agree
    const auto state = store::feed_state(c);
    const auto last = store::last_published(c);
    if (!state || !last) throw Error(Status::conflict, "the feed has not started: publish its first file (`credcheck feed publish`) before a snapshot");
    if (state->publisher != key.fingerprint())
        throw Error(Status::permission_denied, fmt::format("the feed {} is signed with key {}, and {} is key {}", state->feed_id, state->publisher,
                                                           o.key.string(), key.fingerprint()));
    const store::Projection projection = store::Projection::of(c, state->person_key);
    store::ChangeGroup unpublished_group;
    store::each_captured_change(c, last->last_change, [&](const store::CapturedChanges& captured) { unpublished_group.add(captured.changeset); });
    Unpublished unpublished(projection, unpublished_group.output());

    feed::ContentWriter writer(projection);
    const auto& tables = projection.tables();
    for (std::size_t i = 0; i < tables.size(); ++i) {
        const int table = static_cast<int>(i);
        store::each_stored_row(c, tables[i], [&](const store::Row& row) {
            if (auto then = unpublished.published(table, projection.project(tables[i], row))) writer.add(table, std::move(*then));
        });
        unpublished.each_deleted(table, [&](const store::Row& row) { writer.add(table, row); });
    }
    if (writer.digest().state() != last->content)
        throw Error(Status::internal, fmt::format("the snapshot's content digest {} differs from file {}'s {}: the office's data changed "
                                                  "without its changes being captured",
                                                  writer.digest().summary_hex(), last->sequence,
                                                  SetDigest::from_state(last->content, "file content").summary_hex()));
    const std::int64_t rows = writer.rows();
    const std::string content_sm3 = writer.digest().summary_hex();
    std::vector<feed::Section> sections = writer.finish();
    sections.push_back(feed::Section{'K', state->person_key});
    const feed::PayloadSummary payload = feed::summarize_payload(sections);
    const auto [audit_seq, audit_hash] = store::audit_head(c);

    feed::Manifest m;
    m.kind = feed::FileKind::snapshot;
    m.feed_id = state->feed_id;
    m.publisher = state->publisher;
    m.sequence = last->sequence;
    m.previous_manifest_sm3 = last->manifest_sm3; // the file it stands for: the next one names it
    m.schema_version = store::schema_version(c);
    m.data_version_from = 0;
    m.data_version_to = last->data_version;
    m.payload_bytes = payload.bytes;
    m.payload_sm3 = payload.sm3;
    m.payload_rows = rows;
    m.content_sm3 = content_sm3;
    m.audit_seq = audit_seq;
    m.audit_hash = audit_hash;
    m.publicity_rules_sm3 = feed::publicity_rules_digest();
    m.created_at = format_utc(now);
    m.data_as_of = last->created_at;
    m.expires_at = last->expires_at;
    m.library_version = library_version();
    const std::string manifest = m.to_json();
    feed::write_partial(o.file, manifest, key.sign(manifest), sections);
    feed::finish_partial(o.file);

    FeedFileInfo info;
    info.file = o.file;
    info.kind = "snapshot";
    info.sequence = m.sequence;
    info.data_version_to = m.data_version_to;
    info.rows = rows;
    info.bytes = std::filesystem::file_size(o.file);
    info.created_at = m.created_at;
    info.data_as_of = m.data_as_of;
    info.expires_at = m.expires_at;
    info.manifest_sm3 = feed::manifest_digest(manifest);
    info.content_sm3 = content_sm3;
    return info;
}

} // namespace credcheck
