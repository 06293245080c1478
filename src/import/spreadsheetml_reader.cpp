#include "import/spreadsheetml_reader.hpp"

#include <charconv>
#include <fmt/format.h>
#include <functional>

#include "credcheck/error.hpp"
#include "import/byte_stream.hpp"
#include "import/cell_values.hpp"
#include "import/xml_stream.hpp"

namespace credcheck::import {

namespace {

constexpr std::size_t kMaxRows = 1'048'576;
constexpr std::size_t kMaxColumns = 16'384;
constexpr std::size_t kMaxCellBytes = 32'767 * 4;
constexpr std::size_t kChunk = std::size_t{1} << 16;

using Opener = std::function<std::unique_ptr<ByteStream>()>;

std::optional<std::size_t> positive(std::optional<std::string_view> text) {
    if (!text) return std::nullopt;
    std::size_t value = 0;
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (error != std::errc() || end != text->data() + text->size()) return std::nullopt;
    return value;
}

bool expat_knows(const std::string& encoding) {
    const std::string name = iconv_encoding_name(encoding);
    return name.empty() || name == "UTF-8" || name == "UTF-16" || name == "UTF-16LE" || name == "UTF-16BE" || name == "ISO-8859-1" || name == "US-ASCII";
}

/// A DateTime cell's text (`2019-07-13T00:00:00.000`) as a date, with the time when it has one.
std::optional<std::string> date_time_text(std::string_view iso) {
    const auto date = Date::parse(iso.substr(0, 10));
    if (!date) return std::nullopt;
    std::string out = date->iso();
    if (iso.size() >= 19 && iso[10] == 'T') {
        const std::string_view time = iso.substr(11, 8);
        if (time != "00:00:00") out += " " + std::string(time);
    }
    return out;
}

/// Reads a SpreadsheetML document; `wanted` selects the sheet whose rows are collected (or none: the
/// listing pass, which records every sheet's name and whether it has data).
class WorkbookEvents final : public XmlEvents {
public:
    explicit WorkbookEvents(std::optional<std::size_t> wanted) : wanted_(wanted) {}
    void attach(XmlParser& parser) noexcept { parser_ = &parser; }

    struct Sheet {
        std::string name;
        bool has_data = false;
    };
    std::vector<Sheet> sheets;
    bool date1904 = false;

    bool has_row() const noexcept { return taken_ < ready_; }
    void take(GridRow& out) {
        std::swap(out, rows_[taken_++]);
        if (taken_ == ready_) {
            // The chunk may have ended inside a row: keep filling it, at the front.
            if (in_row_ && collecting_) std::swap(rows_[0], rows_[ready_]);
            taken_ = ready_ = 0;
        }
    }

    void start(std::string_view name, const XmlAttributes& a) override {
        if (name == "Date1904") date1904 = true;
        if (name == "Worksheet") {
            sheets.push_back(Sheet{std::string(a.get("Name").value_or(fmt::format("Sheet{}", sheets.size() + 1)))});
            in_sheet_ = true;
            collecting_ = wanted_ && *wanted_ == sheets.size() - 1;
            last_row_ = 0;
            covered_.clear();
            return;
        }
        if (!in_sheet_) return;
        if (name == "Row") return begin_row(a);
        if (name == "Cell") return begin_cell(a);
        if (name == "Data" && in_cell_) {
            in_data_ = true;
            type_ = std::string(a.get("Type").value_or("String"));
        }
    }

    void end(std::string_view name) override {
        if (name == "Worksheet") {
            in_sheet_ = false;
            if (collecting_) parser_->finish(); // the wanted sheet is read
            collecting_ = false;
        } else if (name == "Cell" && in_cell_) {
            end_cell();
        } else if (name == "Row" && in_row_) {
            end_row();
        } else if (name == "Data") {
            in_data_ = false;
        }
    }

    void text(std::string_view text) override {
        if (!in_data_) return;
        if (value_.size() + text.size() > kMaxCellBytes) return parser_->fail("a cell holds more than the 32,767 characters Excel allows");
        value_.append(text);
    }

private:
    void begin_row(const XmlAttributes& a) {
        std::size_t number = last_row_ + 1;
        if (const auto index = positive(a.get("Index"))) number = *index;
        if (number == 0 || number > kMaxRows) return parser_->fail(fmt::format("row index {} is outside 1 to {}", number, kMaxRows));
        if (number <= last_row_) return parser_->fail(fmt::format("row {} comes after row {}: rows out of order", number, last_row_));
        in_row_ = true;
        next_column_ = 0;
        span_ = positive(a.get("Span")).value_or(0);
        if (!collecting_) {
            last_row_ = number;
            return;
        }
        if (rows_.size() == ready_) rows_.emplace_back();
        GridRow& row = rows_[ready_];
        row.number = number;
        row.cells.clear();
        row.error.reset();
        last_row_ = number;
    }

