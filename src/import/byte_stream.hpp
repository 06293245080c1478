// import/byte_stream.hpp — the bytes of a file or a buffer, read in chunks, and the same decoded to UTF-8
// by iconv from the encoding a file declares or was detected in (GB18030, UTF-16, Big5, …).
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace credcheck::import {

class ByteStream {
public:
    /// Opens a file: Error(not_found) when missing, Error(io_error) when unreadable or a directory.
    static std::unique_ptr<ByteStream> open(const std::filesystem::path& path, std::string name);
    /// Bytes that must outlive the stream.
    static std::unique_ptr<ByteStream> over(std::string_view bytes);

    virtual ~ByteStream() = default;
    /// Up to `capacity` bytes; 0 only at the end.
    virtual std::size_t read(char* destination, std::size_t capacity) = 0;
    virtual std::uint64_t size() const noexcept = 0;
    std::uint64_t position() const noexcept { return position_; }

protected:
    std::uint64_t position_ = 0;
};

/// The first `count` bytes of a file (fewer if it is shorter), for recognising its format.
std::string read_head(const std::filesystem::path& path, const std::string& name, std::size_t count);

/// UTF-8 text out of a byte stream: passed through when the encoding is UTF-8 (a byte order mark
/// dropped), else converted by iconv. A byte sequence the encoding does not have stops the stream with
/// Error(invalid_argument) naming the encoding and the byte offset.
class TextDecoder {
public:
    /// `encoding`: an iconv name ("GB18030", "UTF-16LE", "BIG5"); "UTF-8" passes through. Throws
    /// Error(invalid_argument) for an encoding iconv does not know.
    TextDecoder(std::unique_ptr<ByteStream> bytes, std::string encoding, std::string name);
    ~TextDecoder();
    TextDecoder(const TextDecoder&) = delete;
    TextDecoder& operator=(const TextDecoder&) = delete;

    /// Up to `capacity` (≥ 4) bytes of UTF-8; 0 only at the end.
    std::size_t read(char* destination, std::size_t capacity);
    std::uint64_t bytes_read() const noexcept { return bytes_->position(); }
    std::uint64_t total_bytes() const noexcept { return bytes_->size(); }

private:
    void fill(); // keeps the unread bytes, reads more after them
    std::unique_ptr<ByteStream> bytes_;
    std::string encoding_, name_;
    void* converter_ = nullptr; // iconv_t; null for UTF-8
    std::vector<char> input_;
    std::size_t in_begin_ = 0, in_end_ = 0;
    bool at_start_ = true, exhausted_ = false;
};

/// Offset of the first byte of `text` that starts no well-formed UTF-8 sequence, or npos. A sequence cut
/// by the end of `text` counts as well formed when `may_be_cut` (the text is the head of a file).
std::size_t first_invalid_utf8(std::string_view text, bool may_be_cut = false) noexcept;

/// Appends `code_point` as UTF-8; NUL, a surrogate or a number beyond U+10FFFF as U+FFFD (the
/// replacement character).
void append_utf8(std::string& out, std::uint32_t code_point);

/// The iconv name for a charset a file declares ("gb2312", "GBK", "utf8", "x-gbk"): GB2312 and GBK
/// are read as GB18030, their superset. Returned upper-case.
std::string iconv_encoding_name(std::string_view declared);

} // namespace credcheck::import
