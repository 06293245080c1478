#include "import/header_finder.hpp"

#include <fmt/format.h>
#include <unordered_map>

#include "credcheck/error.hpp"
#include "import/byte_stream.hpp"

namespace credcheck::import {

namespace {

/// Decodes one UTF-8 character at `s[i]`, advancing `i`; a malformed byte is returned as itself.
std::uint32_t next_code_point(std::string_view s, std::size_t& i) noexcept {
    const auto b0 = static_cast<unsigned char>(s[i]);
    const std::size_t length = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 0;
    if (length <= 1 || i + length > s.size()) {
        ++i;
        return b0;
    }
    std::uint32_t cp = length == 2 ? (b0 & 0x1Fu) : length == 3 ? (b0 & 0x0Fu) : (b0 & 0x07u);
    for (std::size_t k = 1; k < length; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
    i += length;
    return cp;
}

bool is_space_code_point(std::uint32_t cp) noexcept {
    return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0x3000 || cp == 0xA0 || cp == 0xFEFF;
}

void erase_all(std::string& text, std::string_view what) {
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at)) text.erase(at, what.size());
}

/// A short form of a row's first text, for the dry run and messages.
std::string first_text(const GridRow& row) {
    for (const auto& cell : row.cells) {
        if (cell.empty()) continue;
        std::string text = clean_title(cell);
        if (text.size() > 60) {
            std::size_t cut = 60;
            while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
            text = text.substr(0, cut) + "…";
        }
        return text;
    }
    return {};
}

std::string column_name(RowUnit unit, std::size_t index) {
    return unit == RowUnit::line ? fmt::format("field {}", index + 1) : fmt::format("column {}", column_letters(index));
}

} // namespace

std::string title_key(std::string_view title) {
    std::string out;
    out.reserve(title.size());
    for (std::size_t i = 0; i < title.size();) {
        std::uint32_t cp = next_code_point(title, i);
        if (is_space_code_point(cp) || cp == '*' || cp == 0xFF0A /* ＊ */) continue;
        if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0; // full-width ASCII: （） as ()
        if (cp == 0x3010) cp = '[';                     // 【
        if (cp == 0x3011) cp = ']';                     // 】
        if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
        append_utf8(out, cp);
    }
    erase_all(out, "(必填)");
    erase_all(out, "(选填)");
    return out;
}