    bool covered(std::size_t column) const noexcept { return column < covered_.size() && covered_[column] >= last_row_; }

    void begin_cell(const XmlAttributes& a) {
        if (!in_row_) return parser_->fail("a cell outside a row");
        std::size_t column = next_column_;
        if (const auto index = positive(a.get("Index"))) {
            if (*index == 0 || *index - 1 < next_column_)
                return parser_->fail(fmt::format("row {}: cell index {} does not come after the cells before it", last_row_, *index));
            column = *index - 1;
        } else {
            while (covered(column)) ++column; // a cell merged down from a row above takes the place
        }
        const std::size_t across = positive(a.get("MergeAcross")).value_or(0);
        const std::size_t down = positive(a.get("MergeDown")).value_or(0);
        if (column >= kMaxColumns || across >= kMaxColumns || column + across >= kMaxColumns)
            return parser_->fail(fmt::format("row {}: a cell beyond Excel's last column", last_row_));
        if (down > kMaxRows) return parser_->fail(fmt::format("row {}: a cell merged down beyond Excel's last row", last_row_));
        if (down > 0) {
            if (covered_.size() < column + across + 1) covered_.resize(column + across + 1, 0);
            for (std::size_t c = column; c <= column + across; ++c) covered_[c] = last_row_ + down;
        }
        column_ = column;
        next_column_ = column + across + 1;
        in_cell_ = true;
        value_.clear();
        type_ = "String";
    }

    void end_cell() {
        in_cell_ = false;
        if (value_.empty()) return;
        std::string text;
        if (type_ == "Number") {
            const auto shown = excel_number_text(value_);
            if (!shown) return cell_error(fmt::format("number '{}' is not a number", value_));
            text = *shown;
        } else if (type_ == "DateTime") {
            const auto shown = date_time_text(value_);
            if (!shown) return cell_error(fmt::format("date '{}' is not an ISO 8601 date", value_));
            text = *shown;
        } else if (type_ == "Boolean") {
            text = value_ == "1" ? "TRUE" : value_ == "0" ? "FALSE" : value_;
        } else if (type_ == "Error") {
            return cell_error(fmt::format("holds the Excel error {}", value_));
        } else {
            text = std::move(value_);
            value_.clear();
        }
        if (text.empty()) return;
        sheets.back().has_data = true;
        if (!collecting_) return;
        GridRow& row = rows_[ready_];
        if (row.cells.size() <= column_) row.cells.resize(column_ + 1);
        row.cells[column_] = std::move(text);
    }

    void end_row() {
        in_row_ = false;
        if (collecting_) {
            GridRow& row = rows_[ready_];
            if (!row.cells.empty() || row.error) ++ready_;
        }
        last_row_ += span_; // ss:Span: this row stands for the next ones too
        if (last_row_ > kMaxRows) parser_->fail(fmt::format("a row span beyond Excel's last row ({})", kMaxRows));
    }

    void cell_error(const std::string& message) {
        sheets.back().has_data = true;
        if (!collecting_) return;
        GridRow& row = rows_[ready_];
        if (!row.error) row.error = fmt::format("column {}: {}", column_letters(column_), message);
    }

