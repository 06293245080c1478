#include "feed/feed_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>

#include "credcheck/error.hpp"
#include "util/digest.hpp"
#include "util/keyed_digest.hpp"

namespace credcheck::feed {

namespace {

constexpr std::string_view kMagic = "CCFEED1\n";
constexpr std::string_view kFormat = "credcheck-feed 1";

[[noreturn]] void refuse(std::string_view origin, std::string_view why) { throw Error(Status::feed_refused, fmt::format("{}: {}", origin, why)); }

void append_be(std::string& out, std::uint64_t v, int bytes) {
    for (int i = bytes - 1; i >= 0; --i) out += static_cast<char>(v >> (8 * i));
}

std::uint64_t read_be(std::string_view s, std::size_t at, int bytes) {
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<std::uint8_t>(s[at + static_cast<std::size_t>(i)]);
    return v;
}

bool is_hex64(const std::string& s) {
    return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

} // namespace

std::string_view to_string(FileKind kind) noexcept {
    switch (kind) {
    case FileKind::changes: return "changes";
    case FileKind::heartbeat: return "heartbeat";
    case FileKind::snapshot: return "snapshot";
    }
    return "";
}

std::string Manifest::to_json() const {
    nlohmann::ordered_json j = {
        {"format", kFormat},
        {"kind", to_string(kind)},
        {"feed_id", feed_id},
        {"publisher", publisher},
        {"sequence", sequence},
        {"previous_manifest_sm3", previous_manifest_sm3},
        {"schema_version", schema_version},
        {"data_version", {{"from", data_version_from}, {"to", data_version_to}}},
        {"payload", {{"bytes", payload_bytes}, {"sm3", payload_sm3}, {"rows", payload_rows}}},
        {"content_sm3", content_sm3},
        {"audit_head", {{"seq", audit_seq}, {"hash", audit_hash}}},
        {"publicity_rules_sm3", publicity_rules_sm3},
        {"created_at", created_at},
        {"data_as_of", data_as_of},
        {"expires_at", expires_at},
        {"library_version", library_version},
    };
    return j.dump();
}

Manifest Manifest::parse(std::string_view text, std::string_view origin) {
    Manifest m;
    try {
        const auto j = nlohmann::json::parse(text);
        if (j.at("format").get<std::string>() != kFormat)
            refuse(origin, fmt::format("manifest format '{}' is not '{}'", j.at("format").get<std::string>(), kFormat));
        const auto kind = j.at("kind").get<std::string>();
        if (kind == "changes") m.kind = FileKind::changes;
        else if (kind == "heartbeat") m.kind = FileKind::heartbeat;
        else if (kind == "snapshot") m.kind = FileKind::snapshot;
        else refuse(origin, fmt::format("unknown file kind '{}'", kind));
        m.feed_id = j.at("feed_id").get<std::string>();
        m.publisher = j.at("publisher").get<std::string>();
        m.sequence = j.at("sequence").get<std::int64_t>();
        m.previous_manifest_sm3 = j.at("previous_manifest_sm3").get<std::string>();
        m.schema_version = j.at("schema_version").get<int>();
        m.data_version_from = j.at("data_version").at("from").get<std::int64_t>();
        m.data_version_to = j.at("data_version").at("to").get<std::int64_t>();
        m.payload_bytes = j.at("payload").at("bytes").get<std::uint64_t>();
        m.payload_sm3 = j.at("payload").at("sm3").get<std::string>();
        m.payload_rows = j.at("payload").at("rows").get<std::int64_t>();
        m.content_sm3 = j.at("content_sm3").get<std::string>();
        m.audit_seq = j.at("audit_head").at("seq").get<std::int64_t>();
        m.audit_hash = j.at("audit_head").at("hash").get<std::string>();
        m.publicity_rules_sm3 = j.at("publicity_rules_sm3").get<std::string>();
        m.created_at = j.at("created_at").get<std::string>();
        m.data_as_of = j.at("data_as_of").get<std::string>();
        m.expires_at = j.at("expires_at").get<std::string>();
        m.library_version = j.at("library_version").get<std::string>();
    } catch (const nlohmann::json::exception& e) {
        refuse(origin, fmt::format("the manifest is not a credcheck feed manifest: {}", e.what()));
    }
    if (m.sequence < 1) refuse(origin, "the manifest's sequence is not positive");
    if (!is_hex64(m.payload_sm3) || !is_hex64(m.content_sm3) || !is_hex64(m.previous_manifest_sm3))
        refuse(origin, "the manifest's digests are not SM3 hex digests");
    return m;
}

std::string manifest_digest(std::string_view manifest_text) { return digest_hex(DigestAlgorithm::sm3, manifest_text); }

namespace {

void append_section_header(std::string& out, const Section& s) {
    out += s.type;
    append_be(out, s.bytes.size(), 8);
}

/// Writes all of `bytes` to `fd`; the errno of a failure, or 0.
int write_all(int fd, std::string_view bytes) {
    for (std::size_t written = 0; written < bytes.size();) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n > 0) written += static_cast<std::size_t>(n);
        else if (n == 0) return EIO;
        else if (errno != EINTR) return errno;
    }
    return 0;
}

/// Writes `parts` in order to `file`'s partial file and fsyncs it.
template <class Parts> void write_partial_parts(const std::filesystem::path& file, Parts&& parts) {
    const std::filesystem::path temporary = partial_path(file);
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw Error(Status::io_error, fmt::format("cannot create {}: {}", temporary.string(), std::strerror(errno)));
    int error = 0;
    parts([&](std::string_view bytes) {
        if (error == 0) error = write_all(fd, bytes);
    });
    if (error == 0 && ::fsync(fd) != 0) error = errno;
    if (::close(fd) != 0 && error == 0) error = errno;
    if (error != 0) {
        ::unlink(temporary.c_str());
        throw Error(Status::io_error, fmt::format("cannot write {}: {}", file.string(), std::strerror(error)));
    }
}

std::string header(std::string_view manifest_text, std::string_view signature) {
    std::string out(kMagic);
    append_be(out, manifest_text.size(), 4);
    out += manifest_text;
    append_be(out, signature.size(), 4);
    out += signature;
    return out;
}

} // namespace

