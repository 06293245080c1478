#include "import/biff_sanitizer.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fmt/format.h>
#include <optional>
#include <unordered_map>

#include "credcheck/error.hpp"
#include "import/xls_reader.hpp"
#include "import/xlsx_reader.hpp"

namespace credcheck::import {

namespace {

constexpr std::uint16_t kFormula = 0x0006;
constexpr std::uint16_t kEof = 0x000A;
constexpr std::uint16_t kDateMode = 0x0022;
constexpr std::uint16_t kFilePass = 0x002F;
constexpr std::uint16_t kContinue = 0x003C;
constexpr std::uint16_t kCodePage = 0x0042;
constexpr std::uint16_t kBoundSheet = 0x0085;
constexpr std::uint16_t kMulRk = 0x00BD;
constexpr std::uint16_t kXf = 0x00E0;
constexpr std::uint16_t kSst = 0x00FC;
constexpr std::uint16_t kLabelSst = 0x00FD;
constexpr std::uint16_t kDimension = 0x0200;
constexpr std::uint16_t kNumber = 0x0203;
constexpr std::uint16_t kLabel = 0x0204;
constexpr std::uint16_t kBoolErr = 0x0205;
constexpr std::uint16_t kRk = 0x027E;
constexpr std::uint16_t kFormat = 0x041E;
constexpr std::uint16_t kBof = 0x0809;

constexpr std::size_t kMaxRecord = 8224;        // BIFF8's largest record, and FreeXL's record buffer
constexpr std::size_t kFreexlCellBytes = 16;    // sizeof FreeXL's biff_cell_value
constexpr std::size_t kFreexlMaxXf = 8192;      // FreeXL's BIFF_MAX_XF
constexpr std::size_t kFreexlMaxFormats = 2048; // FreeXL's BIFF_MAX_FORMAT
constexpr std::uint32_t kFreexlMaxStrings = 1024 * 1024;

std::uint16_t u16(std::string_view b, std::size_t at) noexcept {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) | static_cast<unsigned char>(b[at + 1]) << 8);
}
std::uint32_t u32(std::string_view b, std::size_t at) noexcept {
    return static_cast<std::uint32_t>(u16(b, at)) | static_cast<std::uint32_t>(u16(b, at + 2)) << 16;
}
void put16(std::string& s, std::size_t at, std::uint16_t v) {
    s[at] = static_cast<char>(v & 0xFF);
    s[at + 1] = static_cast<char>(v >> 8);
}
void put32(std::string& s, std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) s[at + static_cast<std::size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

/// The length of the header of a BIFF8 Unicode string's options at `at` (FreeXL's get_unicode_params):
/// the flags byte, then a 16-bit run count and a 32-bit extension size when the flags say so.
std::size_t unicode_header(unsigned char flags) noexcept { return 1 + ((flags & 0x08) ? 2 : 0) + ((flags & 0x04) ? 4 : 0); }

/// What the runs and extension of a string's header add after its characters.
std::size_t unicode_extra(std::string_view record, std::size_t at) {
    const auto flags = static_cast<unsigned char>(record[at]);
    std::size_t extra = 0, p = at + 1;
    if (flags & 0x08) {
        extra += std::size_t{u16(record, p)} * 4;
        p += 2;
    }
    if (flags & 0x04) extra += u32(record, p);
    return extra;
}

class Sanitizer {
public:
    Sanitizer(std::string_view stream, const std::string& name, const XlsLimits& limits) : in_(stream), name_(name), limits_(limits) {}

    SanitizedWorkbook run() {
        if (in_.size() < 8 || u16(in_, 0) != kBof || u16(in_, 2) < 8) throw refuse("the workbook stream does not start with a BOF record");
        const std::uint16_t version = u16(in_, 4);
        if (version == 0x0600) out_.biff = 8;
        else if (version == 0x0500) out_.biff = 5;
        else throw refuse(fmt::format("BIFF version 0x{:04X}: credcheck reads BIFF8 (Excel 97-2003) and BIFF5 (Excel 5/95) workbooks", version));
        biff8_ = out_.biff == 8;
        globals_bof_ = std::string(in_.substr(4, u16(in_, 2)));
        for (std::size_t at = 0; at + 4 <= in_.size();) {
            const std::uint16_t type = u16(in_, at);
            const std::size_t size = u16(in_, at + 2);
            if (at + 4 + size > in_.size()) break; // a truncated last record: FreeXL stops there too
            if (size > kMaxRecord) throw refuse(fmt::format("a record of {} bytes at offset {}, more than BIFF allows ({})", size, at, kMaxRecord));
            record(type, in_.substr(at + 4, size), at);
            at += 4 + size;
        }
        while (!open_.empty()) end_substream(); // a stream cut short: its open sheet is closed as FreeXL needs
        // A sheet a BOUNDSHEET names but the stream does not hold is given to FreeXL empty.
        for (std::size_t i = 0; i < bound_sheets_.size(); ++i)
            if (!sheet_starts_[i]) empty_sheet(i);
        // The sheets' BOF records moved: point each BOUNDSHEET at where its sheet now starts.
        for (std::size_t i = 0; i < bound_sheets_.size(); ++i) put32(out_.stream, bound_sheets_[i].first + 4, *sheet_starts_[i]);
        out_.formulas.resize(std::max(out_.formulas.size(), bound_sheets_.size()));
        out_.dates.resize(std::max(out_.dates.size(), bound_sheets_.size()));
        return std::move(out_);
    }

private:
    Error refuse(const std::string& why) const { return Error(Status::invalid_argument, fmt::format("{}: {}", name_, why)); }
    Error damaged(std::string_view record_name, std::size_t at) const {
        return refuse(fmt::format("a damaged {} record at offset {} of the workbook stream (it declares more than it holds): refused, "
                                  "since FreeXL would read past its end",
                                  record_name, at));
    }

    static std::string make_record(std::uint16_t type, std::string_view data) {
        std::string r(4, '\0');
        put16(r, 0, type);
        put16(r, 2, static_cast<std::uint16_t>(data.size()));
        r.append(data);
        return r;
    }
    void keep(std::uint16_t type, std::string_view data) { out_.stream += make_record(type, data); }

    /// The sheet whose substream is being read: -1 for the globals (or none).
    long sheet() const noexcept { return open_.empty() ? -1 : open_.back().sheet; }

    /// FreeXL allocates a sheet's cells when it reads its DIMENSION record, and, for a sheet without one,
    /// again after reading the stream — for whichever sheet was read last, leaking what that sheet had (as
    /// it does for a second DIMENSION record in one sheet). So each sheet FreeXL sees has exactly one,
    /// and every DIMENSION claim counts against the limit.
    void claim(std::uint64_t rows, std::uint64_t columns) {
        claimed_bytes_ += rows * columns * kFreexlCellBytes;
        if (claimed_bytes_ > limits_.max_cell_bytes)
            throw refuse(fmt::format("the sheets' dimension records claim {} MiB of cells, more than the {} MiB credcheck lets FreeXL allocate "
                                     "(a sheet of 65,536 rows and 256 columns takes 256 MiB): refused",
                                     claimed_bytes_ >> 20, limits_.max_cell_bytes >> 20));
    }
    std::string dimension_record(std::uint64_t rows, std::uint64_t columns) const {
        std::string d(biff8_ ? 14 : 10, '\0');
        const auto c = static_cast<std::uint16_t>(std::min<std::uint64_t>(columns, 0xFFFF));
        if (biff8_) {
            put32(d, 4, static_cast<std::uint32_t>(std::min<std::uint64_t>(rows, 0xFFFFFFFF)));
            put16(d, 10, c);
        } else {
            put16(d, 2, static_cast<std::uint16_t>(std::min<std::uint64_t>(rows, 0xFFFF)));
            put16(d, 6, c);
        }
        return make_record(kDimension, d);
    }

    /// A cell record: false when it lies outside any sheet (left out). FreeXL refuses a cell outside its
    /// sheet's DIMENSION, leaking its text, so such a cell refuses the file here; in a sheet without a
    /// DIMENSION (yet), the cells say how far the sheet reaches.
    bool cell(std::uint16_t row, std::uint16_t column, std::size_t at) {
        if (sheet() < 0) return false;
        auto& s = open_.back();
        if (s.has_dimension) {
            if (row >= s.rows || column >= s.columns)
                throw refuse(fmt::format("a cell at row {}, column {} (offset {} of the workbook stream) lies outside its sheet's DIMENSION "
                                         "record ({} rows, {} columns): a damaged workbook stream",
                                         std::uint32_t{row} + 1, std::uint32_t{column} + 1, at, s.rows, s.columns));
            return true;
        }
        s.rows = std::max<std::uint64_t>(s.rows, std::uint64_t{row} + 1);
        s.columns = std::max<std::uint64_t>(s.columns, std::uint64_t{column} + 1);
        return true;
    }

    /// A BOF record: the globals (the stream's first), a sheet a BOUNDSHEET names, or a substream FreeXL
    /// is not given (an embedded chart, one nothing names), with all it nests.
    void begin_substream(std::string_view data, std::size_t at) {
        if (data.size() < 8) throw damaged("BOF", at);
        if (at == 0) {
            open_.push_back(Substream{-1, false, 0, false, 0, 0});
            return keep(kBof, data);
        }
        std::optional<std::size_t> named;
        if (open_.empty() || !open_.back().dropped)
            for (std::size_t i = 0; i < bound_sheets_.size() && !named; ++i)
                if (bound_sheets_[i].second == at && !sheet_starts_[i]) named = i;
        if (!named) {
            open_.push_back(Substream{-2, true, 0, false, 0, 0});
            return;
        }
        if (sheet() >= 0) throw refuse(fmt::format("a sheet's BOF record at offset {} inside another sheet: a damaged workbook stream", at));
        sheet_starts_[*named] = static_cast<std::uint32_t>(out_.stream.size());
        keep(kBof, data);
        open_.push_back(Substream{static_cast<long>(*named), false, out_.stream.size(), false, 0, 0});
    }

    /// An EOF record, or the stream's end: a sheet read without a DIMENSION record is given one, by the
    /// cells it holds, right after its BOF.
    void end_substream() {
        const Substream s = open_.back();
        open_.pop_back();
        if (s.dropped) return;
        if (s.sheet >= 0 && !s.has_dimension) {
            claim(s.rows, s.columns);
            out_.stream.insert(s.bof_end, dimension_record(s.rows, s.columns));
        }
        keep(kEof, "");
    }

    /// A sheet a BOUNDSHEET names that the stream does not hold: given to FreeXL empty.
    void empty_sheet(std::size_t index) {
        std::string bof = globals_bof_;
        if (bof.size() < 8) bof.resize(8, '\0');
        put16(bof, 2, 0x0010); // a worksheet
        sheet_starts_[index] = static_cast<std::uint32_t>(out_.stream.size());
        keep(kBof, bof);
        out_.stream += dimension_record(0, 0);
        keep(kEof, "");
    }

    /// How the cell format `xf` shows a number: a date, a time, both, or (nullopt) as a number.
    std::optional<DateCellStyle> date_style(std::uint16_t xf) const {
        if (xf >= xf_formats_.size()) return std::nullopt;
        const std::uint16_t format = xf_formats_[xf];
        const auto code = format_codes_.find(format);
        return number_format_style(format, code == format_codes_.end() ? std::string_view() : std::string_view(code->second));
    }

    /// A numeric cell: if its format is a date's, credcheck converts it (FreeXL sees no date formats).
    bool numeric_cell(std::uint16_t row, std::uint16_t column, std::uint16_t xf, std::size_t at) {
        if (!cell(row, column, at)) return false;
        const auto s = static_cast<std::size_t>(sheet());
        if (const auto style = date_style(xf)) {
            if (out_.dates.size() <= s) out_.dates.resize(s + 1);
            out_.dates[s][static_cast<std::uint64_t>(row) << 16 | column] = *style;
        }
        return true;
    }

    /// A BIFF8 string of `count` characters whose flags are at `flags_at`: must fit in `data`.
    bool string_fits(std::string_view data, std::size_t flags_at, std::size_t count) const {
        if (flags_at >= data.size()) return false;
        const auto flags = static_cast<unsigned char>(data[flags_at]);
        const std::size_t start = flags_at + unicode_header(flags);
        return start <= data.size() && count * ((flags & 0x01) ? 2 : 1) <= data.size() - start;
    }

    void record(std::uint16_t type, std::string_view data, std::size_t at) {
        const std::size_t size = data.size();
        if (type != kContinue) in_sst_ = type == kSst;
        if (type == kFilePass) throw refuse("the workbook is protected by a password (encrypted): save it without one");
        if (type == kBof) return begin_substream(data, at);
        // Records outside any substream, or in one FreeXL is not given, are left out.
        if (open_.empty()) return;
        if (open_.back().dropped) {
            if (type == kEof) open_.pop_back();
            return;
        }
        if (type == kEof) return end_substream();
        switch (type) {
        case kCodePage:
        case kDateMode:
            if (size < 2) throw damaged(type == kCodePage ? "CODEPAGE" : "DATEMODE", at);
            return keep(type, data);
        case kBoundSheet: {
            const std::size_t length = size >= 7 ? static_cast<unsigned char>(data[6]) : 0;
            const bool fits = biff8_ ? size >= 8 && length > 0 && 8 + length * (data[7] == 0 ? 1 : 2) <= size : size >= 7 && length > 0 && 7 + length <= size;
            if (!fits) throw damaged("BOUNDSHEET", at);
            if (sheet() != -1 || open_.size() != 1) return; // a sheet is named in the globals only
            bound_sheets_.emplace_back(out_.stream.size(), u32(data, 0));
            sheet_starts_.emplace_back();
            return keep(type, data);
        }
        case kXf: {
            if (size < 4) throw damaged("XF", at);
            if (xf_formats_.size() < kFreexlMaxXf) xf_formats_.push_back(u16(data, 2));
            std::string general(data);
            general[2] = general[3] = '\0'; // FreeXL gets every cell format as General: dates are credcheck's to show
            return keep(type, general);
        }
        case kFormat: return format(data, at);
        case kSst:
            if (seen_sst_) throw refuse(fmt::format("a second shared string table at offset {}", at));
            seen_sst_ = true;
            sst_records_.assign(1, std::string(data));
            keep(type, data);
            return check_sst(at);
        case kContinue:
            if (!in_sst_) return; // what it continues is left out
            sst_records_.emplace_back(data);
            keep(type, data);
            return check_sst(at);
        case kDimension: {
            std::uint64_t rows = 0, columns = 0;
            if (biff8_ ? size < 12 : size < 8) throw damaged("DIMENSION", at);
            if (sheet() < 0) return; // outside a sheet it means nothing
            auto& s = open_.back();
            if (s.has_dimension) throw refuse(fmt::format("a second DIMENSION record in one sheet, at offset {}: a damaged workbook stream", at));
            if (s.rows > 0)
                throw refuse(fmt::format("a DIMENSION record at offset {} after its sheet's first cells: a damaged workbook stream", at));
            if (biff8_) rows = u32(data, 4), columns = u16(data, 10);
            else rows = u16(data, 2), columns = u16(data, 6);
            claim(rows, columns);
            s.has_dimension = true;
            s.rows = rows;
            s.columns = columns;
            return keep(type, data);
        }
        case kNumber:
            if (size < 14) throw damaged("NUMBER", at);
            if (!numeric_cell(u16(data, 0), u16(data, 2), u16(data, 4), at)) return;
            return keep(type, data);
        case kRk:
            if (size < 10) throw damaged("RK", at);
            if (!numeric_cell(u16(data, 0), u16(data, 2), u16(data, 4), at)) return;
            return keep(type, data);
        case kMulRk:
            if (size < 6) throw damaged("MULRK", at);
            if (sheet() < 0) return;
            for (std::size_t i = 4, column = u16(data, 2); i + 6 < size; i += 6, ++column)
                numeric_cell(u16(data, 0), static_cast<std::uint16_t>(column), u16(data, i), at);
            return keep(type, data);
        case kBoolErr:
            if (size < 8) throw damaged("BOOLERR", at);
            if (!cell(u16(data, 0), u16(data, 2), at)) return;
            return keep(type, data);
        case kLabel: {
            const std::size_t count = size >= 8 ? u16(data, 6) : 0;
            const bool fits = biff8_ ? size >= 9 && count > 0 && string_fits(data, 8, count) : size >= 8 && 8 + count <= size;
            if (!fits) throw damaged("LABEL", at);
            if (!cell(u16(data, 0), u16(data, 2), at)) return;
            return keep(type, data);
        }
        case kLabelSst:
            if (size < 10) throw damaged("LABELSST", at);
            if (!cell(u16(data, 0), u16(data, 2), at)) return;
            return keep(type, data);
        case kFormula:
            if (size >= 4 && sheet() >= 0) {
                const auto s = static_cast<std::size_t>(sheet());
                if (out_.formulas.size() <= s) out_.formulas.resize(s + 1);
                out_.formulas[s].insert(static_cast<std::uint64_t>(u16(data, 0)) << 16 | u16(data, 2));
            }
            return; // FreeXL does not read formula results: the record is left out, the cell reported
        default: return; // nothing FreeXL reads
        }
    }

    /// A FORMAT record: checked, its code kept for the cells' date styles, never given to FreeXL.
    void format(std::string_view data, std::size_t at) {
        const std::size_t size = data.size();
        std::string code; // the ASCII of the format code; other characters as '?' (dates are told by ASCII placeholders)
        if (biff8_) {
            const std::size_t count = size >= 4 ? u16(data, 2) : 0;
            if (size < 5 || count == 0 || !string_fits(data, 4, count)) throw damaged("FORMAT", at);
            const bool wide = data[4] & 0x01;
            const std::size_t start = 4 + unicode_header(static_cast<unsigned char>(data[4]));
            for (std::size_t i = 0; i < count; ++i) {
                const unsigned c = wide ? u16(data, start + 2 * i) : static_cast<unsigned char>(data[start + i]);
                code.push_back(c < 0x80 ? static_cast<char>(c) : '?');
            }
        } else {
            if (size < 3 || 3 + static_cast<std::size_t>(static_cast<unsigned char>(data[2])) > size) throw damaged("FORMAT", at);
            for (std::size_t i = 0; i < static_cast<unsigned char>(data[2]); ++i) {
                const auto c = static_cast<unsigned char>(data[3 + i]);
                code.push_back(c < 0x80 ? static_cast<char>(c) : '?');
            }
        }
        if (format_codes_.size() < kFreexlMaxFormats) format_codes_.emplace(u16(data, 0), std::move(code));
    }

    /// Walks the shared string table as FreeXL's parse_SST does, record by record, and refuses it where
    /// FreeXL would read past a record: a string header cut by a record's end, the rest of a split string
    /// longer than the record it continues in, extra data skipping past the next record's start.
    void check_sst(std::size_t at) {
        // The state carries over: each call looks at the newest record only.
        const std::string_view r = sst_records_.back();
        std::size_t p = 0;
        if (sst_records_.size() == 1) {
            if (r.size() < 8) throw damaged("SST", at);
            sst_count_ = u32(r, 4);
            if (sst_count_ > kFreexlMaxStrings)
                throw refuse(fmt::format("a shared string table of {} strings, more than FreeXL reads ({})", sst_count_, kFreexlMaxStrings));
            p = 8;
        } else if (pending_) {
            // The rest of a split string: a flags byte, then all of its remaining characters here.
            if (r.empty()) throw damaged("CONTINUE", at);
            const std::size_t bytes = pending_->remaining * ((r[0] & 0x01) ? 2 : 1);
            if (1 + bytes > r.size()) throw refuse(fmt::format("a shared string continued over more than two records at offset {}: refused, "
                                                               "since FreeXL would read past the record (save the workbook as .xlsx)",
                                                               at));
            p = 1 + bytes + pending_->skip; // FreeXL forgets a skip past this record's end
            pending_.reset();
            ++strings_done_;
            skip_ = 0;
        }
        while (strings_done_ < sst_count_) {
            if (p >= r.size()) return; // the next record goes on
            p += skip_;
            skip_ = 0;
            if (p + 3 > r.size() || p + 2 + unicode_header(static_cast<unsigned char>(r[p + 2])) > r.size()) throw damaged("SST", at);
            const std::size_t count = u16(r, p);
            const auto flags = static_cast<unsigned char>(r[p + 2]);
            const std::size_t extra = unicode_extra(r, p + 2);
            p += 2 + unicode_header(flags);
            const std::size_t width = (flags & 0x01) ? 2 : 1;
            const std::size_t available = r.size() - p;
            if (count * width > available) { // split: the rest comes in the next CONTINUE record
                pending_ = Pending{count - available / width, extra};
                return;
            }
            p += count * width + extra;
            if (p >= r.size()) skip_ = p - r.size();
            ++strings_done_;
        }
    }

    struct Pending {
        std::size_t remaining; // characters still to come
        std::size_t skip;      // the runs and extension after them
    };

    std::string_view in_;
    const std::string& name_;
    const XlsLimits& limits_;
    SanitizedWorkbook out_;
    bool biff8_ = true;
    struct Substream {
        long sheet;           // -1 the globals, else the BOUNDSHEET naming it; -2 one left out
        bool dropped;         // left out, with all it nests
        std::size_t bof_end;  // where its BOF record ends in the new stream
        bool has_dimension;
        std::uint64_t rows, columns; // its DIMENSION's, or before one how far its cells reach
    };
    std::vector<Substream> open_;                                        // BOF records not yet closed by their EOF
    std::string globals_bof_;                                            // the globals' BOF, for an empty sheet's
    std::vector<std::pair<std::size_t, std::uint32_t>> bound_sheets_;    // where each BOUNDSHEET went, the offset it named
    std::vector<std::optional<std::uint32_t>> sheet_starts_;             // where each named sheet starts in the new stream
    std::vector<std::uint16_t> xf_formats_;
    std::unordered_map<std::uint16_t, std::string> format_codes_;
    std::uint64_t claimed_bytes_ = 0;
    bool seen_sst_ = false, in_sst_ = false;
    std::vector<std::string> sst_records_;
    std::uint32_t sst_count_ = 0, strings_done_ = 0;
    std::size_t skip_ = 0;
    std::optional<Pending> pending_;
};

} // namespace

SanitizedWorkbook sanitize_workbook_stream(std::string_view stream, const std::string& name, const XlsLimits& limits) {
    return Sanitizer(stream, name, limits).run();
}

} // namespace credcheck::import
