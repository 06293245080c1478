#include "import/byte_stream.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <iconv.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

#include "credcheck/error.hpp"

namespace credcheck::import {

namespace {

std::string errno_text(int error) { return std::error_code(error, std::generic_category()).message(); }

class FileStream final : public ByteStream {
public:
    FileStream(const std::filesystem::path& path, std::string name) : name_(std::move(name)) {
        fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd_ < 0) {
            const int error = errno;
            if (error == ENOENT || error == ENOTDIR) throw Error(Status::not_found, fmt::format("cannot open '{}': no such file", name_));
            throw Error(Status::io_error, fmt::format("cannot open '{}': {}", name_, errno_text(error)));
        }
        struct stat info {};
        if (::fstat(fd_, &info) != 0 || S_ISDIR(info.st_mode)) {
            const int error = errno;
            ::close(fd_);
            throw Error(Status::io_error, fmt::format("cannot read '{}': {}", name_, S_ISDIR(info.st_mode) ? "it is a directory, not a file" : errno_text(error)));
        }
        size_ = S_ISREG(info.st_mode) ? static_cast<std::uint64_t>(info.st_size) : 0;
        ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
    }
    ~FileStream() override { ::close(fd_); }
    FileStream(const FileStream&) = delete;
    FileStream& operator=(const FileStream&) = delete;

    std::size_t read(char* destination, std::size_t capacity) override {
        for (;;) {
            const ssize_t got = ::read(fd_, destination, capacity);
            if (got < 0 && errno == EINTR) continue;
            if (got < 0) throw Error(Status::io_error, fmt::format("cannot read '{}': {}", name_, errno_text(errno)));
            position_ += static_cast<std::uint64_t>(got);
            return static_cast<std::size_t>(got);
        }
    }
    std::uint64_t size() const noexcept override { return size_; }

private:
    std::string name_;
    int fd_ = -1;
    std::uint64_t size_ = 0;
};

class MemoryStream final : public ByteStream {
public:
    explicit MemoryStream(std::string_view bytes) : bytes_(bytes) {}
    std::size_t read(char* destination, std::size_t capacity) override {
        const std::size_t n = std::min<std::size_t>(capacity, bytes_.size() - static_cast<std::size_t>(position_));
        std::memcpy(destination, bytes_.data() + position_, n);
        position_ += n;
        return n;
    }
    std::uint64_t size() const noexcept override { return bytes_.size(); }

private:
    std::string_view bytes_;
};

constexpr std::size_t kChunk = std::size_t{1} << 16;
iconv_t invalid_iconv() noexcept { return reinterpret_cast<iconv_t>(static_cast<std::intptr_t>(-1)); }

} // namespace

std::unique_ptr<ByteStream> ByteStream::open(const std::filesystem::path& path, std::string name) {
    return std::make_unique<FileStream>(path, std::move(name));
}

std::unique_ptr<ByteStream> ByteStream::over(std::string_view bytes) { return std::make_unique<MemoryStream>(bytes); }

std::string read_head(const std::filesystem::path& path, const std::string& name, std::size_t count) {
    FileStream stream(path, name);
    std::string head(count, '\0');
    std::size_t filled = 0;
    while (filled < count) {
        const std::size_t n = stream.read(head.data() + filled, count - filled);
        if (n == 0) break;
        filled += n;
    }
    head.resize(filled);
    return head;
}

