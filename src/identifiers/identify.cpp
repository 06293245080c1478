#include "credcheck/identify.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "identifiers/code_tables.hpp"
#include "identifiers/diagnostics.hpp"

namespace credcheck {
using namespace detail;

std::string_view identifier_kind_name(IdentifierKind kind) noexcept {
    switch (kind) {
    case IdentifierKind::uscc: return "uscc";
    case IdentifierKind::org_code: return "org_code";
    case IdentifierKind::registration_no: return "registration_no";
    case IdentifierKind::citizen_id: return "citizen_id";
    case IdentifierKind::none: break;
    }
    return "none";
}

IdentifierKind Identification::kind() const noexcept {
    switch (value_.index()) {
    case 1: return IdentifierKind::uscc;
    case 2: return IdentifierKind::org_code;
    case 3: return IdentifierKind::registration_no;
    case 4: return IdentifierKind::citizen_id;
    default: return IdentifierKind::none;
    }
}

std::string Identification::normalized() const {
    return std::visit(
        [](const auto& v) -> std::string {
            if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::monostate>) return {};
            else return v.str();
        },
        value_);
}

namespace {

/// True when the string is shaped like an ID number: 17 digits, a digit or X, and a birth year in
/// 18xx-20xx at positions 7-10; or 15 digits whose positions 7-12 read as a date. It then resembles
/// an ID number more than a credit code or registration number.
bool has_birth_date_shape(std::string_view s) {
    if (s.size() == 18) {
        const std::string_view century = s.substr(6, 2);
        return std::all_of(s.begin(), s.begin() + 17, is_digit) && (is_digit(s[17]) || s[17] == 'X') &&
               (century == "18" || century == "19" || century == "20");
    }
    if (s.size() == 15 && std::all_of(s.begin(), s.end(), is_digit)) return Date::parse("19" + std::string(s.substr(6, 6))).has_value();
    return false;
}

} // namespace

Identification identify(std::string_view text, const IdentifyOptions& options) {
    std::string normalized;
    if (options.normalization == Normalization::lenient) {
        normalized = normalize_code(text);
        text = normalized;
    }
    const CitizenIdOptions id_options{options.born_not_after, Normalization::none, true};
    switch (count_characters(text)) {
    case 18: {
        auto uscc = Uscc::parse(text, {options.uscc_check, Normalization::none});
        if (uscc) return Identification(*uscc);
        auto id = CitizenId::parse(text, id_options);
        if (id) return Identification(*id);
        if (has_birth_date_shape(text)) return {IdentifierKind::citizen_id, id.error()};
        return {IdentifierKind::uscc, uscc.error()};
    }
    case 15: {
        auto reg = RegistrationNo::parse(text);
        if (reg) return Identification(*reg);
        if (has_birth_date_shape(text)) {
            auto id = CitizenId::parse(text, id_options);
            if (id) return Identification(*id);
            return {IdentifierKind::citizen_id, id.error()};
        }
        return {IdentifierKind::registration_no, reg.error()};
    }
    case 9: {
        auto org = OrgCode::parse(text);
        if (org) return Identification(*org);
        return {IdentifierKind::org_code, org.error()};
    }
    case 10:
        if (text.size() == 10 && text[8] == '-') {
            auto org = OrgCode::parse(text);
            if (org) return Identification(*org);
            return {IdentifierKind::org_code, org.error()};
        }
        break;
    default: break;
    }
    const std::size_t n = count_characters(text);
    return {IdentifierKind::none,
            IdentifierError{0, fmt::format("has {} character{}: a unified social credit code or citizen ID number has 18, "
                                           "a registration number 15, an organisation code 9",
                                           n, n == 1 ? "" : "s")}};
}

} // namespace credcheck