PayloadSummary summarize_payload(const std::vector<Section>& sections) {
    Hasher h(DigestAlgorithm::sm3);
    PayloadSummary out;
    for (const Section& s : sections) {
        std::string head;
        append_section_header(head, s);
        h.update(head).update(s.bytes);
        out.bytes += head.size() + s.bytes.size();
    }
    out.sm3 = to_hex(h.finish());
    return out;
}

std::vector<SectionView> decode_payload(std::string_view payload, std::string_view origin) {
    std::vector<SectionView> out;
    std::size_t at = 0;
    while (at < payload.size()) {
        if (payload.size() - at < 9) refuse(origin, "the payload ends inside a section header");
        const char type = payload[at];
        if (type != 'C' && type != 'K') refuse(origin, fmt::format("unknown payload section type {:#04x}", static_cast<unsigned char>(type)));
        const std::uint64_t length = read_be(payload, at + 1, 8);
        at += 9;
        if (length > payload.size() - at) refuse(origin, "a payload section runs past the end of the file");
        out.push_back(SectionView{type, payload.substr(at, length)});
        at += length;
    }
    return out;
}

FeedFile::FeedFile(std::string bytes, std::size_t manifest_at, std::size_t manifest_size, std::size_t signature_at, std::size_t signature_size,
                   std::size_t payload_at)
    : bytes_(std::move(bytes)), manifest_at_(manifest_at), manifest_size_(manifest_size), signature_at_(signature_at),
      signature_size_(signature_size), payload_at_(payload_at) {}

std::string encode_file(std::string_view manifest_text, std::string_view signature, std::string_view payload) {
    std::string out = header(manifest_text, signature);
    out += payload;
    return out;
}

FeedFile read_feed_file(const std::filesystem::path& file, bool parse_manifest) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) throw Error(Status::not_found, fmt::format("no feed file {}", file.string()));
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(Status::io_error, fmt::format("cannot read {}: {}", file.string(), std::strerror(errno)));
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw Error(Status::io_error, fmt::format("cannot read {}", file.string()));
    return parse_feed_file(std::move(bytes), file.string(), parse_manifest);
}

