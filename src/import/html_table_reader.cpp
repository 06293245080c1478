// The HTML reader: a forgiving tokenizer over the decoded text, chunk by chunk, and a table model that
// places each cell (colspan, rowspan) and hands out the rows of the one table asked for.

#include "import/html_table_reader.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <fmt/format.h>
#include <functional>

#include "credcheck/error.hpp"
#include "import/byte_stream.hpp"
#include "import/cell_values.hpp"

namespace credcheck::import {

namespace {

constexpr std::size_t kMaxColumns = 16'384;
constexpr std::size_t kMaxCellBytes = 32'767 * 4;
constexpr std::size_t kMaxTagBytes = std::size_t{64} << 10;
constexpr std::size_t kMaxTableDepth = 32;
constexpr std::size_t kMaxColspan = 1000;  // the HTML standard's own limits
constexpr std::size_t kMaxRowspan = 65534;
constexpr std::size_t kChunk = std::size_t{1} << 16;

using Opener = std::function<std::unique_ptr<ByteStream>()>;

char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool is_letter(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::size_t find_ignoring_case(std::string_view haystack, std::string_view needle, std::size_t from = 0) {
    if (needle.size() > haystack.size()) return std::string_view::npos;
    for (std::size_t i = from; i + needle.size() <= haystack.size(); ++i) {
        bool match = true;
        for (std::size_t k = 0; k < needle.size() && match; ++k) match = lower(haystack[i + k]) == needle[k];
        if (match) return i;
    }
    return std::string_view::npos;
}

struct NamedEntity {
    std::string_view name;
    std::uint32_t code_point;
};
constexpr std::array<NamedEntity, 22> kEntities = {{
    {"nbsp", 0xA0},  {"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},     {"apos", '\''},
    {"ensp", 0x2002}, {"emsp", 0x2003}, {"thinsp", 0x2009}, {"middot", 0xB7}, {"ldquo", 0x201C}, {"rdquo", 0x201D},
    {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"mdash", 0x2014}, {"ndash", 0x2013}, {"hellip", 0x2026}, {"yen", 0xA5},
    {"times", 0xD7}, {"divide", 0xF7}, {"copy", 0xA9},   {"reg", 0xAE},
}};

/// Text with its character references decoded. A reference it does not know stays as written.
std::string decode_entities(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] != '&') {
            out.push_back(text[i++]);
            continue;
        }
        const std::size_t semicolon = text.find(';', i + 1);
        if (semicolon == std::string_view::npos || semicolon - i > 12) {
            out.push_back(text[i++]);
            continue;
        }
        const std::string_view body = text.substr(i + 1, semicolon - i - 1);
        std::optional<std::uint32_t> cp;
        if (body.size() >= 2 && body[0] == '#') {
            const bool hex = body[1] == 'x' || body[1] == 'X';
            std::uint32_t value = 0;
            const std::string_view digits = body.substr(hex ? 2 : 1);
            const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value, hex ? 16 : 10);
            if (error == std::errc() && end == digits.data() + digits.size() && !digits.empty()) cp = value;
        } else {
            for (const auto& e : kEntities)
                if (e.name == body) cp = e.code_point;
        }
        if (!cp) {
            out.push_back(text[i++]);
            continue;
        }
        append_utf8(out, *cp);
        i = semicolon + 1;
    }
    return out;
}

struct Tag {
    std::string name; // lower case
    bool end = false;
    std::vector<std::pair<std::string, std::string>> attributes; // names lower case, values decoded
    std::optional<std::string_view> get(std::string_view attribute) const {
        for (const auto& [n, v] : attributes)
            if (n == attribute) return std::string_view(v);
        return std::nullopt;
    }
};

