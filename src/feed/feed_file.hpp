// The feed's file format (README "The feed format"): a signed manifest and a payload of changesets.
//
//   "CCFEED1\n"                      8 bytes
//   manifest length                  4 bytes, big-endian
//   manifest                         UTF-8 JSON, exactly the bytes signed
//   signature length                 4 bytes, big-endian
//   signature                        SM2 (SM3, ID 1234567812345678), DER, over the manifest bytes
//   payload                          the rest: sections, each a type byte, an 8-byte big-endian
//                                    length and its bytes: 'C' a changeset (SQLite's format), 'K' the
//                                    person key (snapshots only)
//
// The manifest names the payload's length and SM3, so the signature covers the payload too.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(workflows)

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace credcheck::feed {

enum class FileKind { changes, heartbeat, snapshot };
std::string_view to_string(FileKind kind) noexcept;

struct Manifest {
    FileKind kind = FileKind::changes;
    std::string feed_id;
    std::string publisher;              // SM3 fingerprint of the signing key
    std::int64_t sequence = 0;          // a snapshot: the file whose state it holds
    std::string previous_manifest_sm3;  // the chain; a snapshot: the manifest digest of file `sequence`
    int schema_version = 0;
    std::int64_t data_version_from = 0, data_version_to = 0;
    std::uint64_t payload_bytes = 0;
    std::string payload_sm3;
    std::int64_t payload_rows = 0;
    std::string content_sm3;            // the replicated content's set digest after the file
    std::int64_t audit_seq = 0;
    std::string audit_hash;             // the office's audit-chain head when published
    std::string publicity_rules_sm3;    // the 双公示 rules the office applies (built into its library)
    std::string created_at, data_as_of, expires_at;
    std::string library_version;

    /// The manifest as signed: compact JSON, fields in a fixed order.
    std::string to_json() const;
    /// Error(feed_refused) naming `origin` for anything but a manifest of this format.
    static Manifest parse(std::string_view text, std::string_view origin);
};

/// The digest of a manifest's signed text: SM3, lower-case hex. What the next file names.
std::string manifest_digest(std::string_view manifest_text);

struct Section {
    char type = 'C'; // 'C' changeset, 'K' person key
    std::string bytes;
};

/// A section as read, a view into its file's bytes.
struct SectionView {
    char type = 'C';
    std::string_view bytes;
};

/// The payload's length and SM3, from its sections, without assembling it.
struct PayloadSummary {
    std::uint64_t bytes = 0;
    std::string sm3;
};
PayloadSummary summarize_payload(const std::vector<Section>& sections);

/// Error(feed_refused) naming `origin` for a malformed payload or an unknown section.
std::vector<SectionView> decode_payload(std::string_view payload, std::string_view origin);

/// A feed file as read: its bytes, and views of its parts.
class FeedFile {
public:
    FeedFile() = default;
    FeedFile(std::string bytes, std::size_t manifest_at, std::size_t manifest_size, std::size_t signature_at, std::size_t signature_size,
             std::size_t payload_at);
    std::string_view manifest_text() const noexcept { return std::string_view(bytes_).substr(manifest_at_, manifest_size_); }
    std::string_view signature() const noexcept { return std::string_view(bytes_).substr(signature_at_, signature_size_); }
    std::string_view payload() const noexcept { return std::string_view(bytes_).substr(payload_at_); }
    Manifest manifest; // parsed when asked to (read_feed_file, parse_feed_file) or by the reader after verifying

private:
    std::string bytes_;
    std::size_t manifest_at_ = 0, manifest_size_ = 0, signature_at_ = 0, signature_size_ = 0, payload_at_ = 0;
};

/// A feed file's parts from its bytes (framing only; `origin` names it in errors): Error(feed_refused).
FeedFile parse_feed_file(std::string bytes, std::string_view origin, bool parse_manifest = true);
/// Reads a feed file's parts (nothing verified but its framing). Error(not_found) for a missing file,
/// Error(feed_refused) naming it for anything that is not a feed file. With `parse_manifest` false the
/// manifest is left unparsed, for a reader that verifies its signature first (parse it with Manifest::parse).
FeedFile read_feed_file(const std::filesystem::path& file, bool parse_manifest = true);
/// The manifest and signature only (the payload left on disk, payload() empty): for choosing, among
/// the files of a directory, those worth reading whole. Errors as read_feed_file().
FeedFile read_feed_header(const std::filesystem::path& file);

/// The bytes of a feed file with these parts.
std::string encode_file(std::string_view manifest_text, std::string_view signature, std::string_view payload);

/// Where a file is written before it takes its name: a hidden file beside it.
std::filesystem::path partial_path(const std::filesystem::path& file);
/// Writes a feed file to partial_path(file), flushed to disk (fsync): it takes its name with finish_partial().
void write_partial(const std::filesystem::path& file, std::string_view manifest_text, std::string_view signature,
                   const std::vector<Section>& sections);
/// Gives a written partial file its name (rename, and fsync of the directory). Error(conflict) when
/// `file` exists, and the partial file is removed.
void finish_partial(const std::filesystem::path& file);
/// write_partial() of raw bytes and finish_partial(): a reader sees the whole file or none. Replaces an
/// existing file only when `replace`.
void write_file_atomically(const std::filesystem::path& file, std::string_view bytes, bool replace);

/// "feed-000012.ccfeed": the name a publish gives file `sequence`.
std::string feed_file_name(std::int64_t sequence);

} // namespace credcheck::feed
