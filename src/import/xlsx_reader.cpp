// The XLSX reader: the package's relationships lead to the workbook part (sheets, date system), its
// styles (which cell formats are dates) and shared strings; each sheet part is then pushed through
// expat a chunk at a time, and the rows its events complete are handed out one by one.

#include "import/xlsx_reader.hpp"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>
#include <unordered_map>

#include "credcheck/error.hpp"
#include "import/xml_stream.hpp"
#include "import/zip_archive.hpp"

namespace credcheck::import {

namespace {

// Excel's own limits (Excel specifications and limits): a sheet of 1,048,576 rows and 16,384 columns
// (A to XFD), a cell of 32,767 characters.
constexpr std::size_t kMaxRows = 1'048'576;
constexpr std::size_t kMaxColumns = 16'384;
constexpr std::size_t kMaxCellBytes = 32'767 * 4; // UTF-8: at most four bytes a character
// A sheet part is streamed: its size only bounds the time spent (the expansion ratio bounds bombs).
constexpr std::uint64_t kMaxSheetBytes = std::uint64_t{1} << 40;

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

template <class T> std::optional<T> parse_unsigned(std::string_view text) noexcept {
    T value{};
    if (text.empty() || !is_digit(text.front())) return std::nullopt;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

/// Decodes ECMA-376's `_xHHHH_` escapes (Excel writes a carriage return in a cell as `_x000D_`, and an
/// underscore that would read as one as `_x005F_`).
void decode_escapes(std::string& text) {
    if (text.find("_x") == std::string::npos) return;
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (text.compare(i, 2, "_x") == 0 && i + 7 <= text.size() && text[i + 6] == '_') {
            unsigned code = 0;
            const auto [end, error] = std::from_chars(text.data() + i + 2, text.data() + i + 6, code, 16);
            if (error == std::errc() && end == text.data() + i + 6 && (code < 0xD800 || code > 0xDFFF)) {
                if (code < 0x80) {
                    out.push_back(static_cast<char>(code));
                } else if (code < 0x800) {
                    out.push_back(static_cast<char>(0xC0 | (code >> 6)));
                    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
                } else {
                    out.push_back(static_cast<char>(0xE0 | (code >> 12)));
                    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
                    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
                }
                i += 7;
                continue;
            }
        }
        out.push_back(text[i++]);
    }
    text = std::move(out);
}

// ---------------------------------------------------------------------------------------------------
// Part names and relationships (ECMA-376 part 2, Open Packaging Conventions)

std::string directory_of(std::string_view part) {
    const auto slash = part.rfind('/');
    return slash == std::string_view::npos ? std::string() : std::string(part.substr(0, slash + 1));
}

std::string relationships_of(std::string_view part) {
    const auto slash = part.rfind('/');
    const std::string_view dir = slash == std::string_view::npos ? std::string_view() : part.substr(0, slash + 1);
    const std::string_view file = slash == std::string_view::npos ? part : part.substr(slash + 1);
    return fmt::format("{}_rels/{}.rels", dir, file);
}

/// A relationship's target resolved against the directory of its source part: "worksheets/sheet1.xml"
/// from "xl/" is "xl/worksheets/sheet1.xml"; "/xl/x.xml" is absolute; ".." climbs.
std::string resolve_target(std::string_view base_directory, std::string_view target) {
    std::vector<std::string> parts;
    const auto push_path = [&](std::string_view path) {
        while (!path.empty()) {
            const auto slash = path.find('/');
            const std::string_view segment = path.substr(0, slash);
            if (segment == "..") {
                if (!parts.empty()) parts.pop_back();
            } else if (!segment.empty() && segment != ".") {
                parts.emplace_back(segment);
            }
            if (slash == std::string_view::npos) break;
            path.remove_prefix(slash + 1);
        }
    };
    if (!target.starts_with('/')) push_path(base_directory);
    push_path(target);
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
    return out;
}

struct Relationship {
    std::string id, type, target; // target resolved to a part name
};

class RelationshipEvents final : public XmlEvents {
public:
    explicit RelationshipEvents(std::string base) : base_(std::move(base)) {}
    void start(std::string_view name, const XmlAttributes& a) override {
        if (name != "Relationship") return;
        if (a.get("TargetMode").value_or("") == "External") return;
        found.push_back(Relationship{std::string(a.get("Id").value_or("")), std::string(a.get("Type").value_or("")),
                                     resolve_target(base_, a.get("Target").value_or(""))});
    }
    void end(std::string_view) override {}
    void text(std::string_view) override {}
    std::vector<Relationship> found;

private:
    std::string base_;
};

/// The relationship types end the same way in the transitional and strict namespaces.
bool has_type(const Relationship& r, std::string_view suffix) { return r.type.ends_with(suffix); }

// ---------------------------------------------------------------------------------------------------
// Number formats

bool is_builtin_date(unsigned id) noexcept { return (id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36 || (id >= 50 && id <= 58); }
bool is_builtin_time(unsigned id) noexcept { return (id >= 18 && id <= 21) || (id >= 32 && id <= 35) || (id >= 45 && id <= 47); }

} // namespace

std::optional<DateCellStyle> number_format_style(unsigned id, std::string_view code) {
    if (id == 22) return DateCellStyle::date_time;
    if (is_builtin_date(id)) return DateCellStyle::date;
    if (is_builtin_time(id)) return DateCellStyle::time;
    if (code.empty()) return std::nullopt;
    // The first section decides (positive numbers); what shows literally does not count.
    bool year_or_day = false, month_or_minute = false, hour_or_second = false;
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        if (c == ';') break;
        if (c == '"') {
            const auto close = code.find('"', i + 1);
            if (close == std::string_view::npos) break;
            i = close;
        } else if (c == '\\' || c == '_' || c == '*') {
            ++i; // an escaped character, a space the width of one, a fill character
        } else if (c == '[') {
            const auto close = code.find(']', i + 1);
            if (close == std::string_view::npos) break;
            const std::string_view inside = code.substr(i + 1, close - i - 1);
            // [h], [mm], [ss]: elapsed time; [Red], [$-804], [DBNum1]: no placeholder
            if (!inside.empty() && inside.find_first_not_of("hHmMsS") == std::string_view::npos) hour_or_second = true;
            i = close;
        } else if ((c == 'G' || c == 'g') && code.size() - i >= 7 &&
                   std::equal(code.begin() + static_cast<std::ptrdiff_t>(i), code.begin() + static_cast<std::ptrdiff_t>(i) + 7, "general",
                              [](char a, char b) { return (a | 0x20) == b; })) {
            i += 6;
        } else {
            const char lower = static_cast<char>(c | 0x20);
            year_or_day |= lower == 'y' || lower == 'd';
            month_or_minute |= lower == 'm';
            hour_or_second |= lower == 'h' || lower == 's';
        }
    }
    // An m is a month beside a y or d, or alone; a minute beside an h or s.
    if (year_or_day) return hour_or_second ? DateCellStyle::date_time : DateCellStyle::date;
    if (hour_or_second) return DateCellStyle::time;
    if (month_or_minute) return DateCellStyle::date;
    return std::nullopt;
}

namespace {

class StylesEvents final : public XmlEvents {
public:
    void start(std::string_view name, const XmlAttributes& a) override {
        if (name == "numFmt") {
            if (const auto id = parse_unsigned<unsigned>(a.get("numFmtId").value_or(""))) codes_[*id] = std::string(a.get("formatCode").value_or(""));
        } else if (name == "cellXfs") {
            in_cell_xfs_ = true;
        } else if (name == "xf" && in_cell_xfs_) {
            formats_.push_back(parse_unsigned<unsigned>(a.get("numFmtId").value_or("0")).value_or(0));
        }
    }
    void end(std::string_view name) override {
        if (name == "cellXfs") in_cell_xfs_ = false;
    }
    void text(std::string_view) override {}