/// Parses the inside of `<…>` (without the brackets).
Tag parse_tag(std::string_view inside) {
    Tag tag;
    std::size_t i = 0;
    if (i < inside.size() && inside[i] == '/') {
        tag.end = true;
        ++i;
    }
    while (i < inside.size() && !is_space(inside[i]) && inside[i] != '/') tag.name.push_back(lower(inside[i++]));
    while (i < inside.size()) {
        while (i < inside.size() && (is_space(inside[i]) || inside[i] == '/')) ++i;
        std::string name;
        while (i < inside.size() && !is_space(inside[i]) && inside[i] != '=' && inside[i] != '/') name.push_back(lower(inside[i++]));
        while (i < inside.size() && is_space(inside[i])) ++i;
        std::string value;
        if (i < inside.size() && inside[i] == '=') {
            ++i;
            while (i < inside.size() && is_space(inside[i])) ++i;
            if (i < inside.size() && (inside[i] == '"' || inside[i] == '\'')) {
                const char quote = inside[i++];
                const std::size_t close = inside.find(quote, i);
                const std::size_t stop = close == std::string_view::npos ? inside.size() : close;
                value = decode_entities(inside.substr(i, stop - i));
                i = stop + 1;
            } else {
                const std::size_t start = i;
                while (i < inside.size() && !is_space(inside[i])) ++i;
                value = decode_entities(inside.substr(start, i - start));
            }
        }
        if (!name.empty()) tag.attributes.emplace_back(std::move(name), std::move(value));
    }
    return tag;
}

/// The end of a start or end tag beginning at `at` ('<'), or npos when the text ends first. Quoted
/// attribute values may hold '>'.
std::size_t tag_end(std::string_view text, std::size_t at) {
    char quote = 0;
    for (std::size_t i = at + 1; i < text.size(); ++i) {
        const char c = text[i];
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            // Only a quote that opens an attribute value (after '=') starts a quoted run.
            std::size_t j = i;
            while (j > at && is_space(text[j - 1])) --j;
            if (j > at && text[j - 1] == '=') quote = c;
        } else if (c == '>') {
            return i;
        }
    }
    return std::string_view::npos;
}

/// The tables of a page, as its tokens arrive.
class TableModel {
public:
    /// `wanted`: the ordinal of the table whose rows are collected, or nullopt (the listing pass).
    explicit TableModel(std::optional<std::size_t> wanted) : wanted_(wanted) {}

    struct TableFacts {
        std::size_t ordinal;
        std::size_t rows = 0; // rows with a cell that has text
    };
    std::vector<TableFacts> tables; // every table seen, in document order
    bool done = false;              // the wanted table has ended

    bool has_row() const noexcept { return taken_ < ready_.size(); }
    void take(GridRow& out) {
        std::swap(out, ready_[taken_++]);
        if (taken_ == ready_.size()) {
            ready_.clear();
            taken_ = 0;
        }
    }

    void on_tag(const Tag& tag) {
        const std::string& n = tag.name;
        if (n == "table") return tag.end ? close_table() : open_table();
        if (stack_.empty()) return;
        Table& t = stack_.back();
        if (n == "tr") {
            close_row(t);
            if (!tag.end) open_row(t);
        } else if (n == "td" || n == "th") {
            if (tag.end) return close_cell(t);
            if (!t.row_open) open_row(t);
            close_cell(t);
            open_cell(t, tag);
        } else if (t.cell_open && (n == "br" || n == "p" || n == "div" || n == "li")) {
            if (n == "br" || !t.cell.empty()) t.cell.push_back('\n');
        }
    }

    void on_text(std::string_view text) {
        if (stack_.empty() || !stack_.back().cell_open) return;
        Table& t = stack_.back();
        const std::string decoded = decode_entities(text);
        if (t.cell.size() + decoded.size() > kMaxCellBytes) {
            row_error(t, "holds more than the 32,767 characters a cell may hold");
            return;
        }
        for (std::size_t i = 0; i < decoded.size(); ++i) {
            const char c = decoded[i];
            if (is_space(c)) t.cell.push_back(' ');
            else if (c == '\xC2' && i + 1 < decoded.size() && decoded[i + 1] == '\xA0') t.cell.push_back(' '), ++i; // &nbsp;
            else t.cell.push_back(c);
        }
    }

    void finish_document() {
        while (!stack_.empty()) close_table();
    }

private:
    struct Table {
        std::size_t ordinal = 0;
        bool collecting = false;
        bool row_open = false, cell_open = false;
        std::size_t row_number = 0, cursor = 0;
        std::vector<std::size_t> spanned;  // per column: rows below still covered by a rowspan
        std::vector<bool> covered;         // per column: covered in the open row
        GridRow row;
        std::string cell;
        std::size_t cell_column = 0;
        std::optional<std::string> number; // Excel's x:num
    };