std::string clean_title(std::string_view title) {
    std::string out;
    out.reserve(title.size());
    for (std::size_t i = 0; i < title.size();) {
        const std::size_t start = i;
        const std::uint32_t cp = next_code_point(title, i);
        if (cp == '\r' || cp == '\n') {
            while (!out.empty() && out.back() == ' ') out.pop_back(); // "统一社会 \n 信用代码"
            while (i < title.size() && (title[i] == ' ' || title[i] == '\t')) ++i;
            continue;
        }
        out.append(title.substr(start, i - start));
    }
    // Trim ASCII spaces, tabs and the ideographic space.
    constexpr std::string_view ideographic = "\xE3\x80\x80";
    std::string_view v = out;
    for (;;) {
        if (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
        else if (v.starts_with(ideographic)) v.remove_prefix(ideographic.size());
        else if (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
        else if (v.ends_with(ideographic)) v.remove_suffix(ideographic.size());
        else break;
    }
    return std::string(v);
}

HeaderedReader::HeaderedReader(std::unique_ptr<GridReader> grid, const HeaderRule& rule, std::string where)
    : grid_(std::move(grid)), where_(std::move(where)) {
    const std::string unit = grid_->unit() == RowUnit::line ? "line" : "row";
    struct Candidate {
        std::size_t number = 0, recognised = 0;
        std::vector<std::string> known, unknown;
    } best;
    std::optional<std::string> first_error;
    std::size_t looked = 0;
    bool found = false;
    while (grid_->next(scratch_)) {
        if (rule.row) {
            if (scratch_.number > *rule.row)
                throw Error(Status::invalid_argument, fmt::format("{}: --header-row {}: {} {} is blank or does not exist", where_, *rule.row, unit, *rule.row));
            if (scratch_.number == *rule.row) {
                if (scratch_.error) throw Error(Status::invalid_argument, fmt::format("{}: the header, {} {}: {}", where_, unit, *rule.row, *scratch_.error));
                found = true;
                break;
            }
            skipped_.push_back(SkippedRow{scratch_.number, first_text(scratch_)});
            continue;
        }
        ++looked;
        Candidate c;
        c.number = scratch_.number;
        std::size_t non_empty = 0;
        for (const auto& cell : scratch_.cells) {
            if (cell.empty()) continue;
            ++non_empty;
            if (rule.recognised(title_key(cell))) c.known.push_back(clean_title(cell));
            else c.unknown.push_back(clean_title(cell));
        }
        c.recognised = c.known.size();
        if (scratch_.error && !first_error) first_error = fmt::format("{} {} could not be read: {}", unit, scratch_.number, *scratch_.error);
        if (!scratch_.error && c.recognised >= rule.min_titles && (!rule.majority || 2 * c.recognised >= non_empty)) {
            found = true;
            break;
        }
        if (c.recognised > best.recognised) best = std::move(c);
        skipped_.push_back(SkippedRow{scratch_.number, first_text(scratch_)});
        if (looked >= rule.scan_rows) break;
    }
    if (!found) {
        if (rule.row) throw Error(Status::invalid_argument, fmt::format("{}: --header-row {}: the file ends before {} {}", where_, *rule.row, unit, *rule.row));
        if (looked == 0) throw Error(Status::invalid_argument, fmt::format("{}: the file has no rows; expected a header row with the column titles", where_));
        std::string closest = "no row has a title the import knows";
        if (best.recognised > 0) {
            const std::size_t shown = std::min<std::size_t>(best.unknown.size(), 8);
            closest = fmt::format("the closest is {} {}, with {} known ({}) and {} not ({}{})", unit, best.number, best.recognised,
                                  fmt::join(best.known, ", "), best.unknown.size(),
                                  fmt::join(best.unknown.begin(), best.unknown.begin() + static_cast<std::ptrdiff_t>(shown), ", "),
                                  best.unknown.size() > shown ? ", …" : "");
        }
        throw Error(Status::invalid_argument,
                    rule.majority
                        ? fmt::format("{}: no header row among the first {} rows: a header has at least {} titles the import knows (canonical "
                                      "names, 双公示 titles and codes, or the profile's), making up at least half of its cells; {}{}. Name it "
                                      "with --header-row N, or map the file's titles with --profile",
                                      where_, looked, rule.min_titles, closest, first_error ? "; " + *first_error : "")
                        : fmt::format("{}: no row among the first {} has the column titles asked for{}", where_, looked,
                                      first_error ? "; " + *first_error : ""));
    }

    header_row_ = scratch_.number;
    header_fields_ = scratch_.cells.size();
    for (const auto& cell : scratch_.cells) header_.push_back(clean_title(cell));
    while (!header_.empty() && header_.back().empty()) header_.pop_back();
    std::unordered_map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < header_.size(); ++i) {
        if (header_[i].empty()) continue;
        const auto [it, inserted] = seen.emplace(title_key(header_[i]), i);
        if (!inserted)
            throw Error(Status::invalid_argument,
                        fmt::format("{}: {} {}: column title '{}' appears twice ({} and {})", where_, unit, header_row_, header_[i],
                                    column_name(grid_->unit(), it->second), column_name(grid_->unit(), i)));
    }
}

bool HeaderedReader::next(SourceRow& row) {
    if (!grid_->next(scratch_)) return false;
    row.line = scratch_.number;
    row.error = scratch_.error;
    const RowUnit unit = grid_->unit();
    if (!row.error && unit == RowUnit::line && scratch_.cells.size() != header_fields_) {
        row.error = fmt::format("{} fields, the header has {}{}", scratch_.cells.size(), header_fields_,
                                scratch_.cells.size() > header_fields_
                                    ? " (a value with an unquoted comma, such as a company name? the row is rejected, not shifted)"
                                    : "");
    }
    for (std::size_t i = 0; i < scratch_.cells.size() && !row.error; ++i) {
        if (scratch_.cells[i].empty() || (i < header_.size() && !header_[i].empty())) continue;
        row.error = i < header_.size() ? fmt::format("{} has a value but the header gives it no title", column_name(unit, i))
                                       : fmt::format("{} has a value beyond the header's last title", column_name(unit, i));
    }
    row.fields.swap(scratch_.cells);
    row.fields.resize(header_.size());
    return true;
}

} // namespace credcheck::import