    /// For each cell format (the `s` of a cell), how it shows a number.
    std::vector<std::optional<DateCellStyle>> cell_styles() const {
        std::vector<std::optional<DateCellStyle>> out;
        out.reserve(formats_.size());
        for (unsigned id : formats_) {
            const auto code = codes_.find(id);
            out.push_back(number_format_style(id, code == codes_.end() ? std::string_view() : std::string_view(code->second)));
        }
        return out;
    }

private:
    std::unordered_map<unsigned, std::string> codes_;
    std::vector<unsigned> formats_;
    bool in_cell_xfs_ = false;
};

class WorkbookEvents final : public XmlEvents {
public:
    void start(std::string_view name, const XmlAttributes& a) override {
        if (name == "workbookPr") {
            const auto v = a.get("date1904").value_or("0");
            date1904 = v == "1" || v == "true";
        } else if (name == "sheet") {
            SheetInfo info;
            info.name = std::string(a.get("name").value_or(""));
            const auto state = a.get("state").value_or("visible");
            info.hidden = state == "hidden" || state == "veryHidden";
            sheets.push_back(std::move(info));
            relationship_ids.emplace_back(a.get("id").value_or(""));
        }
    }
    void end(std::string_view) override {}
    void text(std::string_view) override {}

    bool date1904 = false;
    std::vector<SheetInfo> sheets;
    std::vector<std::string> relationship_ids;
};

// ---------------------------------------------------------------------------------------------------
// Shared strings: every string of the workbook, once, in one arena

class SharedStrings {
public:
    std::size_t size() const noexcept { return ends_.size(); }
    std::string_view at(std::size_t i) const noexcept {
        const std::size_t begin = i == 0 ? 0 : ends_[i - 1];
        return std::string_view(text_).substr(begin, ends_[i] - begin);
    }
    void add(std::string_view s) {
        text_.append(s);
        ends_.push_back(text_.size());
    }

private:
    std::string text_;
    std::vector<std::size_t> ends_;
};

class SharedStringsEvents final : public XmlEvents {
public:
    SharedStringsEvents(SharedStrings& out, XmlParser*& parser) : out_(out), parser_(parser) {}
    void start(std::string_view name, const XmlAttributes&) override {
        if (name == "si") {
            in_item_ = true;
            current_.clear();
        } else if (name == "rPh") {
            ++phonetic_depth_;
        } else if (name == "t" && in_item_ && phonetic_depth_ == 0) {
            in_text_ = true;
        }
    }
    void end(std::string_view name) override {
        if (name == "si") {
            decode_escapes(current_);
            out_.add(current_);
            in_item_ = false;
        } else if (name == "rPh") {
            --phonetic_depth_;
        } else if (name == "t") {
            in_text_ = false;
        }
    }
    void text(std::string_view text) override {
        if (!in_text_) return;
        if (current_.size() + text.size() > kMaxCellBytes)
            return parser_->fail(fmt::format("shared string {} is longer than the 32,767 characters a cell may hold", out_.size()));
        current_.append(text);
    }

private:
    SharedStrings& out_;
    XmlParser*& parser_;
    std::string current_;
    bool in_item_ = false, in_text_ = false;
    int phonetic_depth_ = 0;
};

// ---------------------------------------------------------------------------------------------------
// The package: what every sheet reader shares

struct Package {
    Package(ZipArchive z, XlsxLimits l) : zip(std::move(z)), limits(l) {}
    ZipArchive zip;
    XlsxLimits limits;
    DateSystem dates = DateSystem::excel_1900;
    std::vector<std::optional<DateCellStyle>> cell_styles;
    std::optional<std::uint64_t> shared_strings_part;
    std::vector<SheetInfo> sheets;
    std::vector<std::optional<std::uint64_t>> sheet_parts; // zip index of each sheet's part (none: not a worksheet)
    std::vector<std::string> sheet_part_names;
    std::shared_ptr<const SharedStrings> strings; // read when the first sheet is

