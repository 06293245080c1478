#include "credcheck/citizen_id.hpp"

#include <algorithm>
#include <optional>
#include <vector>
#include <fmt/format.h>

#include "identifiers/code_tables.hpp"
#include "identifiers/diagnostics.hpp"

namespace credcheck {
using namespace detail;

namespace {

constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kCheckCharacters = "10X98765432";
constexpr int kEarliestBirthYear = 1800;

int digits(std::string_view s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

/// The birth date at `yyyymmdd`, or an error naming positions `first`…`first + 7`.
Parsed<Date> parse_birth_date(std::string_view yyyymmdd, std::size_t first, Date not_after) {
    const auto date = Date::from_ymd(digits(yyyymmdd.substr(0, 4)), static_cast<unsigned>(digits(yyyymmdd.substr(4, 2))),
                                     static_cast<unsigned>(digits(yyyymmdd.substr(6, 2))));
    if (!date)
        return IdentifierError{first, fmt::format("positions {}-{}: birth date {} is not a calendar date", first, first + 7, yyyymmdd)};
    if (date->year() < kEarliestBirthYear)
        return IdentifierError{first, fmt::format("positions {}-{}: birth date {} is before {}", first, first + 7, date->iso(),
                                                  kEarliestBirthYear)};
    if (*date > not_after)
        return IdentifierError{first, fmt::format("positions {}-{}: birth date {} is after {}", first, first + 7, date->iso(),
                                                  not_after.iso())};
    return *date;
}

} // namespace

CitizenId::CitizenId(std::string_view eighteen, Date birth, bool upgraded) noexcept
    : birth_date_(birth), upgraded_(upgraded) {
    std::copy_n(eighteen.data(), 18, chars_.data());
}

char CitizenId::compute_check_character(std::string_view first17) noexcept {
    if (first17.size() != 17 || !std::all_of(first17.begin(), first17.end(), is_digit)) return '\0';
    int sum = 0;
    for (std::size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
    return kCheckCharacters[static_cast<std::size_t>(sum % 11)];
}

Parsed<CitizenId> CitizenId::parse(std::string_view text, const CitizenIdOptions& options) {
    std::string normalized;
    if (options.normalization == Normalization::lenient) {
        normalized = normalize_code(text);
        text = normalized;
    }
    const Date not_after = options.born_not_after.value_or(Date::today());
    const std::size_t length = count_characters(text);
    if (length == 15 && options.accept_legacy_15) {
        if (auto e = first_disallowed(text, "is not a digit", [](std::size_t, char c) { return is_digit(c); })) return *std::move(e);
        std::string upgraded = std::string(text.substr(0, 6)) + "19" + std::string(text.substr(6));
        auto born = parse_birth_date(std::string_view(upgraded).substr(6, 8), 7, not_after);
        if (!born) {
            // Name the legacy positions (7-12, two-digit year) rather than the upgraded ones.
            return IdentifierError{7, fmt::format("positions 7-12: birth date 19{} of a 15-digit number is not valid ({})",
                                                  text.substr(6, 6), born.error().message)};
        }
        upgraded.push_back(compute_check_character(upgraded));
        return CitizenId(upgraded, *born, true);
    }
    if (auto e = check_length(text, 18, options.accept_legacy_15 ? "a citizen ID number (or its legacy 15-digit form)"
                                                                 : "a citizen ID number"))
        return *std::move(e);
    if (auto e = first_disallowed(text, "is not allowed: 17 digits and a check character 0-9 or X",
                                  [](std::size_t i, char c) { return is_digit(c) || (i == 17 && c == 'X'); }))
        return *std::move(e);
    auto born = parse_birth_date(text.substr(6, 8), 7, not_after);
    if (!born) return born.error();
    const char expected = compute_check_character(text.substr(0, 17));
    if (text[17] != expected)
        return IdentifierError{18, fmt::format("check character is '{}', expected '{}'", text[17], expected)};
    return CitizenId(text, *born, false);
}

std::string CitizenId::masked() const { return mask_personal_id(str()); }

namespace {

bool ascii_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool ascii_letter(char c) noexcept { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

/// The run's characters: ASCII letters and digits, and their full-width forms (U+FF10–FF19,
/// U+FF21–FF3A, U+FF41–FF5A: three bytes each). `digit` says which of the two a character is.
struct RunChar {
    std::size_t offset, size;
    bool digit;
};

std::optional<RunChar> run_char_at(std::string_view text, std::size_t i) noexcept {
    const char c = text[i];
    if (ascii_digit(c) || ascii_letter(c)) return RunChar{i, 1, ascii_digit(c)};
    if (static_cast<unsigned char>(c) == 0xEF && i + 2 < text.size()) {
        const auto b1 = static_cast<unsigned char>(text[i + 1]), b2 = static_cast<unsigned char>(text[i + 2]);
        const unsigned cp = 0xF000u | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
        if ((b1 & 0xC0u) == 0x80u && (b2 & 0xC0u) == 0x80u) {
            if (cp >= 0xFF10 && cp <= 0xFF19) return RunChar{i, 3, true};
            if ((cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A)) return RunChar{i, 3, false};
        }
    }
    return std::nullopt;
}

constexpr std::size_t kShortestId = 15, kLongestId = 20, kMostLetters = 1;

/// The run with its middle starred: the first 6 characters and the last 4 (3 of 15) stay.
void append_masked(std::string& out, std::string_view text, const std::vector<RunChar>& run) {
    const std::size_t keep_tail = run.size() == 15 ? 3 : 4;
    for (std::size_t k = 0; k < run.size(); ++k) {
        if (k < 6 || k + keep_tail >= run.size()) out.append(text.substr(run[k].offset, run[k].size));
        else out += '*';
    }
}

} // namespace

bool looks_like_personal_id(std::string_view id) noexcept {
    if (id.size() < kShortestId || id.size() > kLongestId) return false;
    std::size_t letters = 0;
    for (char c : id) {
        if (ascii_letter(c)) ++letters;
        else if (!ascii_digit(c)) return false;
    }
    return letters <= kMostLetters;
}

std::string mask_personal_id(std::string_view id) {
    if (!looks_like_personal_id(id)) return std::string(id);
    std::vector<RunChar> run;
    for (std::size_t i = 0; i < id.size(); ++i) run.push_back(RunChar{i, 1, ascii_digit(id[i])});
    std::string out;
    append_masked(out, id, run);
    return out;
}

std::string mask_personal_ids_in_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::vector<RunChar> run;
    std::size_t letters = 0, run_start = 0;
    const auto end_run = [&](std::size_t at) {
        if (run.size() >= kShortestId && letters <= kMostLetters) append_masked(out, text, run);
        else out.append(text.substr(run_start, at - run_start));
        run.clear();
        letters = 0;
    };
    std::size_t i = 0;
    while (i < text.size()) {
        if (const auto c = run_char_at(text, i)) {
            if (run.empty()) run_start = i;
            run.push_back(*c);
            letters += !c->digit;
            i += c->size;
            continue;
        }
        if (!run.empty()) end_run(i);
        out += text[i++];
    }
    if (!run.empty()) end_run(text.size());
    return out;
}

} // namespace credcheck