    void open_table() {
        if (stack_.size() >= kMaxTableDepth) throw Error(Status::invalid_argument, fmt::format("tables nested more than {} deep: refused", kMaxTableDepth));
        Table t;
        t.ordinal = tables.size();
        t.collecting = wanted_ && *wanted_ == t.ordinal;
        tables.push_back(TableFacts{t.ordinal});
        stack_.push_back(std::move(t));
    }

    void close_table() {
        if (stack_.empty()) return;
        close_row(stack_.back());
        if (stack_.back().collecting) done = true;
        stack_.pop_back();
    }

    void open_row(Table& t) {
        t.row_open = true;
        ++t.row_number;
        t.cursor = 0;
        t.row.number = t.row_number;
        t.row.cells.clear();
        t.row.error.reset();
        t.covered.assign(t.spanned.size(), false);
        for (std::size_t c = 0; c < t.spanned.size(); ++c)
            if (t.spanned[c] > 0) {
                t.covered[c] = true;
                --t.spanned[c];
            }
    }

    void open_cell(Table& t, const Tag& tag) {
        std::size_t column = t.cursor;
        while (column < t.covered.size() && t.covered[column]) ++column;
        const auto span = [&](std::string_view attribute, std::size_t limit) {
            std::size_t value = 1;
            if (const auto text = tag.get(attribute)) {
                const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
                if (error != std::errc() || value == 0) value = 1;
            }
            return std::min(value, limit);
        };
        const std::size_t colspan = span("colspan", kMaxColspan), rowspan = span("rowspan", kMaxRowspan);
        if (column + colspan > kMaxColumns) {
            row_error(t, "a cell beyond the 16,384 columns a sheet may have");
            t.cell_open = false;
            return;
        }
        if (rowspan > 1) {
            if (t.spanned.size() < column + colspan) t.spanned.resize(column + colspan, 0);
            for (std::size_t c = column; c < column + colspan; ++c) t.spanned[c] = std::max(t.spanned[c], rowspan - 1);
        }
        t.cell_open = true;
        t.cell_column = column;
        t.cursor = column + colspan;
        t.cell.clear();
        t.number.reset();
        if (const auto num = tag.get("x:num"); num && !num->empty()) t.number = std::string(*num);
    }

    /// The text a cell shows, collapsed as a browser shows it: runs of spaces as one, none around a line break.
    static std::string collapsed(const std::string& raw) {
        std::string out;
        for (char c : raw) {
            if (c == ' ' && (out.empty() || out.back() == ' ' || out.back() == '\n')) continue;
            if (c == '\n' && !out.empty() && out.back() == ' ') out.pop_back();
            out.push_back(c);
        }
        while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
        std::size_t start = 0;
        while (start < out.size() && out[start] == '\n') ++start;
        return out.substr(start);
    }

    void close_cell(Table& t) {
        if (!t.cell_open) return;
        t.cell_open = false;
        std::string text = collapsed(t.cell);
        if (t.number && !Date::parse(text)) {
            if (const auto value = excel_number_text(*t.number)) text = *value;
        }
        if (text.empty()) return;
        if (t.row.cells.size() <= t.cell_column) t.row.cells.resize(t.cell_column + 1);
        t.row.cells[t.cell_column] = std::move(text);
    }

    void close_row(Table& t) {
        close_cell(t);
        if (!t.row_open) return;
        t.row_open = false;
        if (t.row.cells.empty() && !t.row.error) return;
        ++tables[t.ordinal].rows;
        if (t.collecting) {
            ready_.push_back(std::move(t.row));
            t.row = GridRow{};
        }
    }

    void row_error(Table& t, const std::string& message) {
        if (!t.row.error) t.row.error = fmt::format("column {}: {}", column_letters(t.cell_column), message);
    }

    std::optional<std::size_t> wanted_;
    std::vector<Table> stack_;
    std::vector<GridRow> ready_;
    std::size_t taken_ = 0;
};

/// Splits decoded text into tags and text for a TableModel, keeping what a chunk cut in two.
class Tokenizer {
public:
    explicit Tokenizer(TableModel& model, std::string name) : model_(model), name_(std::move(name)) {}