    ZipReadLimits part_limits() const { return limits_for(limits.max_part_bytes); }
    ZipReadLimits limits_for(std::uint64_t max_bytes) const {
        ZipReadLimits l;
        l.max_bytes = max_bytes;
        l.max_ratio = limits.max_expansion;
        return l;
    }
};

void parse_whole(const std::string& xml, XmlEvents& events, const std::string& what) {
    XmlParser parser(events, what);
    parser.parse(xml, true);
}

std::vector<Relationship> read_relationships(const ZipArchive& zip, std::string_view source_part, const ZipReadLimits& limits) {
    const std::string rels = relationships_of(source_part);
    const auto index = zip.find(rels);
    if (!index) return {};
    RelationshipEvents events(directory_of(source_part));
    parse_whole(zip.read_all(*index, limits), events, fmt::format("{}: {}", zip.name(), rels));
    return std::move(events.found);
}

std::shared_ptr<Package> open_package(ZipArchive zip, XlsxLimits limits) {
    auto p = std::make_shared<Package>(std::move(zip), limits);
    const ZipReadLimits part_limits = p->part_limits();
    const std::string& name = p->zip.name();

    // The package's relationships name the workbook part; without them, try where Excel puts it.
    std::string workbook_part = "xl/workbook.xml";
    for (const auto& r : read_relationships(p->zip, "", part_limits))
        if (has_type(r, "/officeDocument")) workbook_part = r.target;
    const auto workbook_index = p->zip.find(workbook_part);
    if (!workbook_index) {
        if (p->zip.find("xl/workbook.bin"))
            throw Error(Status::invalid_argument, fmt::format("{}: an Excel binary workbook (.xlsb), which credcheck does not read: save it as .xlsx", name));
        throw Error(Status::invalid_argument, fmt::format("{}: a zip archive without a workbook part ({}): not an XLSX workbook", name, workbook_part));
    }
    WorkbookEvents workbook;
    parse_whole(p->zip.read_all(*workbook_index, part_limits), workbook, fmt::format("{}: {}", name, workbook_part));
    if (workbook.sheets.empty()) throw Error(Status::invalid_argument, fmt::format("{}: the workbook has no sheets", name));
    p->dates = workbook.date1904 ? DateSystem::excel_1904 : DateSystem::excel_1900;

    std::unordered_map<std::string, Relationship> by_id;
    std::optional<std::string> styles_part, strings_part;
    for (auto& r : read_relationships(p->zip, workbook_part, part_limits)) {
        if (has_type(r, "/styles")) styles_part = r.target;
        else if (has_type(r, "/sharedStrings")) strings_part = r.target;
        by_id.emplace(r.id, std::move(r));
    }
    // Excel puts them here; some writers leave the relationship out.
    if (!styles_part && p->zip.find("xl/styles.xml")) styles_part = "xl/styles.xml";
    if (!strings_part && p->zip.find("xl/sharedStrings.xml")) strings_part = "xl/sharedStrings.xml";

    p->sheets = std::move(workbook.sheets);
    for (std::size_t i = 0; i < p->sheets.size(); ++i) {
        const auto r = by_id.find(workbook.relationship_ids[i]);
        std::optional<std::uint64_t> index;
        std::string part;
        if (r != by_id.end() && has_type(r->second, "/worksheet")) {
            part = r->second.target;
            index = p->zip.find(part);
            if (!index)
                throw Error(Status::invalid_argument,
                            fmt::format("{}: sheet '{}' names the part {}, which the archive does not hold", name, p->sheets[i].name, part));
        } else if (r == by_id.end()) {
            throw Error(Status::invalid_argument,
                        fmt::format("{}: sheet '{}' names relationship '{}', which the workbook does not have", name, p->sheets[i].name,
                                    workbook.relationship_ids[i]));
        } else {
            p->sheets[i].worksheet = false; // a chart sheet or dialog sheet
        }
        p->sheet_parts.push_back(index);
        p->sheet_part_names.push_back(part);
    }
    if (styles_part) {
        if (const auto index = p->zip.find(*styles_part)) {
            StylesEvents styles;
            parse_whole(p->zip.read_all(*index, part_limits), styles, fmt::format("{}: {}", name, *styles_part));
            p->cell_styles = styles.cell_styles();
        }
    }
    if (strings_part) p->shared_strings_part = p->zip.find(*strings_part);
    return p;
}

std::shared_ptr<const SharedStrings> load_shared_strings(const Package& p) {
    auto strings = std::make_shared<SharedStrings>();
    if (!p.shared_strings_part) return strings;
    ZipEntryReader entry = p.zip.open_entry(*p.shared_strings_part, p.limits_for(p.limits.max_shared_strings_bytes));
    XmlParser* parser_ref = nullptr;
    SharedStringsEvents events(*strings, parser_ref);
    XmlParser parser(events, fmt::format("{}: shared strings", p.zip.name()));
    parser_ref = &parser;
    std::vector<char> buffer(p.limits.chunk_bytes);
    for (;;) {
        const std::size_t n = entry.read(buffer.data(), buffer.size());
        parser.parse(std::string_view(buffer.data(), n), n == 0);
        if (n == 0) break;
    }
    return strings;
}

// ---------------------------------------------------------------------------------------------------
// A sheet, streamed

enum class CellType { number, shared_string, inline_string, formula_string, boolean, error, date_iso };

class SheetEvents final : public XmlEvents {
public:
    /// `probe`: stop at the first cell with a value (found_data()) instead of collecting rows.
    SheetEvents(const Package& package, const SharedStrings* strings, bool probe) : package_(package), strings_(strings), probe_(probe) {}

