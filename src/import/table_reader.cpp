// The streaming table reader: bytes (a file or a string) → UTF-8 text (passed through, or decoded from
// GB18030 by iconv) → a window of text that always holds the current record whole → CSV or JSONL records.
//
// Keeping each record contiguous in one buffer is what keeps the parsers simple: a record cut by the end
// of the buffer is scanned again from its start once more text has arrived. The buffer grows by at least
// the length of the partial record each time, so a long record is rescanned a bounded number of times.

#include "import/table_reader.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <iconv.h>
#include <nlohmann/json.hpp>
#include <string_view>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>
#include <unordered_map>
#include <utility>

#include "credcheck/error.hpp"

namespace credcheck::import {

namespace {

// ---------------------------------------------------------------------------------------------------
// Text helpers

char ascii_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string ascii_lowered(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), ascii_lower);
    return out;
}

std::string errno_text(int error) { return std::error_code(error, std::generic_category()).message(); }

/// `text` without surrounding ASCII spaces and tabs or U+3000 (the ideographic space Chinese keyboards type).
std::string_view trim_title(std::string_view text) noexcept {
    constexpr std::string_view ideographic_space = "\xE3\x80\x80";
    for (;;) {
        if (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
        else if (text.starts_with(ideographic_space)) text.remove_prefix(ideographic_space.size());
        else if (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
        else if (text.ends_with(ideographic_space)) text.remove_suffix(ideographic_space.size());
        else return text;
    }
}

/// Offset of the first byte of `text` that starts no well-formed UTF-8 sequence (Unicode table 3-7: no
/// overlong forms, no surrogates, nothing above U+10FFFF), or npos when all of it is well formed.
std::size_t first_invalid_utf8(std::string_view text) noexcept {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        // Digits, codes, dates and separators are ASCII even in Chinese files: skip them 8 bytes at a time.
        while (i + 8 <= n) {
            std::uint64_t word;
            std::memcpy(&word, s + i, 8);
            if (word & 0x8080808080808080u) break;
            i += 8;
        }
        if (i == n) break;
        const unsigned char lead = s[i];
        if (lead < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        unsigned char low = 0x80, high = 0xBF; // the range of the second byte
        if (lead >= 0xC2 && lead <= 0xDF) length = 2;
        else if (lead == 0xE0) length = 3, low = 0xA0;
        else if (lead == 0xED) length = 3, high = 0x9F;
        else if (lead >= 0xE1 && lead <= 0xEF) length = 3;
        else if (lead == 0xF0) length = 4, low = 0x90;
        else if (lead == 0xF4) length = 4, high = 0x8F;
        else if (lead >= 0xF1 && lead <= 0xF3) length = 4;
        else return i;
        if (n - i < length || s[i + 1] < low || s[i + 1] > high) return i;
        for (std::size_t k = 2; k < length; ++k)
            if ((s[i + k] & 0xC0) != 0x80) return i;
        i += length;
    }
    return std::string_view::npos;
}

/// "line N: not valid UTF-8 (byte 0xXX at column K); …" for the first malformed sequence in `record`,
/// which starts on line `first_line`; nullopt when the record is well formed. K counts characters, as an
/// editor does, from the start of the line holding the bad byte.
std::optional<std::string> utf8_problem(std::string_view record, std::size_t first_line) {
    const std::size_t bad = first_invalid_utf8(record);
    if (bad == std::string_view::npos) return std::nullopt;
    const std::string_view before = record.substr(0, bad);
    const std::size_t line_start = before.rfind('\n') == std::string_view::npos ? 0 : before.rfind('\n') + 1;
    const std::size_t line = first_line + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
    const std::size_t column =
        1 + static_cast<std::size_t>(std::count_if(before.begin() + static_cast<std::ptrdiff_t>(line_start), before.end(),
                                                   [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
    return fmt::format("line {}: not valid UTF-8 (byte 0x{:02X} at column {}); if the file is GB18030 or GBK, pass --encoding gb18030",
                       line, static_cast<unsigned char>(record[bad]), column);
}

std::string plural(std::size_t count, std::string_view noun) { return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s"); }

// ---------------------------------------------------------------------------------------------------
// Byte sources: where the undecoded bytes come from

class ByteSource {
public:
    virtual ~ByteSource() = default;
    /// Reads up to `capacity` bytes into `destination`; returns 0 only at the end of the input.
    virtual std::size_t read(char* destination, std::size_t capacity) = 0;
    /// Total size in bytes, 0 if unknown (a pipe).
    virtual std::uint64_t size() const noexcept = 0;
};

/// An open file descriptor, closed on destruction. POSIX rather than iostreams: large reads straight into
/// our buffer, and errno tells a missing file from an unreadable one.
class FileSource final : public ByteSource {
public:
    explicit FileSource(const std::filesystem::path& path) : path_(path.string()) {
        fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd_ < 0) {
            const int error = errno;
            if (error == ENOENT || error == ENOTDIR) throw Error(Status::not_found, fmt::format("cannot open '{}': no such file", path_));
            throw Error(Status::io_error, fmt::format("cannot open '{}': {}", path_, errno_text(error)));
        }
        struct stat info {};
        if (::fstat(fd_, &info) != 0) {
            const int error = errno;
            ::close(fd_);
            throw Error(Status::io_error, fmt::format("cannot read '{}': {}", path_, errno_text(error)));
        }
        if (S_ISDIR(info.st_mode)) {
            ::close(fd_);
            throw Error(Status::io_error, fmt::format("cannot read '{}': it is a directory, not a file", path_));
        }
        size_ = S_ISREG(info.st_mode) ? static_cast<std::uint64_t>(info.st_size) : 0;
        ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL); // only a hint: its failure changes nothing
    }
    ~FileSource() override { ::close(fd_); }
    FileSource(const FileSource&) = delete;
    FileSource& operator=(const FileSource&) = delete;

    std::size_t read(char* destination, std::size_t capacity) override {
        std::size_t filled = 0;
        while (filled < capacity) {
            const ssize_t got = ::read(fd_, destination + filled, capacity - filled);
            if (got == 0) break;
            if (got < 0) {
                if (errno == EINTR) continue;
                throw Error(Status::io_error, fmt::format("cannot read '{}': {}", path_, errno_text(errno)));
            }
            filled += static_cast<std::size_t>(got);
        }
        return filled;
    }
    std::uint64_t size() const noexcept override { return size_; }

private:
    std::string path_;
    int fd_ = -1;
    std::uint64_t size_ = 0;
};

class StringSource final : public ByteSource {
public:
    explicit StringSource(std::string content) : content_(std::move(content)) {}
    std::size_t read(char* destination, std::size_t capacity) override {
        const std::size_t n = std::min(capacity, content_.size() - offset_);
        std::memcpy(destination, content_.data() + offset_, n);
        offset_ += n;
        return n;
    }
    std::uint64_t size() const noexcept override { return content_.size(); }

private:
    std::string content_;
    std::size_t offset_ = 0;
};

// ---------------------------------------------------------------------------------------------------
// Text sources: UTF-8 out of the bytes

class TextSource {
public:
    /// The least `capacity` read() accepts: room for the longest UTF-8 character.
    static constexpr std::size_t min_capacity = 4;

    virtual ~TextSource() = default;
    /// Writes up to `capacity` (≥ min_capacity) bytes of UTF-8 into `destination`; 0 only at the end.
    virtual std::size_t read(char* destination, std::size_t capacity) = 0;
    /// The offset in the input of the text handed out so far, less its last `unread_text` bytes.
    virtual std::uint64_t input_position(std::size_t unread_text) const noexcept = 0;
    virtual std::uint64_t input_size() const noexcept = 0;
};

/// UTF-8 input is handed out as is; it is validated per record, where a bad byte can be reported as a row
/// error with its line instead of stopping the import.
class Utf8Text final : public TextSource {
public:
    explicit Utf8Text(std::unique_ptr<ByteSource> bytes) : bytes_(std::move(bytes)) {}
    std::size_t read(char* destination, std::size_t capacity) override {
        const std::size_t n = bytes_->read(destination, capacity);
        consumed_ += n;
        return n;
    }
    std::uint64_t input_position(std::size_t unread_text) const noexcept override { return consumed_ - unread_text; }
    std::uint64_t input_size() const noexcept override { return bytes_->size(); }

private:
    std::unique_ptr<ByteSource> bytes_;
    std::uint64_t consumed_ = 0;
};

/// An iconv conversion descriptor, closed on destruction.
class Iconv {
public:
    Iconv(const char* to, const char* from) : handle_(::iconv_open(to, from)) {
        if (handle_ == invalid())
            throw Error(Status::internal, fmt::format("iconv cannot convert {} to {} on this system: {}", from, to, errno_text(errno)));
    }
    ~Iconv() { ::iconv_close(handle_); }
    Iconv(const Iconv&) = delete;
    Iconv& operator=(const Iconv&) = delete;

    /// iconv(3): converts as much as fits; returns (size_t)-1 with errno set when it stops early.
    std::size_t convert(char** in, std::size_t* in_left, char** out, std::size_t* out_left) noexcept {
        return ::iconv(handle_, in, in_left, out, out_left);
    }

private:
    static iconv_t invalid() noexcept { return reinterpret_cast<iconv_t>(static_cast<std::intptr_t>(-1)); }
    iconv_t handle_;
};

/// GB18030 (a superset of GBK and GB2312) decoded chunk by chunk. A character cut by the end of a chunk is
/// carried over to the next one. A byte that is not GB18030 stops the reader: after it, neither the text
/// nor the line numbers can be trusted.
class Gb18030Text final : public TextSource {
public:
    Gb18030Text(std::unique_ptr<ByteSource> bytes, std::size_t chunk_bytes, std::string name)
        : bytes_(std::move(bytes)), converter_("UTF-8", "GB18030"), input_(chunk_bytes + max_character_bytes), chunk_bytes_(chunk_bytes),
          name_(std::move(name)) {}

    std::size_t read(char* destination, std::size_t capacity) override {
        char* out = destination;
        std::size_t out_left = capacity;
        while (out_left > 0) {
            if (needs_input_) {
                const Input input = read_input();
                if (input == Input::more) continue;
                if (input == Input::end || out != destination) break; // hand out the good text first; the next call reports
                throw truncated();
            }
            char* in = input_.data() + in_begin_;
            std::size_t in_left = in_end_ - in_begin_;
            char* const out_before = out;
            const std::size_t result = converter_.convert(&in, &in_left, &out, &out_left);
            const int error = errno;
            newlines_ += static_cast<std::size_t>(std::count(out_before, out, '\n'));
            consumed_ += (in_end_ - in_begin_) - in_left;
            in_begin_ = in_end_ - in_left;
            if (result != static_cast<std::size_t>(-1) || error == EINVAL) {
                needs_input_ = true; // all converted, or the chunk ends inside a character
                continue;
            }
            if (error == E2BIG) break;
            if (error == EILSEQ && out != destination) break; // hand out the good text first; the next call reports
            if (error == EILSEQ) {
                read_context();
                throw not_gb18030();
            }
            throw Error(Status::internal, fmt::format("{}: iconv failed: {}", name_, errno_text(error)));
        }
        return static_cast<std::size_t>(out - destination);
    }
    std::uint64_t input_position(std::size_t) const noexcept override { return consumed_; }
    std::uint64_t input_size() const noexcept override { return bytes_->size(); }

private:
    static constexpr std::size_t max_character_bytes = 4;

    enum class Input { more, end, truncated };

    /// Moves the unconverted tail (part of a character) to the front and reads a chunk after it.
    Input read_input() {
        const std::size_t carried = in_end_ - in_begin_;
        std::memmove(input_.data(), input_.data() + in_begin_, carried);
        in_begin_ = 0;
        in_end_ = carried;
        const std::size_t got = bytes_->read(input_.data() + carried, chunk_bytes_);
        if (got == 0) return carried == 0 ? Input::end : Input::truncated;
        in_end_ += got;
        needs_input_ = false;
        return Input::more;
    }

    /// Makes sure the bytes after a bad one are in the input (if the file has them), so that the message
    /// shows the same bytes wherever the chunk happened to end.
    void read_context() {
        std::memmove(input_.data(), input_.data() + in_begin_, in_end_ - in_begin_);
        in_end_ -= in_begin_;
        in_begin_ = 0;
        while (in_end_ < max_character_bytes) {
            const std::size_t got = bytes_->read(input_.data() + in_end_, max_character_bytes - in_end_);
            if (got == 0) break;
            in_end_ += got;
        }
    }

    Error truncated() const {
        return Error(Status::invalid_argument, fmt::format("{}: the file ends inside a GB18030 character (byte offset {}, near line {}): {}",
                                                           name_, consumed_, newlines_ + 1, hex_bytes()));
    }

    Error not_gb18030() const {
        return Error(Status::invalid_argument,
                     fmt::format("{}: not valid GB18030 at byte offset {} (near line {}): {}; if the file is UTF-8, pass --encoding utf-8",
                                 name_, consumed_, newlines_ + 1, hex_bytes()));
    }

    /// Up to four bytes from the current input position, "0xFF 0x41".
    std::string hex_bytes() const {
        std::string out;
        for (std::size_t i = in_begin_; i < std::min(in_end_, in_begin_ + max_character_bytes); ++i)
            out += fmt::format("{}0x{:02X}", out.empty() ? "" : " ", static_cast<unsigned char>(input_[i]));
        return out;
    }

    std::unique_ptr<ByteSource> bytes_;
    Iconv converter_;
    std::vector<char> input_;
    std::size_t chunk_bytes_;
    std::string name_;
    std::size_t in_begin_ = 0, in_end_ = 0;
    bool needs_input_ = true;
    std::uint64_t consumed_ = 0; // input bytes converted so far
    std::size_t newlines_ = 0;   // line breaks in the text produced so far, for messages
};

// ---------------------------------------------------------------------------------------------------
// The window of text the parsers look at

class TextBuffer {
public:
    TextBuffer(std::unique_ptr<TextSource> source, std::size_t chunk_bytes)
        : source_(std::move(source)), chunk_bytes_(std::max(chunk_bytes, TextSource::min_capacity)) {}

    /// Text read but not yet consumed; valid until the next read_more().
    std::string_view pending() const noexcept { return {data_.data() + begin_, end_ - begin_}; }
    /// True once the source has nothing more: pending() is all that is left.
    bool exhausted() const noexcept { return exhausted_; }
    void consume(std::size_t bytes) noexcept { begin_ += bytes; }

    /// Appends at least a chunk to pending() (keeping it contiguous), or sets exhausted().
    void read_more() {
        const std::size_t kept = end_ - begin_;
        if (begin_ != 0) std::memmove(data_.data(), data_.data() + begin_, kept);
        begin_ = 0;
        end_ = kept;
        // Growing by at least what is kept doubles the window for a long record, so rescanning it from its
        // start after each read costs no more than twice its length in all.
        const std::size_t wanted = std::max(chunk_bytes_, kept);
        if (data_.size() < kept + wanted) data_.resize(kept + wanted);
        const std::size_t got = source_->read(data_.data() + kept, wanted);
        if (got == 0) exhausted_ = true;
        end_ += got;
    }

    /// Drops a UTF-8 byte order mark (GB18030's own mark decodes to the same U+FEFF) at the very start.
    void skip_byte_order_mark() {
        constexpr std::string_view bom = "\xEF\xBB\xBF";
        while (pending().size() < bom.size() && !exhausted()) read_more();
        if (pending().starts_with(bom)) consume(bom.size());
    }

    std::uint64_t bytes_read() const noexcept { return source_->input_position(end_ - begin_); }
    std::uint64_t total_bytes() const noexcept { return source_->input_size(); }

private:
    std::unique_ptr<TextSource> source_;
    std::size_t chunk_bytes_;
    std::vector<char> data_;
    std::size_t begin_ = 0, end_ = 0;
    bool exhausted_ = false;
};

// ---------------------------------------------------------------------------------------------------
// What CSV and JSONL readers share

class BufferedReader : public TableReader {
public:
    BufferedReader(TextBuffer buffer, Encoding encoding, std::string name, ReaderLimits limits)
        : buffer_(std::move(buffer)), encoding_(encoding), name_(std::move(name)), limits_(limits) {}

    const std::vector<std::string>& header() const override { return header_; }
    std::uint64_t bytes_read() const override { return buffer_.bytes_read(); }
    std::uint64_t total_bytes() const override { return buffer_.total_bytes(); }

protected:
    Error header_error(const std::string& problem) const { return Error(Status::invalid_argument, fmt::format("{}: {}", name_, problem)); }

    /// Called when the record starting on `line_` is still incomplete: more text, unless it is already too long.
    /// `what` names the record ("a record"), `hint` is its likely cause ("; is a quote never closed?").
    void read_more_of_record(std::string_view what, std::string_view hint) {
        if (buffer_.pending().size() >= limits_.max_record_bytes)
            throw Error(Status::invalid_argument,
                        fmt::format("{}: line {}: {} longer than {} bytes{}", name_, line_, what, limits_.max_record_bytes, hint));
        buffer_.read_more();
    }

    std::optional<std::string> text_problem(std::string_view record, std::size_t line) const {
        // iconv's output is valid UTF-8 by construction; only passed-through input needs the check.
        return encoding_ == Encoding::utf8 ? utf8_problem(record, line) : std::nullopt;
    }

    /// Trims the titles in header_ and refuses a title that appears twice.
    void finish_header(std::size_t line) {
        std::unordered_map<std::string_view, std::size_t> seen;
        for (std::size_t i = 0; i < header_.size(); ++i) {
            const std::string_view trimmed = trim_title(header_[i]);
            if (trimmed.size() != header_[i].size()) header_[i] = std::string(trimmed);
        }
        for (std::size_t i = 0; i < header_.size(); ++i) {
            const auto [it, inserted] = seen.emplace(header_[i], i);
            if (inserted) continue;
            if (header_[i].empty())
                throw header_error(fmt::format("line {}: columns {} and {} have no title", line, it->second + 1, i + 1));
            throw header_error(fmt::format("line {}: column title '{}' appears twice (columns {} and {})", line, header_[i], it->second + 1, i + 1));
        }
    }

    TextBuffer buffer_;
    Encoding encoding_;
    std::string name_;
    ReaderLimits limits_;
    std::vector<std::string> header_;
    std::size_t line_ = 1; // where the next record starts
};

// ---------------------------------------------------------------------------------------------------
// CSV (RFC 4180)

struct CsvScan {
    bool complete = false;               // false: the text ends inside the record and more may follow
    std::size_t length = 0;              // bytes, line break included; 0 at the end of the input
    std::size_t field_count = 0;
    std::size_t newlines = 0;            // line breaks inside the record and ending it
    std::size_t unterminated_field = 0;  // 1-based field whose quote is never closed, or 0
    std::size_t text_after_quote = 0;    // 1-based field with text after its closing quote, or 0
};

/// Where field number `index` goes: reuses fields[index] (its capacity), adds one while index < keep,
/// and beyond `keep` returns nullptr: surplus fields are counted, not stored.
std::string* field_slot(std::vector<std::string>& fields, std::size_t index, std::size_t keep) {
    if (index < fields.size()) return &fields[index];
    if (index < keep) return &fields.emplace_back();
    return nullptr;
}

/// The bytes that end an unquoted field: the delimiters, LF and CR.
constexpr std::array<bool, 256> stops_for(bool comma, bool tab) {
    std::array<bool, 256> stops{};
    stops[static_cast<unsigned char>(',')] = comma;
    stops[static_cast<unsigned char>('\t')] = tab;
    stops[static_cast<unsigned char>('\n')] = stops[static_cast<unsigned char>('\r')] = true;
    return stops;
}
constexpr std::array<bool, 256> comma_stops = stops_for(true, false);
constexpr std::array<bool, 256> tab_stops = stops_for(false, true);
constexpr std::array<bool, 256> comma_and_tab_stops = stops_for(true, true);

const std::array<bool, 256>& stops_of(Delimiters d) noexcept {
    return d == Delimiters::comma ? comma_stops : d == Delimiters::tab ? tab_stops : comma_and_tab_stops;
}

/// The end of an unquoted field: the next comma, LF or CRLF (or CR at the very end). A lone CR is data,
/// since RFC 4180 ends lines with CRLF; a quote is data too (see scan_csv_record).
const char* unquoted_end(const char* p, const char* end, const std::array<bool, 256>& stops) noexcept {
    for (;;) {
        while (p != end && !stops[static_cast<unsigned char>(*p)]) ++p;
        if (p != end && *p == '\r' && p + 1 != end && p[1] != '\n') {
            ++p;
            continue;
        }
        return p;
    }
}

/// Scans the record at the start of `text` into `fields` (see field_slot). `at_end`: no text follows.
///
/// Leniency, chosen for what department exports contain:
/// - a quote inside an unquoted field (`a"b`) is kept literally: exports often write inch marks and
///   quotations unescaped, and the field's end is still unambiguous;
/// - text after a closing quote (`"a"b,`) is kept but reported: it usually means a quote inside a quoted
///   field was not doubled, and then the value is not what the sender meant.
CsvScan scan_csv_record(std::string_view text, bool at_end, std::vector<std::string>& fields, std::size_t keep,
                        Delimiters delimiters = Delimiters::comma) {
    const std::array<bool, 256>& stops = stops_of(delimiters);
    CsvScan scan;
    if (text.empty()) {
        scan.complete = at_end;
        return scan;
    }
    const char* const begin = text.data();
    const char* const end = begin + text.size();
    const char* p = begin;
    const auto finish = [&](const char* record_end) {
        scan.length = static_cast<std::size_t>(record_end - begin);
        scan.complete = true;
        return scan;
    };
    for (std::size_t field = 0;; ++field) {
        std::string* out = field_slot(fields, field, keep);
        if (out) out->clear();
        scan.field_count = field + 1;
        const bool quoted = p != end && *p == '"';
        if (quoted) {
            ++p;
            for (;;) {
                const auto* quote = static_cast<const char*>(std::memchr(p, '"', static_cast<std::size_t>(end - p)));
                const char* const stop = quote ? quote : end;
                if (out) out->append(p, stop);
                scan.newlines += static_cast<std::size_t>(std::count(p, stop, '\n'));
                p = stop;
                if (!quote) {
                    if (!at_end) return scan;
                    scan.unterminated_field = field + 1;
                    return finish(end);
                }
                ++p;
                if (p == end && !at_end) return scan; // a doubled quote may follow
                if (p == end || *p != '"') break;
                if (out) out->push_back('"');
                ++p;
            }
        }
        const char* const value_end = unquoted_end(p, end, stops);
        if (quoted && value_end != p && scan.text_after_quote == 0) scan.text_after_quote = field + 1;
        if (out) out->append(p, value_end);
        p = value_end;
        if (p == end) return at_end ? finish(end) : scan;
        if (*p == ',' || *p == '\t') { // a delimiter: unquoted_end stops at no other
            ++p;
            continue;
        }
        if (*p == '\r' && p + 1 == end && !at_end) return scan; // is it CRLF?
        p += *p == '\r' && p + 1 != end ? 2 : 1;
        ++scan.newlines;
        return finish(p);
    }
}

class CsvReader final : public BufferedReader {
public:
    CsvReader(TextBuffer buffer, Encoding encoding, std::string name, ReaderLimits limits)
        : BufferedReader(std::move(buffer), encoding, std::move(name), limits) {
        const auto record = next_record(header_, static_cast<std::size_t>(-1));
        if (!record) throw header_error("the file is empty; expected a header line with the column titles");
        if (auto problem = text_problem(record->text, record->line)) throw header_error(*problem);
        if (record->scan.unterminated_field)
            throw header_error(fmt::format("line {}: the quote opening column {} of the header is never closed", record->line,
                                           record->scan.unterminated_field));
        if (record->scan.text_after_quote)
            throw header_error(fmt::format("line {}: column {} of the header has text after its closing quote", record->line,
                                           record->scan.text_after_quote));
        finish_header(record->line);
    }

    bool next(SourceRow& row) override {
        const std::size_t columns = header_.size();
        if (row.fields.size() != columns) row.fields.resize(columns);
        const auto record = next_record(row.fields, columns);
        if (!record) return false;
        row.line = record->line;
        for (std::size_t i = record->scan.field_count; i < columns; ++i) row.fields[i].clear();
        row.error = problem(*record);
        return true;
    }

private:
    struct Record {
        std::size_t line;
        CsvScan scan;
        std::string_view text; // the raw record, valid until the buffer reads more
    };

    /// The next record that is not an empty line, or nullopt at the end of the file.
    std::optional<Record> next_record(std::vector<std::string>& fields, std::size_t keep) {
        for (;;) {
            const CsvScan scan = scan_csv_record(buffer_.pending(), buffer_.exhausted(), fields, keep);
            if (!scan.complete) {
                read_more_of_record("a record", "; is a quote never closed?");
                continue;
            }
            if (scan.length == 0) return std::nullopt;
            const Record record{line_, scan, buffer_.pending().substr(0, scan.length)};
            buffer_.consume(scan.length);
            line_ += scan.newlines;
            // An empty line reads as one empty field; so does `""`, and a line with one empty value is
            // never data in a table whose rows Excel writes with every comma.
            const bool empty_line = scan.field_count == 1 && !scan.unterminated_field && !scan.text_after_quote && !fields.empty() && fields[0].empty();
            if (!empty_line) return record;
        }
    }

    std::optional<std::string> problem(const Record& record) const {
        if (auto problem = text_problem(record.text, record.line)) return problem;
        if (record.scan.unterminated_field)
            return fmt::format("line {}: the quote opening field {} is never closed (the file ends inside it)", record.line,
                               record.scan.unterminated_field);
        if (record.scan.text_after_quote)
            return fmt::format("line {}: field {} has text after its closing quote; a quote inside a quoted field must be doubled (\"\")",
                               record.line, record.scan.text_after_quote);
        if (record.scan.field_count != header_.size())
            return fmt::format("line {}: {}, the header has {}", record.line, plural(record.scan.field_count, "field"), header_.size());
        return std::nullopt;
    }
};

/// The records of a delimited file as a grid: no header, every record as it is (header_finder.hpp picks
/// the header and checks each record's field count against it).
class DelimitedGridReader final : public GridReader {
public:
    DelimitedGridReader(TextBuffer buffer, Encoding encoding, Delimiters delimiters, std::string name, ReaderLimits limits)
        : buffer_(std::move(buffer)), encoding_(encoding), delimiters_(delimiters), name_(std::move(name)), limits_(limits) {}

    bool next(GridRow& row) override {
        for (;;) {
            const CsvScan scan = scan_csv_record(buffer_.pending(), buffer_.exhausted(), row.cells, static_cast<std::size_t>(-1), delimiters_);
            if (!scan.complete) {
                if (buffer_.pending().size() >= limits_.max_record_bytes)
                    throw Error(Status::invalid_argument, fmt::format("{}: line {}: a record longer than {} bytes; is a quote never closed?", name_,
                                                                      line_, limits_.max_record_bytes));
                buffer_.read_more();
                continue;
            }
            if (scan.length == 0) return false;
            const std::string_view text = buffer_.pending().substr(0, scan.length);
            row.number = line_;
            row.cells.resize(scan.field_count);
            row.error.reset();
            if (encoding_ == Encoding::utf8) {
                if (auto problem = utf8_problem(text, line_)) row.error = problem->substr(problem->find(": ") + 2);
            }
            if (!row.error && scan.unterminated_field)
                row.error = fmt::format("the quote opening field {} is never closed (the file ends inside it)", scan.unterminated_field);
            if (!row.error && scan.text_after_quote)
                row.error = fmt::format("field {} has text after its closing quote; a quote inside a quoted field must be doubled (\"\")",
                                        scan.text_after_quote);
            buffer_.consume(scan.length);
            line_ += scan.newlines;
            const bool blank = !row.error && std::all_of(row.cells.begin(), row.cells.end(), [](const std::string& c) { return c.empty(); });
            if (!blank) return true;
        }
    }

    RowUnit unit() const noexcept override { return RowUnit::line; }
    std::uint64_t bytes_read() const override { return buffer_.bytes_read(); }
    std::uint64_t total_bytes() const override { return buffer_.total_bytes(); }

private:
    TextBuffer buffer_;
    Encoding encoding_;
    Delimiters delimiters_;
    std::string name_;
    ReaderLimits limits_;
    std::size_t line_ = 1;
};

/// The text of `bytes` in `encoding`, buffered in chunks of `limits.chunk_bytes` (at least 1), without a
/// byte order mark.
TextBuffer text_of(std::unique_ptr<ByteSource> bytes, Encoding encoding, const std::string& name, ReaderLimits& limits) {
    limits.chunk_bytes = std::max<std::size_t>(limits.chunk_bytes, 1);
    std::unique_ptr<TextSource> text;
    if (encoding == Encoding::utf8) text = std::make_unique<Utf8Text>(std::move(bytes));
    else text = std::make_unique<Gb18030Text>(std::move(bytes), limits.chunk_bytes, name);
    TextBuffer buffer(std::move(text), limits.chunk_bytes);
    buffer.skip_byte_order_mark();
    return buffer;
}

std::unique_ptr<GridReader> make_grid(std::unique_ptr<ByteSource> bytes, Encoding encoding, Delimiters delimiters, std::string name,
                                      ReaderLimits limits) {
    TextBuffer buffer = text_of(std::move(bytes), encoding, name, limits);
    return std::make_unique<DelimitedGridReader>(std::move(buffer), encoding, delimiters, std::move(name), limits);
}

// ---------------------------------------------------------------------------------------------------
// JSON Lines

/// nlohmann's message without its "[json.exception.parse_error.101] parse error at line 1, " preamble.
std::string short_json_message(const nlohmann::ordered_json::exception& e) {
    std::string_view message = e.what();
    if (message.starts_with("[json.exception.")) message.remove_prefix(std::min(message.size(), message.find("] ") + 2));
    if (message.starts_with("parse error at line 1, ")) message.remove_prefix(std::string_view("parse error at line 1, ").size());
    return std::string(message);
}

bool is_blank(std::string_view line) noexcept {
    return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

class JsonlReader final : public BufferedReader {
public:
    JsonlReader(TextBuffer buffer, Encoding encoding, std::string name, ReaderLimits limits)
        : BufferedReader(std::move(buffer), encoding, std::move(name), limits) {
        const auto line = next_line();
        if (!line) throw header_error("the file is empty; expected one JSON object a line, the first naming the columns");
        if (auto problem = text_problem(line->text, line->number)) throw header_error(*problem);
        nlohmann::ordered_json first;
        try {
            first = nlohmann::ordered_json::parse(line->text);
        } catch (const nlohmann::ordered_json::exception& e) {
            throw header_error(fmt::format("line {}: not valid JSON ({})", line->number, short_json_message(e)));
        }
        if (!first.is_object())
            throw header_error(fmt::format("line {}: expected a JSON object whose keys name the columns, found {}", line->number,
                                           with_article(first.type_name())));
        if (first.empty()) throw header_error(fmt::format("line {}: the first object has no keys, so there are no columns", line->number));
        for (auto it = first.begin(); it != first.end(); ++it) header_.push_back(it.key());
        finish_header(line->number);
        first_ = std::move(first);
        first_line_ = line->number;
    }

    bool next(SourceRow& row) override {
        if (row.fields.size() != header_.size()) row.fields.resize(header_.size());
        for (std::string& field : row.fields) field.clear();
        if (first_) {
            row.line = first_line_;
            row.error = fill(*first_, row, first_line_);
            first_.reset();
            return true;
        }
        const auto line = next_line();
        if (!line) return false;
        row.line = line->number;
        row.error = parse_into(*line, row);
        return true;
    }

private:
    struct Line {
        std::size_t number;
        std::string_view text; // without its line break; valid until the buffer reads more
    };

    /// The next line that is not blank, or nullopt at the end of the file.
    std::optional<Line> next_line() {
        for (;;) {
            const std::string_view text = buffer_.pending();
            const std::size_t newline = text.find('\n');
            if (newline == std::string_view::npos && !buffer_.exhausted()) {
                read_more_of_record("a line", "");
                continue;
            }
            if (text.empty()) return std::nullopt;
            std::string_view line = text.substr(0, newline);
            buffer_.consume(newline == std::string_view::npos ? text.size() : newline + 1);
            const std::size_t number = line_++;
            if (line.ends_with('\r')) line.remove_suffix(1);
            if (!is_blank(line)) return Line{number, line};
        }
    }

    std::optional<std::string> parse_into(const Line& line, SourceRow& row) const {
        if (auto problem = text_problem(line.text, line.number)) return problem;
        nlohmann::ordered_json object;
        try {
            object = nlohmann::ordered_json::parse(line.text);
        } catch (const nlohmann::ordered_json::exception& e) {
            return fmt::format("line {}: not valid JSON ({})", line.number, short_json_message(e));
        }
        if (!object.is_object()) return fmt::format("line {}: expected a JSON object, found {}", line.number, with_article(object.type_name()));
        return fill(object, row, line.number);
    }

    /// Writes each value of `object` into its column of `row`; the first value that fits no column is the error.
    std::optional<std::string> fill(const nlohmann::ordered_json& object, SourceRow& row, std::size_t line) const {
        std::size_t position = 0;
        for (auto it = object.begin(); it != object.end(); ++it, ++position) {
            const auto column = column_of(trim_title(it.key()), position);
            if (!column) return fmt::format("line {}: key '{}' is not a column of the first line", line, it.key());
            std::string& out = row.fields[*column];
            const auto& value = it.value();
            switch (value.type()) {
            case nlohmann::ordered_json::value_t::string: out.assign(value.get_ref<const std::string&>()); break;
            case nlohmann::ordered_json::value_t::number_integer:
            case nlohmann::ordered_json::value_t::number_unsigned:
            case nlohmann::ordered_json::value_t::number_float: out.assign(value.dump()); break;
            case nlohmann::ordered_json::value_t::boolean: out.assign(value.get<bool>() ? "true" : "false"); break;
            case nlohmann::ordered_json::value_t::null: out.clear(); break;
            default:
                return fmt::format("line {}: key '{}' holds {}; a column takes a string, number, boolean or null", line, it.key(),
                                   with_article(value.type_name()));
            }
        }
        return std::nullopt;
    }

    /// The column titled `title`; lines usually repeat the first line's key order, so `position` is tried first.
    std::optional<std::size_t> column_of(std::string_view title, std::size_t position) const noexcept {
        if (position < header_.size() && header_[position] == title) return position;
        const auto it = std::find(header_.begin(), header_.end(), title);
        if (it == header_.end()) return std::nullopt;
        return static_cast<std::size_t>(it - header_.begin());
    }

    static std::string with_article(std::string_view type_name) {
        return fmt::format("{} {}", type_name == "array" || type_name == "object" ? "an" : "a", type_name);
    }

    std::optional<nlohmann::ordered_json> first_; // the first line is data too: returned by the first next()
    std::size_t first_line_ = 0;
};

std::unique_ptr<TableReader> make_reader(std::unique_ptr<ByteSource> bytes, FileFormat format, Encoding encoding, std::string name,
                                         ReaderLimits limits) {
    TextBuffer buffer = text_of(std::move(bytes), encoding, name, limits);
    if (format == FileFormat::jsonl) return std::make_unique<JsonlReader>(std::move(buffer), encoding, std::move(name), limits);
    return std::make_unique<CsvReader>(std::move(buffer), encoding, std::move(name), limits);
}

} // namespace

FileFormat format_from_extension(const std::filesystem::path& path) {
    const std::string extension = ascii_lowered(path.extension().string());
    return extension == ".jsonl" || extension == ".ndjson" ? FileFormat::jsonl : FileFormat::csv;
}

Encoding parse_encoding(std::string_view name) {
    const std::string lowered = ascii_lowered(name);
    if (lowered == "utf-8" || lowered == "utf8") return Encoding::utf8;
    if (lowered == "gb18030" || lowered == "gbk" || lowered == "gb2312") return Encoding::gb18030;
    throw Error(Status::invalid_argument, fmt::format("unknown encoding '{}'; expected one of utf-8, utf8, gb18030, gbk, gb2312", name));
}

std::unique_ptr<TableReader> TableReader::open(const std::filesystem::path& path, FileFormat format, Encoding encoding, ReaderLimits limits) {
    return make_reader(std::make_unique<FileSource>(path), format, encoding, path.string(), limits);
}

std::unique_ptr<GridReader> open_delimited_grid(const std::filesystem::path& path, Encoding encoding, Delimiters delimiters, std::string name,
                                                ReaderLimits limits) {
    return make_grid(std::make_unique<FileSource>(path), encoding, delimiters, std::move(name), limits);
}

std::unique_ptr<GridReader> delimited_grid_from_string(std::string content, Encoding encoding, Delimiters delimiters, std::string name,
                                                       ReaderLimits limits) {
    return make_grid(std::make_unique<StringSource>(std::move(content)), encoding, delimiters, std::move(name), limits);
}

std::unique_ptr<TableReader> TableReader::from_string(std::string content, FileFormat format, Encoding encoding, std::string name,
                                                      ReaderLimits limits) {
    return make_reader(std::make_unique<StringSource>(std::move(content)), format, encoding, std::move(name), limits);
}

} // namespace credcheck::import
