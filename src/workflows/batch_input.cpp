#include "credcheck/batch_input.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fstream>

#include "credcheck/error.hpp"
#include "import/byte_stream.hpp"
#include "import/format_sniffer.hpp"
#include "import/header_finder.hpp"
#include "import/open_table.hpp"
#include "import/zip_archive.hpp"

namespace credcheck {

std::string BatchInput::where(std::size_t row) const {
    return sheet.empty() ? fmt::format("line {}", row) : fmt::format("sheet '{}' row {}", sheet, row);
}

namespace {

/// Titles a plain list of codes may have on its first line.
bool is_code_title(std::string_view line) {
    static const std::vector<std::string> titles = [] {
        std::vector<std::string> t;
        for (const char* title : {"统一社会信用代码", "社会信用代码", "信用代码", "代码", "证件号码", "身份证号码", "纳税人识别号", "组织机构代码",
                                  "工商注册号", "注册号", "code", "codes", "subject", "subject_code", "身份证号码/组织机构代码"})
            t.push_back(import::title_key(title));
        return t;
    }();
    return std::find(titles.begin(), titles.end(), import::title_key(line)) != titles.end();
}

/// A line as UTF-8: as it is when it is UTF-8 (or ASCII, as codes are), else decoded from GB18030 (GBK,
/// GB2312: what Notepad saves as "ANSI" on a Chinese Windows) by the importer's decoder; as it is when
/// it is neither.
std::string as_utf8(const std::string& line, const std::string& name) {
    if (import::first_invalid_utf8(line) == std::string_view::npos) return line;
    try {
        import::TextDecoder decoder(import::ByteStream::over(line), "GB18030", name);
        std::string out;
        char chunk[4096];
        while (const std::size_t n = decoder.read(chunk, sizeof chunk)) out.append(chunk, n);
        return out;
    } catch (const Error&) {
        return line;
    }
}

/// One code a line. A first line that titles the codes is a header; a line with commas or tabs means a
/// table, whose column of codes must be named.
BatchInput read_code_list(const std::filesystem::path& path) {
    const std::string name = path.string();
    // What the file is, by its bytes (a workbook, UTF-16 text, a PDF, …): the importer's sniffer says.
    const import::Sniffed sniffed = import::sniff(import::read_head(path, name, 64 * 1024), [&] {
        return import::ZipArchive::open(path, name).entry_names();
    });
    if (!sniffed.format) throw Error(Status::invalid_argument, fmt::format("{}: {}", name, sniffed.refusal));
    if (*sniffed.format != import::SourceFormat::csv && *sniffed.format != import::SourceFormat::jsonl)
        throw Error(Status::invalid_argument, fmt::format("{}: {}: name its column of codes (--column TITLE)", name,
                                                          import::format_description(*sniffed.format)));
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(Status::not_found, "cannot read " + name);
    BatchInput input;
    bool first = true;
    std::size_t number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (number == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (line.empty() || line.front() == '#') continue;
        if (line.find_first_of(",\t") != std::string::npos)
            throw Error(Status::invalid_argument,
                        fmt::format("{}: line {} has commas or tabs, so the file is a table: name its column of codes (--column TITLE)", name, number));
        const bool header = first && is_code_title(as_utf8(line, name)); // a title typed on a Chinese Windows is GBK
        first = false;
        if (!header) input.items.push_back(Checker::BatchItem{line, "", number});
    }
    return input;
}

/// The column of codes (and of names) of a table, found by its title below any title rows.
BatchInput read_code_table(const std::filesystem::path& path, const BatchInputOptions& o) {
    const std::string code_key = import::title_key(o.column), name_key = import::title_key(o.name_column);
    import::TableOptions options;
    options.recognised = [&](const std::string& key) { return key == code_key || (!name_key.empty() && key == name_key); };
    options.min_titles = name_key.empty() ? 1 : 2;
    options.majority = false; // the header is the first row with the columns named
    if (!o.sheet.empty()) options.sheet = o.sheet;
    auto table = import::open_table(path, options);
    const auto& header = table.reader->header();
    const auto index_of = [&](const std::string& key, const std::string& title) {
        for (std::size_t i = 0; i < header.size(); ++i)
            if (import::title_key(header[i]) == key) return i;
        throw Error(Status::invalid_argument, fmt::format("{}: no column titled '{}'", path.string(), title));
    };
    const std::size_t code = index_of(code_key, o.column);
    const std::size_t name = name_key.empty() ? header.size() : index_of(name_key, o.name_column); // header.size(): no column of names
    BatchInput input;
    input.sheet = table.source.sheet;
    import::SourceRow row;
    while (table.reader->next(row)) {
        // A row the reader could not read as it is still stands for a subject: its code, as far as it goes,
        // is checked and fails or passes on its own.
        input.items.push_back(
            Checker::BatchItem{import::clean_title(row.fields[code]), name < header.size() ? import::clean_title(row.fields[name]) : "", row.line});
    }
    return input;
}

} // namespace

BatchInput read_batch_input(const std::filesystem::path& path, const BatchInputOptions& options) {
    if (options.column.empty()) {
        if (!options.name_column.empty() || !options.sheet.empty())
            throw Error(Status::invalid_argument, fmt::format("{}: a column of names or a sheet is read from a table: name its column of codes too "
                                                              "(--column TITLE)", path.string()));
        return read_code_list(path);
    }
    return read_code_table(path, options);
}

} // namespace credcheck