    void attach(XmlParser& parser) noexcept { parser_ = &parser; }

    // Rows completed by the events so far: rows_[taken_ .. ready_).
    bool has_row() const noexcept { return taken_ < ready_; }
    void take(GridRow& out) {
        std::swap(out, rows_[taken_++]); // the caller's old row becomes a slot to fill again
        if (taken_ == ready_) {
            // The chunk may have ended inside a row: keep filling it, at the front.
            if (in_row_) std::swap(rows_[0], rows_[ready_]);
            taken_ = ready_ = 0;
        }
    }
    bool found_data() const noexcept { return found_data_; }
    bool ended() const noexcept { return ended_; }

    void start(std::string_view name, const XmlAttributes& a) override {
        if (!in_data_) {
            if (name == "sheetData") in_data_ = true;
            return;
        }
        if (name == "row") return begin_row(a);
        if (name == "c") return begin_cell(a);
        if (!in_cell_) return;
        if (name == "v") in_value_ = true;
        else if (name == "is") in_inline_ = true;
        else if (name == "rPh") ++phonetic_depth_;
        else if (name == "t" && in_inline_ && phonetic_depth_ == 0) in_inline_text_ = true;
    }

    void end(std::string_view name) override {
        if (!in_data_) return;
        if (name == "c") return end_cell();
        if (name == "row") return end_row();
        if (name == "v") in_value_ = false;
        else if (name == "is") in_inline_ = false;
        else if (name == "rPh") --phonetic_depth_;
        else if (name == "t") in_inline_text_ = false;
        else if (name == "sheetData") {
            // What follows (merged cells, page setup, drawings) holds no cell values.
            ended_ = true;
            parser_->finish();
        }
    }