    void feed(std::string_view text, bool last) {
        pending_.append(text);
        std::size_t at = 0;
        while (at < pending_.size()) {
            if (!raw_until_.empty()) { // inside <script> or <style>
                const std::size_t close = find_ignoring_case(pending_, raw_until_, at);
                if (close == std::string::npos) {
                    at = last ? pending_.size() : std::max(at, pending_.size() - std::min(pending_.size(), raw_until_.size()));
                    break;
                }
                at = close;
                raw_until_.clear();
                continue;
            }
            const std::size_t open = pending_.find('<', at);
            if (open == std::string::npos) {
                // Keep a character reference the chunk may have cut ("&nb" + "sp;").
                std::size_t stop = pending_.size();
                if (!last) {
                    const std::size_t amp = pending_.rfind('&');
                    if (amp != std::string::npos && amp >= at && pending_.size() - amp < 12 && pending_.find(';', amp) == std::string::npos) stop = amp;
                }
                model_.on_text(std::string_view(pending_).substr(at, stop - at));
                at = stop;
                break;
            }
            if (open > at) model_.on_text(std::string_view(pending_).substr(at, open - at));
            at = open;
            const std::string_view rest = std::string_view(pending_).substr(at);
            if (rest.size() < 4 && !last) break; // "<!--" may be cut
            if (rest.starts_with("<!--")) {
                const std::size_t close = pending_.find("-->", at + 4);
                if (close == std::string::npos) {
                    if (last) at = pending_.size();
                    else check_length(at);
                    break;
                }
                at = close + 3;
                continue;
            }
            const bool markup = rest.size() > 1 && (rest[1] == '!' || rest[1] == '?');
            const bool element = rest.size() > 1 && (is_letter(rest[1]) || (rest[1] == '/' && rest.size() > 2 && is_letter(rest[2])));
            if (!markup && !element) {
                if (rest.size() < 3 && !last) break;
                model_.on_text("<"); // a lone '<' is text
                ++at;
                continue;
            }
            const std::size_t close = markup ? pending_.find('>', at) : tag_end(pending_, at);
            if (close == std::string::npos) {
                if (last) at = pending_.size();
                else check_length(at);
                break;
            }
            if (element) {
                const Tag tag = parse_tag(std::string_view(pending_).substr(at + 1, close - at - 1));
                if (!tag.end && (tag.name == "script" || tag.name == "style")) raw_until_ = "</" + tag.name;
                model_.on_tag(tag);
            }
            at = close + 1;
            if (model_.done) break;
        }
        pending_.erase(0, std::min(at, pending_.size()));
        if (last) model_.finish_document();
    }

private:
    void check_length(std::size_t tag_start) const {
        if (pending_.size() - tag_start > kMaxTagBytes)
            throw Error(Status::invalid_argument, fmt::format("{}: a tag or comment longer than {} KiB: refused", name_, kMaxTagBytes >> 10));
    }

    TableModel& model_;
    std::string name_;
    std::string pending_;
    std::string raw_until_;
};

/// The page's encoding: a byte order mark, then what it declares, then UTF-8 if its bytes are, else GB18030.
std::string detect_encoding(std::string_view head) {
    if (head.starts_with("\xEF\xBB\xBF")) return "UTF-8";
    if (head.starts_with("\xFF\xFE")) return "UTF-16LE";
    if (head.starts_with("\xFE\xFF")) return "UTF-16BE";
    if (const std::string declared = html_declared_charset(head); !declared.empty()) return iconv_encoding_name(declared);
    return first_invalid_utf8(head, true) == std::string_view::npos ? "UTF-8" : "GB18030";
}

class Feed {
public:
    Feed(const Opener& open, const std::string& encoding, const std::string& name, TableModel& model)
        : decoder_(open(), encoding, name), tokenizer_(model, name), buffer_(kChunk), model_(model) {}
    bool step() {
        if (done_) return false;
        const std::size_t n = decoder_.read(buffer_.data(), buffer_.size());
        tokenizer_.feed(std::string_view(buffer_.data(), n), n == 0);
        done_ = n == 0 || model_.done;
        return !done_;
    }
    std::uint64_t bytes_read() const noexcept { return decoder_.bytes_read(); }
    std::uint64_t total_bytes() const noexcept { return decoder_.total_bytes(); }

private:
    TextDecoder decoder_;
    Tokenizer tokenizer_;
    std::vector<char> buffer_;
    TableModel& model_;
    bool done_ = false;
};