    std::optional<std::size_t> wanted_;
    XmlParser* parser_ = nullptr;
    std::vector<GridRow> rows_;
    std::size_t taken_ = 0, ready_ = 0;
    bool in_sheet_ = false, collecting_ = false, in_row_ = false, in_cell_ = false, in_data_ = false;
    std::size_t last_row_ = 0, next_column_ = 0, column_ = 0, span_ = 0;
    std::vector<std::size_t> covered_; // per column, the last row a cell merged down from above covers
    std::string value_, type_;
};

/// Feeds a document through expat, decoding it first when expat does not know its encoding.
class DocumentFeed {
public:
    DocumentFeed(const Opener& open, const std::string& encoding, const std::string& name, XmlEvents& events)
        : decode_(!expat_knows(encoding)),
          parser_(events, name, decode_ ? "UTF-8" : nullptr), buffer_(kChunk) {
        if (decode_) decoder_ = std::make_unique<TextDecoder>(open(), encoding, name);
        else bytes_ = open();
    }
    XmlParser& parser() noexcept { return parser_; }
    /// Parses the next chunk; false at the end.
    bool step() {
        if (done_) return false;
        const std::size_t n = decode_ ? decoder_->read(buffer_.data(), buffer_.size()) : bytes_->read(buffer_.data(), buffer_.size());
        parser_.parse(std::string_view(buffer_.data(), n), n == 0);
        done_ = n == 0 || parser_.finished();
        return !done_;
    }
    std::uint64_t bytes_read() const noexcept { return decode_ ? decoder_->bytes_read() : bytes_->position(); }
    std::uint64_t total_bytes() const noexcept { return decode_ ? decoder_->total_bytes() : bytes_->size(); }

private:
    bool decode_;
    std::unique_ptr<TextDecoder> decoder_;
    std::unique_ptr<ByteStream> bytes_;
    XmlParser parser_;
    std::vector<char> buffer_;
    bool done_ = false;
};

class SheetReader final : public GridReader {
public:
    SheetReader(const Opener& open, const std::string& encoding, const std::string& name, std::size_t index)
        : events_(index), feed_(open, encoding, name, events_) {
        events_.attach(feed_.parser());
    }
    bool next(GridRow& row) override {
        while (!events_.has_row())
            if (!feed_.step() && !events_.has_row()) return false;
        events_.take(row);
        return true;
    }
    RowUnit unit() const noexcept override { return RowUnit::row; }
    std::uint64_t bytes_read() const override { return feed_.bytes_read(); }
    std::uint64_t total_bytes() const override { return feed_.total_bytes(); }

private:
    WorkbookEvents events_;
    DocumentFeed feed_;
};

class SpreadsheetMlWorkbook final : public Workbook {
public:
    SpreadsheetMlWorkbook(Opener open, std::string name) : open_(std::move(open)), name_(std::move(name)) {
        std::string head(512, '\0');
        {
            auto bytes = open_();
            head.resize(bytes->read(head.data(), head.size()));
        }
        encoding_ = xml_declared_encoding(head);
        WorkbookEvents events(std::nullopt);
        DocumentFeed feed(open_, encoding_, name_, events);
        events.attach(feed.parser());
        while (feed.step()) {
        }
        if (events.sheets.empty()) throw Error(Status::invalid_argument, fmt::format("{}: an Excel 2003 XML workbook with no worksheets", name_));
        for (const auto& s : events.sheets) {
            sheets_.push_back(SheetInfo{s.name});
            has_data_.push_back(s.has_data);
        }
        dates_ = events.date1904 ? DateSystem::excel_1904 : DateSystem::excel_1900;
    }
    const std::vector<SheetInfo>& sheets() const override { return sheets_; }
    bool has_data(std::size_t index) override { return has_data_.at(index); }
    std::unique_ptr<GridReader> open_sheet(std::size_t index) override {
        return std::make_unique<SheetReader>(open_, encoding_, fmt::format("{}: sheet '{}'", name_, sheets_.at(index).name), index);
    }
    DateSystem date_system() const override { return dates_; }

private:
    Opener open_;
    std::string name_, encoding_;
    std::vector<SheetInfo> sheets_;
    std::vector<bool> has_data_;
    DateSystem dates_ = DateSystem::excel_1900;
};

} // namespace

std::string xml_declared_encoding(std::string_view head) {
    if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
    if (!head.starts_with("<?xml")) return "";
    head = head.substr(0, head.find("?>"));
    const auto at = head.find("encoding");
    if (at == std::string_view::npos) return "";
    std::string_view rest = head.substr(at + 8);
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '=')) rest.remove_prefix(1);
    if (rest.empty() || (rest.front() != '"' && rest.front() != '\'')) return "";
    const char quote = rest.front();
    rest.remove_prefix(1);
    return std::string(rest.substr(0, rest.find(quote)));
}

std::unique_ptr<Workbook> open_spreadsheetml(const std::filesystem::path& path, std::string name) {
    return std::make_unique<SpreadsheetMlWorkbook>([path, name] { return ByteStream::open(path, name); }, name);
}

std::unique_ptr<Workbook> open_spreadsheetml_bytes(std::string_view bytes, std::string name) {
    return std::make_unique<SpreadsheetMlWorkbook>([bytes] { return ByteStream::over(bytes); }, std::move(name));
}

} // namespace credcheck::import