    void text(std::string_view text) override {
        if (!in_cell_ || !(in_value_ || (in_inline_text_ && phonetic_depth_ == 0)) || too_long_) return;
        if (value_.size() + text.size() > kMaxCellBytes) {
            too_long_ = true;
            return cell_error("holds more than the 32,767 characters a cell may hold");
        }
        value_.append(text);
    }

private:
    GridRow& current() { return rows_[ready_]; }

    void begin_row(const XmlAttributes& a) {
        if (in_row_) return parser_->fail("a row inside a row");
        std::size_t number = last_row_ + 1;
        if (const auto r = a.get("r")) {
            const auto parsed = parse_unsigned<std::size_t>(*r);
            if (!parsed || *parsed == 0) return parser_->fail(fmt::format("row number '{}' is not a number from 1", *r));
            number = *parsed;
        }
        if (number > kMaxRows) return parser_->fail(fmt::format("row {} is beyond Excel's last row ({})", number, kMaxRows));
        if (number <= last_row_) return parser_->fail(fmt::format("row {} comes after row {}: rows out of order", number, last_row_));
        last_row_ = number;
        in_row_ = true;
        if (rows_.size() == ready_) rows_.emplace_back();
        GridRow& row = current();
        row.number = number;
        for (auto& cell : row.cells) cell.clear(); // keep their capacity
        width_ = 0;
        row.error.reset();
        last_column_ = -1;
    }

