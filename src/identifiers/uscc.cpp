#include "credcheck/uscc.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <string>

#include "identifiers/code_tables.hpp"
#include "identifiers/diagnostics.hpp"
#include "util/embedded.hpp"
#include "util/tsv.hpp"

namespace credcheck {
using namespace detail;

namespace {

/// The authority + category table of data/uscc_registration_authorities.tsv, indexed by USCC values.
class AuthorityTable {
public:
    AuthorityTable() {
        tsv::for_each_row(embedded::uscc_registration_authorities_tsv, [&](const auto& f, std::size_t) {
            if (f.size() < 4 || f[0].size() != 1 || f[2].size() != 1) return;
            const int a = uscc_value(f[0][0]);
            const int c = uscc_value(f[2][0]);
            if (a < 0 || c < 0) return;
            authority_names_[static_cast<std::size_t>(a)] = f[1];
            category_names_[index(a, c)] = f[3];
        });
    }
    bool pair_in_use(int a, int c) const noexcept { return !category_names_[index(a, c)].empty(); }
    std::string_view authority_name(int a) const noexcept { return a < 0 ? std::string_view{} : authority_names_[static_cast<std::size_t>(a)]; }
    std::string_view category_name(int a, int c) const noexcept {
        return a < 0 || c < 0 ? std::string_view{} : category_names_[index(a, c)];
    }
    std::string categories_of(int a) const {
        std::string out;
        for (int c = 0; c < 31; ++c) {
            if (!pair_in_use(a, c)) continue;
            if (!out.empty()) out += ", ";
            out += kUsccAlphabet[static_cast<std::size_t>(c)];
        }
        return out;
    }

private:
    static std::size_t index(int a, int c) noexcept { return static_cast<std::size_t>(a * 31 + c); }
    std::array<std::string_view, 31> authority_names_{};
    std::array<std::string_view, 31 * 31> category_names_{};
};

const AuthorityTable& authorities() {
    static const AuthorityTable table; // immutable after construction; built once from embedded data
    return table;
}

/// Σ value·weight over 17 characters known to be in the alphabet → check value.
inline int check_value_of(const char* first17) noexcept {
    int sum = 0;
    for (std::size_t i = 0; i < 17; ++i) sum += uscc_value(first17[i]) * kUsccWeights[i];
    return (31 - sum % 31) % 31; // the outer mod maps a remainder of 0 to '0', not to alphabet[31]
}

} // namespace

std::string_view uscc_authority_name(char authority) noexcept {
    return authorities().authority_name(uscc_value(authority));
}

std::string_view uscc_category_name(char authority, char category) noexcept {
    return authorities().category_name(uscc_value(authority), uscc_value(category));
}

Uscc::Uscc(std::string_view eighteen) noexcept { std::copy_n(eighteen.data(), 18, chars_.data()); }

std::string_view Uscc::authority_name() const noexcept { return uscc_authority_name(chars_[0]); }
std::string_view Uscc::category_name() const noexcept { return uscc_category_name(chars_[0], chars_[1]); }

char Uscc::compute_check_character(std::string_view first17) noexcept {
    if (first17.size() != 17) return '\0';
    for (char c : first17)
        if (uscc_value(c) < 0) return '\0';
    return kUsccAlphabet[static_cast<std::size_t>(check_value_of(first17.data()))];
}

bool Uscc::is_valid(std::string_view s, UsccCheck check) noexcept {
    if (s.size() != 18) return false;
    int sum = 0;
    for (std::size_t i = 0; i < 17; ++i) {
        const int v = uscc_value(s[i]);
        if (v < 0) return false;
        sum += v * kUsccWeights[i];
    }
    for (std::size_t i = 2; i < 8; ++i)
        if (!is_digit(s[i])) return false;
    if (uscc_value(s[17]) != (31 - sum % 31) % 31) return false;
    if (check == UsccCheck::check_character) return true;
    return authorities().pair_in_use(uscc_value(s[0]), uscc_value(s[1])) && org_check_for_valid_body(s.data() + 8) == s[16];
}

Parsed<Uscc> Uscc::parse(std::string_view text, UsccOptions options) {
    std::string normalized;
    if (options.normalization == Normalization::lenient) {
        normalized = normalize_code(text);
        text = normalized;
    }
    if (auto e = check_length(text, 18, "a unified social credit code")) return *std::move(e);
    if (auto e = first_disallowed(text, "is not in the code alphabet 0-9 A-H J-N P-R T U W-Y (I, O, Z, S and V are never used)",
                                  [](std::size_t, char c) { return uscc_value(c) >= 0; }))
        return *std::move(e);
    if (auto e = first_disallowed(text.substr(0, 8), "is not a digit: positions 3-8 are the division code",
                                  [](std::size_t i, char c) { return i < 2 || is_digit(c); }))
        return *std::move(e);
    const char expected = kUsccAlphabet[static_cast<std::size_t>(check_value_of(text.data()))];
    if (text[17] != expected)
        return IdentifierError{18, fmt::format("check character is '{}', expected '{}'", text[17], expected)};
    if (options.check == UsccCheck::strict) {
        const AuthorityTable& table = authorities();
        const int a = uscc_value(text[0]);
        const int c = uscc_value(text[1]);
        if (table.authority_name(a).empty())
            return IdentifierError{1, fmt::format("position 1: '{}' is not a registration authority in use", text[0])};
        if (!table.pair_in_use(a, c))
            return IdentifierError{2, fmt::format("position 2: category '{}' is not used with registration authority '{}' ({}); "
                                                  "expected one of {}",
                                                  text[1], text[0], table.authority_name(a), table.categories_of(a))};
        const char org_expected = org_check_for_valid_body(text.data() + 8);
        if (text[16] != org_expected)
            return IdentifierError{17, fmt::format("embedded organisation code {}-{} (positions 9-17) fails GB 11714: "
                                                   "its check character is '{}', expected '{}'",
                                                   text.substr(8, 8), text[16], text[16], org_expected)};
    }
    return Uscc(text);
}

} // namespace credcheck