class HtmlSheetReader final : public GridReader {
public:
    HtmlSheetReader(const Opener& open, const std::string& encoding, const std::string& name, std::size_t ordinal)
        : model_(ordinal), feed_(open, encoding, name, model_) {}
    bool next(GridRow& row) override {
        while (!model_.has_row())
            if (!feed_.step() && !model_.has_row()) return false;
        model_.take(row);
        return true;
    }
    RowUnit unit() const noexcept override { return RowUnit::row; }
    std::uint64_t bytes_read() const override { return feed_.bytes_read(); }
    std::uint64_t total_bytes() const override { return feed_.total_bytes(); }

private:
    TableModel model_;
    Feed feed_;
};

class HtmlWorkbook final : public Workbook {
public:
    HtmlWorkbook(Opener open, std::string name, std::optional<std::string> encoding) : open_(std::move(open)), name_(std::move(name)) {
        if (encoding) {
            encoding_ = iconv_encoding_name(*encoding);
        } else {
            std::string head(std::size_t{64} << 10, '\0');
            auto bytes = open_();
            std::size_t filled = 0;
            while (filled < head.size()) {
                const std::size_t n = bytes->read(head.data() + filled, head.size() - filled);
                if (n == 0) break;
                filled += n;
            }
            head.resize(filled);
            encoding_ = detect_encoding(head);
        }
        TableModel model(std::nullopt);
        Feed feed(open_, encoding_, name_, model);
        while (feed.step()) {
        }
        for (const auto& t : model.tables) {
            if (t.rows == 0) continue;
            sheets_.push_back(SheetInfo{fmt::format("table {}", t.ordinal + 1)});
            ordinals_.push_back(t.ordinal);
        }
        if (sheets_.empty()) throw Error(Status::invalid_argument, fmt::format("{}: an HTML page with no table rows", name_));
    }
    const std::vector<SheetInfo>& sheets() const override { return sheets_; }
    bool has_data(std::size_t) override { return true; } // only tables with rows are sheets
    std::unique_ptr<GridReader> open_sheet(std::size_t index) override {
        return std::make_unique<HtmlSheetReader>(open_, encoding_, name_, ordinals_.at(index));
    }
    const std::string& encoding() const noexcept { return encoding_; }

private:
    Opener open_;
    std::string name_, encoding_;
    std::vector<SheetInfo> sheets_;
    std::vector<std::size_t> ordinals_;
};

} // namespace

std::string html_declared_charset(std::string_view head) {
    for (std::size_t at = find_ignoring_case(head, "charset"); at != std::string_view::npos; at = find_ignoring_case(head, "charset", at + 7)) {
        std::size_t i = at + 7;
        while (i < head.size() && is_space(head[i])) ++i;
        if (i >= head.size() || head[i] != '=') continue;
        ++i;
        while (i < head.size() && (is_space(head[i]) || head[i] == '"' || head[i] == '\'')) ++i;
        std::string name;
        while (i < head.size() && (is_letter(head[i]) || (head[i] >= '0' && head[i] <= '9') || head[i] == '-' || head[i] == '_')) name.push_back(head[i++]);
        if (!name.empty()) return name;
    }
    return "";
}

std::string html_encoding(const Workbook& workbook) {
    const auto* html = dynamic_cast<const HtmlWorkbook*>(&workbook);
    return html ? html->encoding() : std::string();
}

std::unique_ptr<Workbook> open_html(const std::filesystem::path& path, std::string name, std::optional<std::string> encoding) {
    return std::make_unique<HtmlWorkbook>([path, name] { return ByteStream::open(path, name); }, name, std::move(encoding));
}

std::unique_ptr<Workbook> open_html_bytes(std::string_view bytes, std::string name, std::optional<std::string> encoding) {
    return std::make_unique<HtmlWorkbook>([bytes] { return ByteStream::over(bytes); }, std::move(name), std::move(encoding));
}

} // namespace credcheck::import