    void begin_cell(const XmlAttributes& a) {
        if (!in_row_) return parser_->fail("a cell outside a row");
        in_cell_ = true;
        value_.clear();
        too_long_ = false;
        in_value_ = in_inline_ = in_inline_text_ = false;
        phonetic_depth_ = 0;
        std::optional<std::string_view> r, s, t;
        a.each([&](std::string_view name, std::string_view value) {
            if (name == "r") r = value;
            else if (name == "s") s = value;
            else if (name == "t") t = value;
        });
        long column = last_column_ + 1;
        if (r) {
            std::size_t i = 0;
            long letters = 0;
            while (i < r->size() && i < 4 && (((*r)[i] >= 'A' && (*r)[i] <= 'Z') || ((*r)[i] >= 'a' && (*r)[i] <= 'z'))) {
                letters = letters * 26 + (((*r)[i] | 0x20) - 'a' + 1);
                ++i;
            }
            const auto row_digits = parse_unsigned<std::size_t>(r->substr(i));
            if (i == 0 || !row_digits) return parser_->fail(fmt::format("cell reference '{}' is not a column and a row", *r));
            column = letters - 1;
            if (*row_digits != current().number) cell_error(fmt::format("cell reference {} does not name a cell of its row", *r));
        }
        if (column >= static_cast<long>(kMaxColumns))
            return parser_->fail(fmt::format("a cell beyond Excel's last column (XFD) in row {}", current().number));
        if (column <= last_column_)
            return parser_->fail(fmt::format("row {}: cell {}{} comes after column {}: cells out of order", current().number,
                                             column_letters(static_cast<std::size_t>(column)), current().number,
                                             column_letters(static_cast<std::size_t>(last_column_))));
        column_ = static_cast<std::size_t>(column);
        last_column_ = column;
        style_ = 0;
        if (s) {
            const auto parsed = parse_unsigned<std::size_t>(*s);
            if (!parsed) return parser_->fail(fmt::format("cell style '{}' is not a number", *s));
            style_ = *parsed;
        }
        const std::string_view type = t.value_or("n");
        if (type == "n") type_ = CellType::number;
        else if (type == "s") type_ = CellType::shared_string;
        else if (type == "inlineStr") type_ = CellType::inline_string;
        else if (type == "str") type_ = CellType::formula_string;
        else if (type == "b") type_ = CellType::boolean;
        else if (type == "e") type_ = CellType::error;
        else if (type == "d") type_ = CellType::date_iso;
        else return parser_->fail(fmt::format("cell type '{}' is not one of n, s, inlineStr, str, b, e, d", type));
    }

    /// The cell's string in its row, emptied, keeping its capacity.
    std::string& cell_slot() {
        GridRow& row = current();
        if (row.cells.size() <= column_) row.cells.resize(column_ + 1);
        return row.cells[column_];
    }

