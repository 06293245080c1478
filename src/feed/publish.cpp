// The office publishes: the changes captured since the last file (combined with a changegroup), or a
// heartbeat, or — the first time — the whole replicated content, as a signed feed file.
#include "credcheck/feed.hpp"

#include <fmt/format.h>

#include "credcheck/error.hpp"
#include "credcheck/version.hpp"
#include "feed/content.hpp"
#include "feed/feed_file.hpp"
#include "security/permissions.hpp"
#include "store/audit_log.hpp"
#include "store/changesets.hpp"
#include "store/open_file.hpp"
#include "store/feed_tables.hpp"
#include "store/reads.hpp"
#include "store/replicated_rows.hpp"
#include "store/schema.hpp"
#include "util/keyed_digest.hpp"
#include "util/sm2.hpp"
#include "credcheck/utc_time.hpp"

namespace credcheck {

namespace embedded {
extern const std::string_view publicity_rules_json;
}

namespace feed {

std::string publicity_rules_digest() { return digest_hex(DigestAlgorithm::sm3, embedded::publicity_rules_json); }

std::int64_t stored_data_version(sql::Connection& c) { return store::data_version(c); }

namespace {

/// The digests a captured changeset carries: '-' or '+' and an SM3, each.
void apply_digests(SetDigest& content, std::string_view digests) {
    if (digests.size() % 33 != 0) throw Error(Status::database_error, "a captured change's digests are damaged");
    std::vector<Digest> added, removed;
    for (std::size_t at = 0; at < digests.size(); at += 33) {
        Digest d{};
        std::copy(digests.begin() + static_cast<std::ptrdiff_t>(at + 1), digests.begin() + static_cast<std::ptrdiff_t>(at + 33),
                  reinterpret_cast<char*>(d.data()));
        if (digests[at] == '+') added.push_back(d);
        else if (digests[at] == '-') removed.push_back(d);
        else throw Error(Status::database_error, "a captured change's digests are damaged");
    }
    content.add_all(added);
    content.remove_all(removed);
}

std::int64_t count_changes(std::string_view changeset) {
    std::int64_t n = 0;
    store::each_change(changeset, "the published changeset", [&](const store::Change&) { ++n; });
    return n;
}

/// A file whose publish committed and whose rename a crash prevented: it is there under its partial
/// name, and its manifest is the one recorded. It takes its name now.
void finish_interrupted(const std::filesystem::path& directory, const store::PublishedFile& last) {
    const std::filesystem::path file = directory / last.file_name;
    std::error_code ec;
    if (std::filesystem::exists(file, ec) || !std::filesystem::exists(partial_path(file), ec)) return;
    const FeedFile partial = read_feed_file(partial_path(file), false);
    if (manifest_digest(partial.manifest_text()) == last.manifest_sm3) finish_partial(file);
}

} // namespace

} // namespace feed

FeedFileInfo publish_feed(const Database& db, const PublishOptions& o) {
    security::require_credit_office(db, "publish the feed to department replicas");
    if (o.expires_in.count() <= 0) throw Error(Status::invalid_argument, "a feed file must expire after it is made (--expires-in)");
    const Sm2Key key = Sm2Key::load(o.key);
    if (!key.has_private()) throw Error(Status::invalid_argument, fmt::format("{} is a public key: publishing needs the office's private key", o.key.string()));
    std::error_code ec;
    std::filesystem::create_directories(o.directory, ec);
    if (!std::filesystem::is_directory(o.directory, ec))
        throw Error(Status::io_error, fmt::format("cannot make the feed directory {}", o.directory.string()));

    const UtcSeconds now = utc_now(o.now);
    feed::Manifest m;
    FeedFileInfo info;
    bool written = false;
    try {
        store::OpenFile(db).write([&](sql::Connection& c) {
            sql::Transaction tx(c);
            auto state = store::feed_state(c);
            if (!state) {
                state = store::FeedState{hex_of(random_bytes(16)), key.fingerprint(), random_bytes(32), format_utc(now)};
                store::start_feed(c, *state);
            } else if (state->publisher != key.fingerprint()) {
                throw Error(Status::permission_denied, fmt::format("the feed {} is signed with key {}, and {} is key {}: replicas trust only the "
                                                                   "first (a new key means new replicas)",
                                                                   state->feed_id, state->publisher, o.key.string(), key.fingerprint()));
            }
            const auto last = store::last_published(c);
            if (last) feed::finish_interrupted(o.directory, *last);
            const store::Projection projection = store::Projection::of(c, state->person_key);

            std::vector<feed::Section> sections;
            SetDigest content;
            std::int64_t last_change = 0, rows = 0;
            if (!last) { // the first file: everything
                feed::ContentWriter writer(projection);
                feed::each_projected_row(c, projection, [&](int table, store::Row row) { writer.add(table, std::move(row)); });
                content = std::move(writer.digest());
                rows = writer.rows();
                sections = writer.finish();
                last_change = store::last_captured_change(c);
            } else {
                content = SetDigest::from_state(last->content, "the last published file's content digest");
                last_change = last->last_change;
                store::ChangeGroup group;
                store::each_captured_change(c, last->last_change, [&](const store::CapturedChanges& captured) {
                    group.add(captured.changeset);
                    feed::apply_digests(content, captured.digests);
                    last_change = captured.id;
                });
                std::string changeset = group.output();
                rows = changeset.empty() ? 0 : feed::count_changes(changeset);
                if (!changeset.empty()) sections.push_back(feed::Section{'C', std::move(changeset)});
            }
            const feed::PayloadSummary payload = feed::summarize_payload(sections);
            const auto [audit_seq, audit_hash] = store::audit_head(c);

            m.kind = sections.empty() ? feed::FileKind::heartbeat : feed::FileKind::changes;
            m.feed_id = state->feed_id;
            m.publisher = state->publisher;
            m.sequence = last ? last->sequence + 1 : 1;
            m.previous_manifest_sm3 = last ? last->manifest_sm3 : std::string(64, '0');
            m.schema_version = store::schema_version(c);
            m.data_version_from = last ? last->data_version : 0;
            m.data_version_to = feed::stored_data_version(c);
            m.payload_bytes = payload.bytes;
            m.payload_sm3 = payload.sm3;
            m.payload_rows = rows;
            m.content_sm3 = content.summary_hex();
            m.audit_seq = audit_seq;
            m.audit_hash = audit_hash;
            m.publicity_rules_sm3 = feed::publicity_rules_digest();
            m.created_at = format_utc(now);
            m.data_as_of = m.created_at;
            m.expires_at = format_utc(now + o.expires_in);
            m.library_version = library_version();
            const std::string manifest = m.to_json();
            const std::string signature = key.sign(manifest);

            store::PublishedFile published;
            published.sequence = m.sequence;
            published.kind = std::string(feed::to_string(m.kind));
            published.manifest = manifest;
            published.manifest_sm3 = feed::manifest_digest(manifest);
            published.data_version = m.data_version_to;
            published.content = content.state();
            published.last_change = last_change;
            published.created_at = m.created_at;
            published.expires_at = m.expires_at;
            published.file_name = feed::feed_file_name(m.sequence);
            info.file = o.directory / published.file_name;
            // Written (and flushed) before the commit under a partial name, named after it: a crash in between
            // leaves the committed file under its partial name, which the next publish names.
            feed::write_partial(info.file, manifest, signature, sections);
            written = true;
            store::record_published(c, published);
            store::drop_captured_changes(c, last_change);

            store::AuditScope audit(c, db.principal(), "feed.publish");
            audit.target = published.file_name;
            audit.details = {{"feed_id", m.feed_id},         {"sequence", m.sequence},           {"kind", published.kind},
                             {"data_version_from", m.data_version_from}, {"data_version_to", m.data_version_to}, {"rows", rows},
                             {"payload_sm3", m.payload_sm3}, {"manifest_sm3", published.manifest_sm3}, {"expires_at", m.expires_at}};
            audit.append();
            tx.commit();

            info.kind = published.kind;
            info.sequence = m.sequence;
            info.data_version_from = m.data_version_from;
            info.data_version_to = m.data_version_to;
            info.rows = rows;
            info.bytes = std::filesystem::file_size(feed::partial_path(info.file));
            info.created_at = m.created_at;
            info.data_as_of = m.data_as_of;
            info.expires_at = m.expires_at;
            info.manifest_sm3 = published.manifest_sm3;
            info.content_sm3 = m.content_sm3;
        });
    } catch (...) {
        if (written) std::filesystem::remove(feed::partial_path(info.file), ec); // not committed: it never was published
        throw;
    }
    feed::finish_partial(info.file);
    return info;
}

} // namespace credcheck
