// import/zip_archive.hpp — a zip archive read through libzip, with the limits an attacker's archive
// needs: an entry is read in chunks and refused once it expands more than its limit allows.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct zip;
struct zip_file;

namespace credcheck::import {

/// Why reading stops: an entry never yields more than `max_bytes` nor more than `max_ratio` times its
/// compressed size (with a floor of `ratio_floor_bytes`, below which any ratio is fine).
struct ZipReadLimits {
    std::uint64_t max_bytes = std::uint64_t{1} << 40;
    std::uint64_t max_ratio = 1000;
    std::uint64_t ratio_floor_bytes = std::uint64_t{16} << 20;
};

class ZipEntryReader;

class ZipArchive {
public:
    /// Opens a file. Throws Error(invalid_argument) when it is no zip archive (with libzip's reason),
    /// Error(not_found) / Error(io_error) when it cannot be opened.
    static ZipArchive open(const std::filesystem::path& path, std::string name);
    /// Opens an archive held in memory; `bytes` must outlive the archive and every entry reader.
    static ZipArchive open_bytes(std::string_view bytes, std::string name);

    ZipArchive(ZipArchive&&) noexcept;
    ZipArchive& operator=(ZipArchive&&) noexcept;
    ~ZipArchive();

    /// The names of the entries, in the archive's order.
    std::vector<std::string> entry_names() const;
    /// The index of the entry named `name`, compared without regard to ASCII case (OPC part names are
    /// case-insensitive), or nullopt.
    std::optional<std::uint64_t> find(std::string_view name) const;
    /// The uncompressed size the archive declares for an entry.
    std::uint64_t declared_size(std::uint64_t index) const;

    /// Reads an entry whole: refused (Error(invalid_argument)) beyond the limits.
    std::string read_all(std::uint64_t index, const ZipReadLimits& limits) const;
    /// Streams an entry.
    ZipEntryReader open_entry(std::uint64_t index, const ZipReadLimits& limits) const;

    const std::string& name() const noexcept { return name_; }

private:
    ZipArchive(zip* archive, std::string name) noexcept;
    zip* archive_ = nullptr;
    std::string name_;
};

/// One entry being read; closed on destruction. Reads only while its archive is alive.
class ZipEntryReader {
public:
    ZipEntryReader(ZipEntryReader&&) noexcept;
    ZipEntryReader& operator=(ZipEntryReader&&) noexcept;
    ~ZipEntryReader();

    /// Up to `capacity` bytes; 0 at the end of the entry. Throws Error(invalid_argument) for a damaged
    /// entry (bad data, wrong CRC) or one that expands beyond its limits.
    std::size_t read(char* destination, std::size_t capacity);
    std::uint64_t bytes_read() const noexcept { return read_; }
    std::uint64_t compressed_size() const noexcept { return compressed_; }

private:
    friend class ZipArchive;
    ZipEntryReader(zip_file* file, std::string what, std::uint64_t compressed, ZipReadLimits limits) noexcept;
    zip_file* file_ = nullptr;
    std::string what_; // "book.xlsx: xl/worksheets/sheet1.xml"
    std::uint64_t compressed_ = 0, read_ = 0;
    ZipReadLimits limits_;
};

} // namespace credcheck::import