    void end_cell() {
        in_cell_ = false;
        if (value_.empty() || too_long_) return;
        // The text goes straight into the row's cell (its capacity kept from row to row).
        std::string* cell = nullptr;
        const auto put = [&](std::string_view text) {
            if (text.empty()) return;
            if (probe_) {
                found_data_ = true;
                return parser_->finish();
            }
            cell = &cell_slot();
            cell->assign(text);
        };
        switch (type_) {
        case CellType::shared_string: {
            const auto index = parse_unsigned<std::size_t>(value_);
            if (!index || !strings_) return cell_error(fmt::format("shared string index '{}' is not a number", value_));
            if (*index >= strings_->size())
                return cell_error(fmt::format("shared string {} does not exist (the workbook has {})", *index, strings_->size()));
            put(strings_->at(*index));
            break;
        }
        case CellType::inline_string:
        case CellType::formula_string:
            decode_escapes(value_);
            put(value_);
            break;
        case CellType::boolean:
            if (value_ != "0" && value_ != "1") return cell_error(fmt::format("boolean '{}' is not 0 or 1", value_));
            put(value_ == "1" ? "TRUE" : "FALSE");
            break;
        case CellType::error: return cell_error(fmt::format("holds the Excel error {}", value_));
        case CellType::date_iso: {
            const auto date = Date::parse(value_.substr(0, 10));
            if (!date) return cell_error(fmt::format("date '{}' is not an ISO 8601 date", value_));
            std::string text = date->iso();
            const std::string_view time = value_.size() > 11 ? std::string_view(value_).substr(11, 8) : std::string_view();
            if (!time.empty() && time != "00:00:00") text += " " + std::string(time);
            put(text);
            break;
        }
        case CellType::number: {
            std::optional<DateCellStyle> date_style;
            if (style_ < package_.cell_styles.size()) date_style = package_.cell_styles[style_];
            else if (style_ != 0) return cell_error(fmt::format("cell style {} does not exist (the workbook has {})", style_, package_.cell_styles.size()));
            if (date_style) {
                double serial = 0;
                const auto [end, error] = std::from_chars(value_.data(), value_.data() + value_.size(), serial);
                const auto shown = error == std::errc() && end == value_.data() + value_.size()
                                       ? serial_text(serial, package_.dates, *date_style)
                                       : std::nullopt;
                if (!shown) return cell_error(fmt::format("the date-formatted number '{}' is no date Excel can show", value_));
                put(*shown);
            } else if (is_plain_integer(value_)) {
                put(value_); // the common case: digits as they are, no rounding to do
            } else {
                const auto shown = excel_number_text(value_);
                if (!shown) return cell_error(fmt::format("number '{}' is not a number", value_));
                put(*shown);
            }
            break;
        }
        }
        if (cell) width_ = column_ + 1;
    }

    /// Up to 15 digits with no sign, point, exponent or leading zero: Excel shows them as they are.
    static bool is_plain_integer(std::string_view v) noexcept {
        return !v.empty() && v.size() <= 15 && v.front() != '0' && std::all_of(v.begin(), v.end(), is_digit);
    }

    void end_row() {
        in_row_ = false;
        GridRow& row = current();
        row.cells.resize(width_);
        if (width_ > 0 || row.error) ++ready_;
    }

    void cell_error(const std::string& message) {
        GridRow& row = current();
        if (!row.error) row.error = fmt::format("column {}: {}", column_letters(column_), message);
        if (probe_) { // a cell Excel would show something in
            found_data_ = true;
            parser_->finish();
        }
    }

    const Package& package_;
    const SharedStrings* strings_;
    bool probe_;
    XmlParser* parser_ = nullptr;

    std::vector<GridRow> rows_;
    std::size_t taken_ = 0, ready_ = 0;
    bool in_data_ = false, in_row_ = false, in_cell_ = false, ended_ = false, found_data_ = false;
    std::size_t last_row_ = 0, width_ = 0;
    long last_column_ = -1;
    std::size_t column_ = 0, style_ = 0;
    CellType type_ = CellType::number;
    std::string value_;
    bool too_long_ = false, in_value_ = false, in_inline_ = false, in_inline_text_ = false;
    int phonetic_depth_ = 0;
};

class XlsxSheetReader final : public GridReader {
public:
    XlsxSheetReader(std::shared_ptr<const Package> package, std::size_t index)
        : package_(std::move(package)), strings_(package_->strings), part_(*package_->sheet_parts[index]),
          entry_(package_->zip.open_entry(part_, package_->limits_for(kMaxSheetBytes))),
          events_(*package_, strings_.get(), false),
          parser_(events_, fmt::format("{}: sheet '{}' ({})", package_->zip.name(), package_->sheets[index].name, package_->sheet_part_names[index])),
          buffer_(package_->limits.chunk_bytes) {
        events_.attach(parser_);
    }