std::size_t first_invalid_utf8(std::string_view text, bool may_be_cut) noexcept {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    for (std::size_t i = 0; i < n;) {
        const unsigned char lead = s[i];
        if (lead < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        unsigned char low = 0x80, high = 0xBF; // the range of the second byte (Unicode table 3-7)
        if (lead >= 0xC2 && lead <= 0xDF) length = 2;
        else if (lead == 0xE0) length = 3, low = 0xA0;
        else if (lead == 0xED) length = 3, high = 0x9F;
        else if (lead >= 0xE1 && lead <= 0xEF) length = 3;
        else if (lead == 0xF0) length = 4, low = 0x90;
        else if (lead == 0xF4) length = 4, high = 0x8F;
        else if (lead >= 0xF1 && lead <= 0xF3) length = 4;
        else return i;
        for (std::size_t k = 1; k < length; ++k) {
            if (i + k >= n) return may_be_cut ? std::string_view::npos : i;
            const unsigned char lo = k == 1 ? low : 0x80, hi = k == 1 ? high : 0xBF;
            if (s[i + k] < lo || s[i + k] > hi) return i;
        }
        i += length;
    }
    return std::string_view::npos;
}

std::string iconv_encoding_name(std::string_view declared) {
    std::string name(declared);
    std::transform(name.begin(), name.end(), name.begin(), [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; });
    if (name == "GB2312" || name == "GBK" || name == "X-GBK" || name == "CP936" || name == "GB18030" || name == "EUC-CN") return "GB18030";
    if (name == "UTF8") return "UTF-8";
    return name;
}

TextDecoder::TextDecoder(std::unique_ptr<ByteStream> bytes, std::string encoding, std::string name)
    : bytes_(std::move(bytes)), encoding_(iconv_encoding_name(encoding)), name_(std::move(name)), input_(kChunk + 8) {
    if (encoding_ != "UTF-8") {
        iconv_t handle = ::iconv_open("UTF-8", encoding_.c_str());
        if (handle == invalid_iconv())
            throw Error(Status::invalid_argument, fmt::format("{}: the file's encoding '{}' is not one this system can convert", name_, encoding));
        converter_ = handle;
    }
}

TextDecoder::~TextDecoder() {
    if (converter_) ::iconv_close(static_cast<iconv_t>(converter_));
}

void TextDecoder::fill() {
    std::memmove(input_.data(), input_.data() + in_begin_, in_end_ - in_begin_);
    in_end_ -= in_begin_;
    in_begin_ = 0;
    if (exhausted_) return;
    const std::size_t got = bytes_->read(input_.data() + in_end_, input_.size() - in_end_);
    if (got == 0) exhausted_ = true;
    in_end_ += got;
    if (at_start_) {
        at_start_ = false;
        if (!converter_ && in_end_ >= 3 && std::memcmp(input_.data(), "\xEF\xBB\xBF", 3) == 0) in_begin_ = 3; // a UTF-8 byte order mark
    }
}

std::size_t TextDecoder::read(char* destination, std::size_t capacity) {
    for (;;) {
        if (in_begin_ == in_end_) fill();
        if (in_begin_ == in_end_) return 0;
        if (!converter_) {
            const std::size_t n = std::min(capacity, in_end_ - in_begin_);
            std::memcpy(destination, input_.data() + in_begin_, n);
            in_begin_ += n;
            return n;
        }
        char* in = input_.data() + in_begin_;
        std::size_t in_left = in_end_ - in_begin_;
        char* out = destination;
        std::size_t out_left = capacity;
        const std::size_t result = ::iconv(static_cast<iconv_t>(converter_), &in, &in_left, &out, &out_left);
        const int error = errno;
        in_begin_ = in_end_ - in_left;
        if (capacity - out_left > 0) return capacity - out_left;
        if (result != static_cast<std::size_t>(-1)) continue; // all taken, nothing made (a byte order mark)
        if (error == EILSEQ)
            throw Error(Status::invalid_argument, fmt::format("{}: not valid {} at byte offset {} (0x{:02X})", name_, encoding_,
                                                              bytes_->position() - (in_end_ - in_begin_), static_cast<unsigned char>(input_[in_begin_])));
        if (error == EINVAL) { // the input ends inside a character
            if (exhausted_) throw Error(Status::invalid_argument, fmt::format("{}: the file ends inside a {} character", name_, encoding_));
            fill();
            continue;
        }
        throw Error(Status::internal, fmt::format("{}: iconv failed: {}", name_, errno_text(error)));
    }
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

} // namespace credcheck::import
