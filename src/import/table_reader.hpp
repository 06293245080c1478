// import/table_reader.hpp — reads the tables departments send (CSV or JSON Lines, UTF-8 or GB18030) one
// record at a time, so that a file of a million rows is imported in bounded memory.
//
// Two kinds of failure: a malformed *record* is reported in SourceRow::error and reading goes on, so an
// importer can list every bad row at once; a file that cannot be read *as a whole* (missing, no header,
// wrong encoding beyond repair) throws credcheck::Error.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "import/grid_reader.hpp"

namespace credcheck::import {

enum class FileFormat { csv, jsonl };
/// What separates the fields of a delimited text file: commas (CSV), tabs, or either (a header typed
/// with a tab among the commas).
enum class Delimiters { comma, tab, comma_and_tab };
enum class Encoding { utf8, gb18030 }; // utf8: with or without BOM; gb18030 also covers GBK/GB2312 files

/// The format implied by a file name: ".jsonl"/".ndjson" (any case) -> jsonl, anything else -> csv.
FileFormat format_from_extension(const std::filesystem::path& path);

/// Parses "utf-8"/"utf8"/"gb18030"/"gbk"/"gb2312" (case-insensitive); throws
/// credcheck::Error(Status::invalid_argument) otherwise, listing the accepted names.
Encoding parse_encoding(std::string_view name);

struct SourceRow {
    std::size_t line = 0;             // 1-based line of the file where this record starts
    std::vector<std::string> fields;  // aligned with TableReader::header(); missing trailing values are ""
    std::optional<std::string> error; // set when this one record is malformed (the reader goes on with the next record);
                                      // "line 17: 21 fields, the header has 20". `fields` then hold what could be read.
};

/// Tuning for tests and fuzzing; the defaults suit department files.
struct ReaderLimits {
    /// Bytes read (and decoded) at a time.
    std::size_t chunk_bytes = std::size_t{1} << 20;
    /// A record (CSV) or line (JSONL) longer than this stops the reader with Status::invalid_argument:
    /// real records are a few hundred bytes, so this is nearly always a quote that is never closed, and
    /// going on would buffer the rest of the file.
    std::size_t max_record_bytes = std::size_t{64} << 20;
};

/// One reader per file and per thread. Memory use is bounded by a chunk plus the longest record.
class TableReader {
public:
    /// Opens a file. Throws credcheck::Error: Status::not_found (missing file, message names the path),
    /// Status::io_error (unreadable, a directory), Status::invalid_argument (empty file / no header, header
    /// not decodable, duplicate column title, first JSONL line not an object).
    static std::unique_ptr<TableReader> open(const std::filesystem::path& path, FileFormat format, Encoding encoding,
                                             ReaderLimits limits = {});

    /// Same, reading from an in-memory buffer (tests, fuzzing). `name` is used in messages.
    static std::unique_ptr<TableReader> from_string(std::string content, FileFormat format, Encoding encoding,
                                                    std::string name = "<memory>", ReaderLimits limits = {});

    virtual ~TableReader() = default;
    TableReader() = default;
    TableReader(const TableReader&) = delete;
    TableReader& operator=(const TableReader&) = delete;

    /// Column titles from the first record (CSV header line; JSONL: keys of the first object in order),
    /// UTF-8, BOM stripped, surrounding spaces (ASCII and U+3000 ideographic) trimmed. Never empty, no duplicates.
    virtual const std::vector<std::string>& header() const = 0;

    /// Reads the next record into `row` (reusing its capacity: keep passing the same row). Returns false
    /// at the end of the file. Throws credcheck::Error when the rest of the file cannot be read (I/O
    /// error, bytes that are not GB18030, a record longer than ReaderLimits::max_record_bytes).
    virtual bool next(SourceRow& row) = 0;

    /// For progress display: bytes of the file consumed so far and its total size (0 if unknown).
    /// Exact for UTF-8; for GB18030 it runs up to one chunk ahead of the records returned.
    virtual std::uint64_t bytes_read() const = 0;
    virtual std::uint64_t total_bytes() const = 0;
};

/// A delimited text file as its records, before any of them is taken for the header (header_finder.hpp
/// decides): each record's fields in GridRow::cells (trailing empty fields kept, so that the field
/// count is the record's), GridRow::number the line it starts on. A record that cannot be read as it is
/// (invalid UTF-8, a quote never closed, text after a closing quote) has GridRow::error.
std::unique_ptr<GridReader> open_delimited_grid(const std::filesystem::path& path, Encoding encoding, Delimiters delimiters,
                                                std::string name, ReaderLimits limits = {});
std::unique_ptr<GridReader> delimited_grid_from_string(std::string content, Encoding encoding, Delimiters delimiters,
                                                       std::string name = "<memory>", ReaderLimits limits = {});

} // namespace credcheck::import