    bool next(GridRow& row) override {
        while (!events_.has_row()) {
            if (done_) return false;
            // Read the part to its end even after </sheetData>: only then does libzip verify its CRC, and a
            // damaged part is refused whatever the size of the chunks it was read in.
            const std::size_t n = entry_.read(buffer_.data(), buffer_.size());
            if (!parser_.finished()) parser_.parse(std::string_view(buffer_.data(), n), n == 0);
            done_ = n == 0;
        }
        events_.take(row);
        return true;
    }

    RowUnit unit() const noexcept override { return RowUnit::row; }
    // Progress through the sheet's part, uncompressed.
    std::uint64_t bytes_read() const override { return entry_.bytes_read(); }
    std::uint64_t total_bytes() const override { return package_->zip.declared_size(part_); }

private:
    std::shared_ptr<const Package> package_;
    std::shared_ptr<const SharedStrings> strings_;
    std::uint64_t part_;
    ZipEntryReader entry_;
    SheetEvents events_;
    XmlParser parser_;
    std::vector<char> buffer_;
    bool done_ = false;
};

class XlsxWorkbook final : public Workbook {
public:
    explicit XlsxWorkbook(std::shared_ptr<Package> package) : package_(std::move(package)) {}

    const std::vector<SheetInfo>& sheets() const override { return package_->sheets; }

    bool has_data(std::size_t index) override {
        if (!package_->sheet_parts.at(index)) return false;
        ZipEntryReader entry = package_->zip.open_entry(*package_->sheet_parts[index], package_->limits_for(kMaxSheetBytes));
        SheetEvents events(*package_, nullptr, true);
        XmlParser parser(events, fmt::format("{}: sheet '{}'", package_->zip.name(), package_->sheets[index].name));
        events.attach(parser);
        std::vector<char> buffer(package_->limits.chunk_bytes);
        while (!parser.finished()) {
            const std::size_t n = entry.read(buffer.data(), buffer.size());
            parser.parse(std::string_view(buffer.data(), n), n == 0);
            if (n == 0) break;
        }
        return events.found_data();
    }

    std::unique_ptr<GridReader> open_sheet(std::size_t index) override {
        if (!package_->sheet_parts.at(index))
            throw Error(Status::invalid_argument,
                        fmt::format("{}: sheet '{}' is a chart or dialog sheet, which holds no cells", package_->zip.name(), package_->sheets[index].name));
        if (!package_->strings) package_->strings = load_shared_strings(*package_);
        return std::make_unique<XlsxSheetReader>(package_, index);
    }

    DateSystem date_system() const override { return package_->dates; }

private:
    std::shared_ptr<Package> package_;
};

} // namespace

std::string column_letters(std::size_t index) {
    std::string out;
    ++index;
    while (index > 0) {
        out.insert(out.begin(), static_cast<char>('A' + (index - 1) % 26));
        index = (index - 1) / 26;
    }
    return out;
}

std::unique_ptr<Workbook> open_xlsx(const std::filesystem::path& path, std::string name, XlsxLimits limits) {
    return std::make_unique<XlsxWorkbook>(open_package(ZipArchive::open(path, std::move(name)), limits));
}

std::unique_ptr<Workbook> open_xlsx_bytes(std::string_view bytes, std::string name, XlsxLimits limits) {
    return std::make_unique<XlsxWorkbook>(open_package(ZipArchive::open_bytes(bytes, std::move(name)), limits));
}

} // namespace credcheck::import
