#include "import/zip_archive.hpp"

#include <algorithm>
#include <cerrno>
#include <fmt/format.h>
#include <sys/stat.h>
#include <utility>
#include <zip.h>

#include "credcheck/error.hpp"

namespace credcheck::import {

namespace {

/// libzip's text for an error code (and the system error beside it).
std::string zip_error_text(int code, int system = 0) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    if (system != 0) zip_error_set(&error, code, system);
    std::string text = zip_error_strerror(&error);
    zip_error_fini(&error);
    return text;
}

Error open_error(const std::string& name, int code) {
    switch (code) {
    case ZIP_ER_NOZIP: return Error(Status::invalid_argument, fmt::format("{}: not a zip archive", name));
    case ZIP_ER_INCONS:
        return Error(Status::invalid_argument, fmt::format("{}: a damaged zip archive (its directory is inconsistent)", name));
    case ZIP_ER_NOENT: return Error(Status::not_found, fmt::format("cannot open '{}': no such file", name));
    case ZIP_ER_MEMORY: throw std::bad_alloc();
    default: return Error(Status::invalid_argument, fmt::format("{}: cannot read the zip archive: {}", name, zip_error_text(code)));
    }
}

bool same_ignoring_ascii_case(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
               return lower(x) == lower(y);
           });
}

} // namespace

ZipArchive::ZipArchive(zip* archive, std::string name) noexcept : archive_(archive), name_(std::move(name)) {}

ZipArchive::ZipArchive(ZipArchive&& other) noexcept : archive_(std::exchange(other.archive_, nullptr)), name_(std::move(other.name_)) {}

ZipArchive& ZipArchive::operator=(ZipArchive&& other) noexcept {
    if (this != &other) {
        if (archive_) zip_discard(archive_);
        archive_ = std::exchange(other.archive_, nullptr);
        name_ = std::move(other.name_);
    }
    return *this;
}

ZipArchive::~ZipArchive() {
    if (archive_) zip_discard(archive_); // read only: nothing to write back
}

ZipArchive ZipArchive::open(const std::filesystem::path& path, std::string name) {
    int code = 0;
    zip* archive = zip_open(path.c_str(), ZIP_RDONLY, &code);
    if (!archive) {
        if (code == ZIP_ER_OPEN || code == ZIP_ER_READ) {
            struct stat info {};
            if (::stat(path.c_str(), &info) != 0 && errno == ENOENT)
                throw Error(Status::not_found, fmt::format("cannot open '{}': no such file", name));
            throw Error(Status::io_error, fmt::format("cannot read '{}': {}", name, zip_error_text(code)));
        }
        throw open_error(name, code);
    }
    return ZipArchive(archive, std::move(name));
}

ZipArchive ZipArchive::open_bytes(std::string_view bytes, std::string name) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (!source) {
        zip_error_fini(&error);
        throw std::bad_alloc();
    }
    zip* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
    if (!archive) {
        const int code = zip_error_code_zip(&error);
        zip_source_free(source); // the archive did not take it
        zip_error_fini(&error);
        throw open_error(name, code);
    }
    zip_error_fini(&error);
    return ZipArchive(archive, std::move(name));
}

std::vector<std::string> ZipArchive::entry_names() const {
    std::vector<std::string> names;
    const zip_int64_t count = zip_get_num_entries(archive_, 0);
    for (zip_int64_t i = 0; i < count; ++i) {
        const char* n = zip_get_name(archive_, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_GUESS);
        names.emplace_back(n ? n : "");
    }
    return names;
}

std::optional<std::uint64_t> ZipArchive::find(std::string_view name) const {
    // zip_name_locate's ZIP_FL_NOCASE folds more than ASCII on some builds; OPC asks for ASCII only.
    const zip_int64_t count = zip_get_num_entries(archive_, 0);
    for (zip_int64_t i = 0; i < count; ++i) {
        const char* n = zip_get_name(archive_, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_RAW);
        if (n && same_ignoring_ascii_case(n, name)) return static_cast<std::uint64_t>(i);
    }
    return std::nullopt;
}

