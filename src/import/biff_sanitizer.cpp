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
        for (std::size_t at = 0; at + 4 <= in_.size();) {
            const std::uint16_t type = u16(in_, at);
            const std::size_t size = u16(in_, at + 2);
            if (at + 4 + size > in_.size()) break; // a truncated last record: FreeXL stops there too
            if (size > kMaxRecord) throw refuse(fmt::format("a record of {} bytes at offset {}, more than BIFF allows ({})", size, at, kMaxRecord));
            record(type, in_.substr(at + 4, size), at);
            at += 4 + size;
        }
        // The sheets' BOF records moved: point each BOUNDSHEET at where its sheet now starts.
        for (const auto& [position, original] : bound_sheets_) {
            const auto moved = bof_moves_.find(original);
            put32(out_.stream, position + 4, moved == bof_moves_.end() ? 0xFFFFFFFF : moved->second);
        }
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

    void keep(std::uint16_t type, std::string_view data) {
        std::string header(4, '\0');
        header[0] = static_cast<char>(type & 0xFF);
        header[1] = static_cast<char>(type >> 8);
        header[2] = static_cast<char>(data.size() & 0xFF);
        header[3] = static_cast<char>(data.size() >> 8);
        out_.stream += header;
        out_.stream.append(data);
    }

    /// How the cell format `xf` shows a number: a date, a time, both, or (nullopt) as a number.
    std::optional<DateCellStyle> date_style(std::uint16_t xf) const {
        if (xf >= xf_formats_.size()) return std::nullopt;
        const std::uint16_t format = xf_formats_[xf];
        const auto code = format_codes_.find(format);
        return number_format_style(format, code == format_codes_.end() ? std::string_view() : std::string_view(code->second));
    }

    /// A numeric cell: if its format is a date's, credcheck converts it (FreeXL sees no date formats).
    void numeric_cell(std::uint16_t row, std::uint16_t column, std::uint16_t xf) {
        if (sheet_ < 0) return;
        if (const auto style = date_style(xf)) {
            if (out_.dates.size() <= static_cast<std::size_t>(sheet_)) out_.dates.resize(static_cast<std::size_t>(sheet_) + 1);
            out_.dates[static_cast<std::size_t>(sheet_)][static_cast<std::uint64_t>(row) << 16 | column] = *style;
        }
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
        switch (type) {
        case kFilePass: throw refuse("the workbook is protected by a password (encrypted): save it without one");
        case kBof:
            if (size < 8) throw damaged("BOF", at);
            if (at != 0) {
                bof_moves_[static_cast<std::uint32_t>(at)] = static_cast<std::uint32_t>(out_.stream.size());
                const auto it = std::find_if(bound_sheets_.begin(), bound_sheets_.end(), [&](const auto& b) { return b.second == at; });
                sheet_ = it == bound_sheets_.end() ? -2 : static_cast<long>(it - bound_sheets_.begin());
            }
            return keep(type, data);
        case kEof:
        case kCodePage:
        case kDateMode:
            if (type != kEof && size < 2) throw damaged(type == kCodePage ? "CODEPAGE" : "DATEMODE", at);
            return keep(type, data);
        case kBoundSheet: {
            const std::size_t length = size >= 7 ? static_cast<unsigned char>(data[6]) : 0;
            const bool fits = biff8_ ? size >= 8 && length > 0 && 8 + length * (data[7] == 0 ? 1 : 2) <= size : size >= 7 && length > 0 && 7 + length <= size;
            if (!fits) throw damaged("BOUNDSHEET", at);
            bound_sheets_.emplace_back(out_.stream.size(), u32(data, 0));
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
            if (biff8_) rows = u32(data, 4), columns = u16(data, 10);
            else rows = u16(data, 2), columns = u16(data, 6);
            claimed_bytes_ += rows * columns * kFreexlCellBytes;
            if (claimed_bytes_ > limits_.max_cell_bytes)
                throw refuse(fmt::format("the sheets' dimension records claim {} MiB of cells, more than the {} MiB credcheck lets FreeXL allocate "
                                         "(a sheet of 65,536 rows and 256 columns takes 256 MiB): refused",
                                         claimed_bytes_ >> 20, limits_.max_cell_bytes >> 20));
            return keep(type, data);
        }
        case kNumber:
            if (size < 14) throw damaged("NUMBER", at);
            numeric_cell(u16(data, 0), u16(data, 2), u16(data, 4));
            return keep(type, data);
        case kRk:
            if (size < 10) throw damaged("RK", at);
            numeric_cell(u16(data, 0), u16(data, 2), u16(data, 4));
            return keep(type, data);
        case kMulRk:
            if (size < 6) throw damaged("MULRK", at);
            for (std::size_t i = 4, column = u16(data, 2); i + 6 < size; i += 6, ++column)
                numeric_cell(u16(data, 0), static_cast<std::uint16_t>(column), u16(data, i));
            return keep(type, data);
        case kBoolErr:
            if (size < 8) throw damaged("BOOLERR", at);
            return keep(type, data);
        case kLabel: {
            const std::size_t count = size >= 8 ? u16(data, 6) : 0;
            const bool fits = biff8_ ? size >= 9 && count > 0 && string_fits(data, 8, count) : size >= 8 && 8 + count <= size;
            if (!fits) throw damaged("LABEL", at);
            return keep(type, data);
        }
        case kLabelSst:
            if (size < 10) throw damaged("LABELSST", at);
            return keep(type, data);
        case kFormula:
            if (size >= 4 && sheet_ >= 0) {
                if (out_.formulas.size() <= static_cast<std::size_t>(sheet_)) out_.formulas.resize(static_cast<std::size_t>(sheet_) + 1);
                out_.formulas[static_cast<std::size_t>(sheet_)].insert(static_cast<std::uint64_t>(u16(data, 0)) << 16 | u16(data, 2));
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
    long sheet_ = -1; // the substream being read: -1 for the globals, -2 for one no BOUNDSHEET names
    std::vector<std::pair<std::size_t, std::uint32_t>> bound_sheets_; // where each BOUNDSHEET went, the offset it named
    std::unordered_map<std::uint32_t, std::uint32_t> bof_moves_;       // a sheet BOF's offset in, and out
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