FeedFile read_feed_header(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) throw Error(Status::not_found, fmt::format("no feed file {}", file.string()));
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(Status::io_error, fmt::format("cannot read {}: {}", file.string(), std::strerror(errno)));
    const auto read = [&](std::size_t n) {
        std::string out(n, '\0');
        in.read(out.data(), static_cast<std::streamsize>(n));
        out.resize(static_cast<std::size_t>(in.gcount()));
        return out;
    };
    std::string bytes = read(kMagic.size() + 4);
    if (bytes.size() == kMagic.size() + 4 && std::string_view(bytes).starts_with(kMagic)) {
        constexpr std::uint64_t kMost = 1 << 20; // a manifest or signature longer is no feed file's: parse refuses it
        bytes += read(static_cast<std::size_t>(std::min(read_be(bytes, kMagic.size(), 4), kMost)) + 4);
        bytes += read(static_cast<std::size_t>(std::min(read_be(bytes, bytes.size() - 4, 4), kMost)));
    }
    if (in.bad()) throw Error(Status::io_error, fmt::format("cannot read {}", file.string()));
    return parse_feed_file(std::move(bytes), file.string(), false);
}

FeedFile parse_feed_file(std::string bytes, std::string_view origin, bool parse_manifest) {
    if (!std::string_view(bytes).starts_with(kMagic)) refuse(origin, "not a credcheck feed file (its first bytes are not CCFEED1)");
    std::size_t at = kMagic.size();
    const auto take = [&](std::string_view what) {
        if (bytes.size() - at < 4) refuse(origin, fmt::format("the file ends before its {}", what));
        const std::uint64_t n = read_be(bytes, at, 4);
        at += 4;
        if (n > bytes.size() - at) refuse(origin, fmt::format("the {} runs past the end of the file", what));
        const std::pair<std::size_t, std::size_t> part{at, static_cast<std::size_t>(n)};
        at += n;
        return part;
    };
    const auto manifest = take("manifest");
    const auto signature = take("signature");
    FeedFile f(std::move(bytes), manifest.first, manifest.second, signature.first, signature.second, at);
    if (parse_manifest) f.manifest = Manifest::parse(f.manifest_text(), origin);
    return f;
}

std::filesystem::path partial_path(const std::filesystem::path& file) {
    const std::filesystem::path dir = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
    return dir / ("." + file.filename().string() + ".partial");
}

void write_partial(const std::filesystem::path& file, std::string_view manifest_text, std::string_view signature,
                   const std::vector<Section>& sections) {
    write_partial_parts(file, [&](auto&& write) {
        write(header(manifest_text, signature));
        for (const Section& s : sections) {
            std::string head;
            append_section_header(head, s);
            write(head);
            write(s.bytes);
        }
    });
}

void finish_partial(const std::filesystem::path& file) {
    const std::filesystem::path temporary = partial_path(file);
    std::error_code ec;
    if (std::filesystem::exists(file, ec)) {
        ::unlink(temporary.c_str());
        throw Error(Status::conflict, fmt::format("{} exists: it is not replaced", file.string()));
    }
    if (std::rename(temporary.c_str(), file.c_str()) != 0) {
        const int error = errno;
        ::unlink(temporary.c_str());
        throw Error(Status::io_error, fmt::format("cannot write {}: {}", file.string(), std::strerror(error)));
    }
    const std::filesystem::path dir = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
    if (const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
        ::fsync(dfd); // the rename itself survives a power cut
        ::close(dfd);
    }
}

void write_file_atomically(const std::filesystem::path& file, std::string_view bytes, bool replace) {
    std::error_code ec;
    if (!replace && std::filesystem::exists(file, ec)) throw Error(Status::conflict, fmt::format("{} exists: it is not replaced", file.string()));
    write_partial_parts(file, [&](auto&& write) { write(bytes); });
    if (replace) std::filesystem::remove(file, ec);
    finish_partial(file);
}

std::string feed_file_name(std::int64_t sequence) { return fmt::format("feed-{:06}.ccfeed", sequence); }

} // namespace credcheck::feed