std::uint64_t ZipArchive::declared_size(std::uint64_t index) const {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(archive_, index, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) return 0;
    return st.size;
}

ZipEntryReader ZipArchive::open_entry(std::uint64_t index, const ZipReadLimits& limits) const {
    const char* entry_name = zip_get_name(archive_, index, ZIP_FL_ENC_GUESS);
    std::string what = fmt::format("{}: {}", name_, entry_name ? entry_name : "?");
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(archive_, index, 0, &st) != 0)
        throw Error(Status::invalid_argument, fmt::format("{}: cannot read the entry: {}", what, zip_strerror(archive_)));
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
        throw Error(Status::invalid_argument, fmt::format("{}: the entry is encrypted (a password-protected file): save it without a password", what));
    if ((st.valid & ZIP_STAT_SIZE) && st.size > limits.max_bytes)
        throw Error(Status::invalid_argument,
                    fmt::format("{}: the entry declares {} bytes, more than the {} this part may have", what, st.size, limits.max_bytes));
    zip_file* file = zip_fopen_index(archive_, index, 0);
    if (!file) {
        const zip_error_t* error = zip_get_error(archive_);
        const int code = zip_error_code_zip(error);
        if (code == ZIP_ER_MEMORY) throw std::bad_alloc();
        throw Error(Status::invalid_argument, fmt::format("{}: cannot read the entry: {}", what, zip_error_text(code)));
    }
    const std::uint64_t compressed = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    return ZipEntryReader(file, std::move(what), compressed, limits);
}

std::string ZipArchive::read_all(std::uint64_t index, const ZipReadLimits& limits) const {
    ZipEntryReader entry = open_entry(index, limits);
    std::string out;
    // The declared size is only a hint (an attacker's archive may lie): grow as the data comes.
    out.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(declared_size(index), std::uint64_t{1} << 24)));
    char buffer[1 << 16];
    while (const std::size_t n = entry.read(buffer, sizeof buffer)) out.append(buffer, n);
    return out;
}

ZipEntryReader::ZipEntryReader(zip_file* file, std::string what, std::uint64_t compressed, ZipReadLimits limits) noexcept
    : file_(file), what_(std::move(what)), compressed_(compressed), limits_(limits) {}

ZipEntryReader::ZipEntryReader(ZipEntryReader&& other) noexcept
    : file_(std::exchange(other.file_, nullptr)), what_(std::move(other.what_)), compressed_(other.compressed_), read_(other.read_),
      limits_(other.limits_) {}

ZipEntryReader& ZipEntryReader::operator=(ZipEntryReader&& other) noexcept {
    if (this != &other) {
        if (file_) zip_fclose(file_);
        file_ = std::exchange(other.file_, nullptr);
        what_ = std::move(other.what_);
        compressed_ = other.compressed_;
        read_ = other.read_;
        limits_ = other.limits_;
    }
    return *this;
}

ZipEntryReader::~ZipEntryReader() {
    if (file_) zip_fclose(file_);
}

std::size_t ZipEntryReader::read(char* destination, std::size_t capacity) {
    const zip_int64_t got = zip_fread(file_, destination, capacity);
    if (got < 0) {
        const int code = zip_error_code_zip(zip_file_get_error(file_));
        if (code == ZIP_ER_MEMORY) throw std::bad_alloc();
        throw Error(Status::invalid_argument, fmt::format("{}: a damaged entry: {}", what_, zip_file_strerror(file_)));
    }
    read_ += static_cast<std::uint64_t>(got);
    if (read_ > limits_.max_bytes)
        throw Error(Status::invalid_argument, fmt::format("{}: the entry expands beyond {} bytes, more than this part may have", what_, limits_.max_bytes));
    if (read_ > limits_.ratio_floor_bytes && read_ / std::max<std::uint64_t>(compressed_, 1) > limits_.max_ratio)
        throw Error(Status::invalid_argument,
                    fmt::format("{}: the entry expands more than {} times its compressed size ({} bytes from {}): refused as a zip bomb", what_,
                                limits_.max_ratio, read_, compressed_));
    return static_cast<std::size_t>(got);
}

} // namespace credcheck::import
