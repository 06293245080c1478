// import/compound_file.hpp — the OLE2 compound file (MS-CFB) around an Excel 97-2003 workbook: which
// streams it holds (a Workbook stream, or WordDocument, or EncryptedPackage…), and each stream read
// sector by sector. Every sector number and chain is checked: a chain that loops or leaves the file
// stops the reader instead of spinning or reading outside it.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace credcheck::import {

/// The eight bytes every compound file starts with.
inline constexpr std::string_view kCompoundFileSignature = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

class CompoundFile {
public:
    /// Parses the header, the sector tables and the directory of the file's bytes (which must outlive
    /// it). Throws Error(invalid_argument) saying what is damaged.
    CompoundFile(std::string_view bytes, std::string name);

    /// The names of the streams (UTF-8), in directory order.
    std::vector<std::string> stream_names() const;
    bool has_stream(std::string_view name) const;
    /// A stream's bytes, read whole (refused beyond `max_bytes`); nullopt when there is no such stream.
    std::optional<std::string> read_stream(std::string_view name, std::uint64_t max_bytes) const;

private:
    struct Entry {
        std::string name;
        int type = 0; // 1 storage, 2 stream, 5 root
        std::uint32_t start = 0;
        std::uint64_t size = 0;
    };
    std::vector<std::uint32_t> chain(const std::vector<std::uint32_t>& table, std::uint32_t start, std::size_t limit) const;
    std::string_view sector(std::uint32_t index) const;

    std::string_view bytes_;
    std::string name_;
    std::size_t sector_size_ = 512;
    std::uint32_t mini_cutoff_ = 4096;
    std::vector<std::uint32_t> fat_, mini_fat_;
    std::vector<Entry> entries_;
    std::string mini_stream_;
};

/// A compound file (version 3, 512-byte sectors) holding one stream in regular sectors, padded to the
/// 4,096 bytes below which a stream would go to the mini stream. What FreeXL is given (xls_reader.cpp).
std::string write_compound_file(std::string_view stream_name, std::string_view stream);

} // namespace credcheck::import
