#include "import/open_table.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "credcheck/error.hpp"
#include "import/byte_stream.hpp"
#include "import/html_table_reader.hpp"
#include "import/read_ahead.hpp"
#include "import/spreadsheetml_reader.hpp"
#include "import/xls_reader.hpp"
#include "import/xlsx_reader.hpp"
#include "import/zip_archive.hpp"

namespace credcheck::import {

namespace {

constexpr std::size_t kHeadBytes = std::size_t{64} << 10;
constexpr std::size_t kMaxDelimiterRecords = 50;

/// Where the bytes come from: a file, or memory (tests, fuzzing).
struct Input {
    std::filesystem::path path; // empty for memory
    std::string_view bytes;     // memory only
    std::string name;

    bool in_memory() const noexcept { return path.empty(); }
    std::unique_ptr<ByteStream> stream() const { return in_memory() ? ByteStream::over(bytes) : ByteStream::open(path, name); }
    std::string head() const { return in_memory() ? std::string(bytes.substr(0, kHeadBytes)) : read_head(path, name, kHeadBytes); }
};

/// The first non-ASCII bytes of the input (up to 4 KiB of them) and their offset; empty when there are none.
std::pair<std::string, std::uint64_t> first_non_ascii(ByteStream& stream) {
    std::vector<char> chunk(std::size_t{1} << 20);
    std::uint64_t offset = 0;
    for (;;) {
        const std::size_t n = stream.read(chunk.data(), chunk.size());
        if (n == 0) return {std::string(), 0};
        const auto it = std::find_if(chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(n), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
        if (it != chunk.begin() + static_cast<std::ptrdiff_t>(n)) {
            const auto at = static_cast<std::size_t>(it - chunk.begin());
            std::string sample(chunk.data() + at, std::min<std::size_t>(n - at, 4096));
            if (sample.size() < 4096) { // the chunk ends soon after: take the next bytes too
                std::vector<char> more(4096 - sample.size());
                sample.append(more.data(), stream.read(more.data(), more.size()));
            }
            return {std::move(sample), offset + at};
        }
        offset += n;
    }
}

std::string quoted_names(const std::vector<SheetInfo>& sheets, const std::vector<std::size_t>& which) {
    std::string out;
    for (std::size_t i : which) out += fmt::format("{}'{}'{}", out.empty() ? "" : ", ", sheets[i].name, sheets[i].hidden ? " (hidden)" : "");
    return out;
}

std::vector<std::size_t> all_indexes(std::size_t n) {
    std::vector<std::size_t> out(n);
    for (std::size_t i = 0; i < n; ++i) out[i] = i;
    return out;
}

/// The sheet to read: --sheet by name (exact, then ignoring case) or number; else the only sheet; else
/// the only visible worksheet with data. Anything else is an error naming the sheets.
std::size_t choose_sheet(Workbook& book, const std::optional<std::string>& wanted, const std::string& name, TableSource& source) {
    const auto& sheets = book.sheets();
    for (const auto& s : sheets) source.sheets.push_back(s.name);
    const std::string all = quoted_names(sheets, all_indexes(sheets.size()));
    if (wanted) {
        for (std::size_t i = 0; i < sheets.size(); ++i)
            if (sheets[i].name == *wanted) return source.sheet_reason = "--sheet", i;
        for (std::size_t i = 0; i < sheets.size(); ++i)
            if (title_key(sheets[i].name) == title_key(*wanted)) return source.sheet_reason = "--sheet", i;
        if (!wanted->empty() && wanted->find_first_not_of("0123456789") == std::string::npos && wanted->size() < 6) {
            const std::size_t n = std::stoul(*wanted);
            if (n >= 1 && n <= sheets.size()) return source.sheet_reason = fmt::format("--sheet {}", n), n - 1;
        }
        throw Error(Status::invalid_argument, fmt::format("{}: no sheet '{}'; the workbook has {} sheet{}: {} (--sheet takes a name or a number from 1)",
                                                          name, *wanted, sheets.size(), sheets.size() == 1 ? "" : "s", all));
    }
    if (sheets.size() == 1) return source.sheet_reason = "the only sheet", 0;
    std::vector<std::size_t> with_data, hidden_with_data;
    for (std::size_t i = 0; i < sheets.size(); ++i) {
        if (!sheets[i].worksheet || !book.has_data(i)) continue;
        (sheets[i].hidden ? hidden_with_data : with_data).push_back(i);
    }
    if (with_data.size() == 1) {
        source.sheet_reason = "the only visible sheet with data";
        return with_data.front();
    }
    if (with_data.empty())
        throw Error(Status::invalid_argument, fmt::format("{}: no visible sheet has data; the workbook has {}{}", name, all,
                                                          hidden_with_data.empty() ? "" : "; choose a hidden one with --sheet"));
    throw Error(Status::invalid_argument,
                fmt::format("{}: the workbook has {} sheets with data: {}; choose one with --sheet NAME or --sheet N (the sheets: {})", name,
                            with_data.size(), quoted_names(sheets, with_data), all));
}

std::unique_ptr<Workbook> open_workbook(SourceFormat format, const Input& in, const TableOptions& options, TableSource& source) {
    switch (format) {
    case SourceFormat::xlsx: return in.in_memory() ? open_xlsx_bytes(in.bytes, in.name) : open_xlsx(in.path, in.name);
    case SourceFormat::xls: return in.in_memory() ? open_xls_bytes(in.bytes, in.name) : open_xls(in.path, in.name);
    case SourceFormat::spreadsheetml: return in.in_memory() ? open_spreadsheetml_bytes(in.bytes, in.name) : open_spreadsheetml(in.path, in.name);
    case SourceFormat::html: {
        std::optional<std::string> encoding;
        if (options.encoding) encoding = iconv_encoding_name(*options.encoding);
        auto book = in.in_memory() ? open_html_bytes(in.bytes, in.name, encoding) : open_html(in.path, in.name, encoding);
        source.encoding = html_encoding(*book);
        source.encoding_reason = options.encoding ? "given" : "declared by the page, or detected";
        return book;
    }
    default: throw Error(Status::internal, "open_workbook: not a workbook format");
    }
}

Encoding encoding_named(const std::string& name) { return parse_encoding(name); }

OpenedTable open_text(const Input& in, SourceFormat format, const TableOptions& options, std::string_view head) {
    OpenedTable out;
    TableSource& source = out.source;
    source.format = format;
    Encoding encoding = Encoding::utf8;
    if (options.encoding) {
        encoding = encoding_named(*options.encoding);
        source.encoding_reason = "given";
    } else if (head.starts_with("\xEF\xBB\xBF")) {
        source.encoding_reason = "byte order mark";
    } else {
        auto stream = in.stream();
        const auto [sample, offset] = first_non_ascii(*stream);
        const auto detected = detect_text_encoding(sample, offset);
        encoding = detected.encoding;
        source.encoding_reason = detected.reason;
    }
    source.encoding = encoding == Encoding::utf8 ? "UTF-8" : "GB18030";
    if (format == SourceFormat::jsonl) {
        if (options.sheet) throw Error(Status::invalid_argument, fmt::format("{}: --sheet: a JSON Lines file has no sheets", in.name));
        if (options.header_row) throw Error(Status::invalid_argument, fmt::format("{}: --header-row: a JSON Lines file has no header row (its keys name the columns)", in.name));
        out.reader = in.in_memory() ? TableReader::from_string(std::string(in.bytes), FileFormat::jsonl, encoding, in.name, options.limits)
                                    : TableReader::open(in.path, FileFormat::jsonl, encoding, options.limits);
        source.header_row = 1;
        return out;
    }
    if (options.sheet) throw Error(Status::invalid_argument, fmt::format("{}: --sheet: a CSV file has no sheets", in.name));
    const Delimiters delimiters = detect_delimiters(head);
    source.delimiters = delimiters == Delimiters::comma ? "comma" : delimiters == Delimiters::tab ? "tab" : "comma and tab (a record mixes them)";
    auto grid = in.in_memory() ? delimited_grid_from_string(std::string(in.bytes), encoding, delimiters, in.name, options.limits)
                               : open_delimited_grid(in.path, encoding, delimiters, in.name, options.limits);
    auto reader = std::make_unique<HeaderedReader>(std::move(grid), HeaderRule{options.recognised, options.header_row, options.min_titles, options.majority}, in.name);
    source.header_row = reader->header_row();
    source.skipped = reader->skipped();
    out.reader = std::move(reader);
    return out;
}

OpenedTable open_input(const Input& in, const TableOptions& options) {
    const std::string head = in.head();
    const Sniffed sniffed = sniff(head, [&] {
        const ZipArchive zip = in.in_memory() ? ZipArchive::open_bytes(in.bytes, in.name) : ZipArchive::open(in.path, in.name);
        return zip.entry_names();
    });
    if (!sniffed.format) throw Error(Status::invalid_argument, fmt::format("{}: {}", in.name, sniffed.refusal));
    SourceFormat format = *sniffed.format;
    if (options.text_format && (format == SourceFormat::csv || format == SourceFormat::jsonl))
        format = *options.text_format == FileFormat::jsonl ? SourceFormat::jsonl : SourceFormat::csv;
    if (format == SourceFormat::csv || format == SourceFormat::jsonl) return open_text(in, format, options, head);

    OpenedTable out;
    TableSource& source = out.source;
    source.format = format;
    source.rows_are_lines = false;
    if (options.encoding && format != SourceFormat::html)
        throw Error(Status::invalid_argument, fmt::format("{}: --encoding: {} stores its own text encoding", in.name, format_description(format)));
    auto book = open_workbook(format, in, options, source);
    const std::size_t index = choose_sheet(*book, options.sheet, in.name, source);
    source.sheet = book->sheets()[index].name;
    source.dates = book->date_system();
    const std::string where = format == SourceFormat::html ? fmt::format("{}, {}", in.name, source.sheet) : fmt::format("{}, sheet '{}'", in.name, source.sheet);
    auto grid = book->open_sheet(index);
    book.reset(); // the sheet's reader is all that reads the file from here: on its own thread, when it reads ahead
    if (options.read_ahead) grid = read_ahead(std::move(grid));
    auto reader = std::make_unique<HeaderedReader>(std::move(grid), HeaderRule{options.recognised, options.header_row, options.min_titles, options.majority}, where);
    source.header_row = reader->header_row();
    source.skipped = reader->skipped();
    out.reader = std::move(reader);
    return out;
}

} // namespace

DetectedEncoding detect_text_encoding(std::string_view sample, std::uint64_t sample_offset) {
    if (sample.empty()) return DetectedEncoding{Encoding::utf8, "detected: ASCII only, read as UTF-8"};
    const std::size_t bad = first_invalid_utf8(sample, true);
    if (bad == std::string_view::npos) return DetectedEncoding{Encoding::utf8, "detected: valid UTF-8"};
    return DetectedEncoding{Encoding::gb18030, fmt::format("detected: not valid UTF-8 (byte 0x{:02X} at offset {}), read as GB18030 (GBK)",
                                                           static_cast<unsigned char>(sample[bad]), sample_offset + bad)};
}

Delimiters detect_delimiters(std::string_view head) {
    std::size_t best = 0, best_commas = 0, best_tabs = 0;
    std::size_t commas = 0, tabs = 0, records = 0;
    bool quoted = false;
    const auto end_record = [&] {
        if (commas + tabs > best) best = commas + tabs, best_commas = commas, best_tabs = tabs;
        commas = tabs = 0;
        ++records;
    };
    for (std::size_t i = 0; i < head.size() && records < kMaxDelimiterRecords; ++i) {
        const char c = head[i];
        if (c == '"') quoted = !quoted;
        else if (quoted) continue;
        else if (c == ',') ++commas;
        else if (c == '\t') ++tabs;
        else if (c == '\n') end_record();
    }
    if (records < kMaxDelimiterRecords) end_record();
    if (best_tabs > 0 && best_commas > 0) return Delimiters::comma_and_tab;
    if (best_tabs > 0) return Delimiters::tab;
    return Delimiters::comma;
}

OpenedTable open_table(const std::filesystem::path& path, const TableOptions& options) {
    return open_input(Input{path, {}, path.filename().string()}, options);
}

OpenedTable open_table_bytes(std::string_view bytes, std::string name, const TableOptions& options) {
    return open_input(Input{{}, bytes, std::move(name)}, options);
}

} // namespace credcheck::import
