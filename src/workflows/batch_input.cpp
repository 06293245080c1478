#include "credcheck/batch_input.hpp"

#include <algorithm>
#include <cerrno>
#include <fmt/format.h>
#include <fstream>
#include <iconv.h>

#include "credcheck/error.hpp"
#include "import/byte_stream.hpp"
#include "import/compound_file.hpp"
#include "import/header_finder.hpp"
#include "import/open_table.hpp"

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

/// `bytes` decoded from GB18030 (GBK, GB2312: what Notepad saves as "ANSI" on a Chinese Windows), or
/// nullopt when they are not GB18030.
std::optional<std::string> from_gb18030(std::string_view bytes) {
    struct Descriptor {
        iconv_t cd = iconv_open("UTF-8", "GB18030");
        ~Descriptor() {
            if (cd != reinterpret_cast<iconv_t>(-1)) iconv_close(cd);
        }
    } d;
    if (d.cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
    std::string in(bytes), out(bytes.size() * 2 + 4, '\0');
    char* inp = in.data();
    char* outp = out.data();
    std::size_t in_left = in.size(), out_left = out.size();
    if (iconv(d.cd, &inp, &in_left, &outp, &out_left) == static_cast<std::size_t>(-1)) return std::nullopt;
    out.resize(out.size() - out_left);
    return out;
}

/// A line as UTF-8: as it is when it is UTF-8 (or ASCII, as codes are), else decoded from GB18030.
std::string as_utf8(const std::string& line) {
    if (std::all_of(line.begin(), line.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) return line;
    if (import::first_invalid_utf8(line) == std::string_view::npos) return line;
    return from_gb18030(line).value_or(line);
}

/// One code a line. A first line that titles the codes is a header; a line with commas or tabs means a
/// table, whose column of codes must be named.
BatchInput read_code_list(const std::filesystem::path& path) {
    const std::string name = path.string();
    const std::string head = import::read_head(path, name, 8);
    if (head.starts_with("PK") || head.starts_with(import::kCompoundFileSignature))
        throw Error(Status::invalid_argument, fmt::format("{}: a workbook: name its column of codes (--column TITLE)", name));
    if (head.starts_with("\xFF\xFE") || head.starts_with("\xFE\xFF"))
        throw Error(Status::invalid_argument,
                    fmt::format("{}: UTF-16 text (what Notepad saves as \"Unicode\"): save the list as UTF-8 or ANSI", name));
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
        const bool header = first && is_code_title(as_utf8(line)); // a title typed on a Chinese Windows is GBK
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
