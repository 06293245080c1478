#include "credcheck/legacy_codes.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>

#include "identifiers/code_tables.hpp"
#include "identifiers/diagnostics.hpp"

namespace credcheck {
using namespace detail;

namespace {

/// An error of a part parsed on its own, moved to where the part starts in the whole code.
IdentifierError shifted(IdentifierError e, std::size_t offset, std::string_view part) {
    if (e.position == 0) return IdentifierError{offset + 1, fmt::format("{} (characters {} on): {}", part, offset + 1, e.message)};
    const std::size_t position = e.position + offset;
    std::string message = e.message;
    if (message.starts_with("position " + std::to_string(e.position) + ":"))
        message = "position " + std::to_string(position) + message.substr(("position " + std::to_string(e.position)).size());
    return IdentifierError{position, fmt::format("{}: {}", part, message)};
}

constexpr std::string_view kForeignForms[] = {"合", "独", "作", "外"};

} // namespace

bool is_province_prefix(std::string_view d) noexcept {
    if (d.size() < 2 || !is_digit(d[0]) || !is_digit(d[1])) return false;
    const int p = (d[0] - '0') * 10 + (d[1] - '0');
    return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) || (p >= 31 && p <= 37) || (p >= 41 && p <= 46) || (p >= 50 && p <= 54) ||
           (p >= 61 && p <= 65) || p == 71 || p == 81 || p == 82;
}

Parsed<TaxRegistrationNo> TaxRegistrationNo::parse(std::string_view text) {
    if (auto e = check_length(text, 15, "a tax registration number")) return *std::move(e);
    if (auto e = first_disallowed(text.substr(0, 6), "is not a digit: a tax registration number starts with the six-digit division code",
                                  [](std::size_t, char c) { return is_digit(c); }))
        return *std::move(e);
    const auto org = OrgCode::parse(text.substr(6));
    if (!org) return shifted(org.error(), 6, "the organisation code in it");
    return TaxRegistrationNo(std::string(text.substr(0, 6)), *org);
}

Parsed<TaxpayerNo> TaxpayerNo::parse(std::string_view text, const CitizenIdOptions& options) {
    if (auto e = check_length(text, 20, "a taxpayer number of a person (an ID number and two digits)")) return *std::move(e);
    if (auto e = first_disallowed(text.substr(18), "is not a digit: a taxpayer number ends with two digits after the ID number",
                                  [](std::size_t, char c) { return is_digit(c); }))
        return shifted(*e, 18, "the sequence");
    CitizenIdOptions id_options = options;
    id_options.normalization = Normalization::none;
    id_options.accept_legacy_15 = false;
    const auto person = CitizenId::parse(text.substr(0, 18), id_options);
    if (!person) return shifted(person.error(), 0, "the ID number in it");
    return TaxpayerNo(*person, std::string(text.substr(18)));
}

Parsed<RegistrationNo13> RegistrationNo13::parse(std::string_view text) {
    if (auto e = check_length(text, 13, "a 13-digit registration number")) return *std::move(e);
    if (auto e = first_disallowed(text, "is not a digit", [](std::size_t, char c) { return is_digit(c); })) return *std::move(e);
    if (!is_province_prefix(text.substr(0, 2)))
        return IdentifierError{1, fmt::format("'{}' is no province's code: a 13-digit registration number starts with its registering "
                                              "authority's division",
                                              text.substr(0, 2))};
    return RegistrationNo13(std::string(text));
}

Parsed<ForeignRegistrationNo> ForeignRegistrationNo::parse(std::string_view text) {
    const auto chars = characters(text);
    const auto fail = [](std::size_t position, std::string message) { return IdentifierError{position, std::move(message)}; };
    const std::string_view shape = "the form of a foreign-invested enterprise's registration number (企合浙绍总字第002112号)";
    if (chars.size() < 8 || chars[0] != "企") return fail(1, fmt::format("does not start with 企, as {} does", shape));
    if (std::find(std::begin(kForeignForms), std::end(kForeignForms), chars[1]) == std::end(kForeignForms))
        return fail(2, "position 2: the enterprise's form is 合 (joint venture), 独 (wholly foreign-owned), 作 (co-operative) or 外");
    // 1 to 4 region abbreviations, then 总 (or 总副), 字, an optional 第, the digits, 号.
    std::size_t i = 2;
    while (i < chars.size() && chars[i] != "总" && chars[i].size() == 3 && i < 7) ++i;
    if (i == 2 || i >= chars.size() || chars[i] != "总")
        return fail(i + 1, fmt::format("position {}: expected the region abbreviations and 总 of {}", i + 1, shape));
    ++i;
    if (i < chars.size() && chars[i] == "副") ++i;
    if (i >= chars.size() || chars[i] != "字") return fail(i + 1, fmt::format("position {}: expected 字 after 总", i + 1));
    ++i;
    if (i < chars.size() && chars[i] == "第") ++i;
    std::string number;
    while (i < chars.size() && chars[i].size() == 1 && is_digit(chars[i][0])) number += chars[i++];
    if (number.empty() || number.size() > 8) return fail(i + 1, fmt::format("position {}: expected the registration's number (1 to 8 digits)", i + 1));
    if (i + 1 != chars.size() || chars[i] != "号") return fail(i + 1, fmt::format("position {}: expected 号 to end it", i + 1));
    return ForeignRegistrationNo(std::string(text), std::move(number));
}

} // namespace credcheck
