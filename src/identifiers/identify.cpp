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
    case IdentifierKind::tax_registration_no: return "tax_registration_no";
    case IdentifierKind::taxpayer_no: return "taxpayer_no";
    case IdentifierKind::registration_no_13: return "registration_no_13";
    case IdentifierKind::foreign_registration_no: return "foreign_registration_no";
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
    case 5: return IdentifierKind::tax_registration_no;
    case 6: return IdentifierKind::taxpayer_no;
    case 7: return IdentifierKind::registration_no_13;
    case 8: return IdentifierKind::foreign_registration_no;
    case 9: return IdentifierKind::uscc; // an AdmittedCode: a USCC admitted as issued
    default: return IdentifierKind::none;
    }
}

std::string Identification::masked_normalized() const {
    if (const auto* c = get<CitizenId>()) return c->masked();
    if (const auto* t = get<TaxpayerNo>()) return t->masked();
    return normalized();
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


/// What a text with '*' in it would be, were its characters not hidden.
MaskedCode masked_code(std::string_view text) {
    MaskedCode m;
    m.pattern = std::string(text);
    const std::size_t n = text.size();
    const auto digits = [&](std::size_t from, std::size_t count) {
        return from + count <= n && std::all_of(text.begin() + static_cast<std::ptrdiff_t>(from),
                                                text.begin() + static_cast<std::ptrdiff_t>(from + count), is_digit);
    };
    if (n == 18 && digits(0, 8) && (text.substr(6, 2) == "18" || text.substr(6, 2) == "19" || text.substr(6, 2) == "20")) m.kind = IdentifierKind::citizen_id;
    else if (n == 15 && digits(0, 6)) m.kind = IdentifierKind::citizen_id;
    else if (n == 18 && uscc_value(text[0]) >= 0) m.kind = IdentifierKind::uscc;
    return m;
}

/// The USCC diagnostic when only the check character is wrong: the text with the expected character
/// parses strictly.
bool fails_only_check_character(std::string_view text, UsccCheck check) {
    // A character outside the alphabet (a letter O for a zero) is a typo, never a check character issued.
    if (text.size() != 18 || uscc_value(text[17]) < 0) return false;
    const char expected = Uscc::compute_check_character(text.substr(0, 17));
    if (expected == '\0' || expected == text[17]) return false;
    std::string corrected(text);
    corrected[17] = expected;
    return Uscc::is_valid(corrected, check);
}

} // namespace

bool MaskedCode::fits(std::string_view code) const noexcept {
    if (code.size() != pattern.size()) return false;
    for (std::size_t i = 0; i < code.size(); ++i)
        if (pattern[i] != '*' && pattern[i] != code[i]) return false;
    return true;
}

std::string Identification::note() const {
    if (get<RegistrationNo13>()) return "no check digit: recognised by its shape and province only";
    if (const auto* a = get<AdmittedCode>()) return "admitted as issued although its " + a->diagnostic;
    return {};
}

Identification identify(std::string_view text, const IdentifyOptions& options) {
    NormalizedCode normalized;
    if (options.normalization == Normalization::lenient) {
        normalized = normalize_code_reporting(text);
        text = normalized.text;
    }
    Identification out = [&]() -> Identification {
        const CitizenIdOptions id_options{options.born_not_after, Normalization::none, true};
        if (text.find('*') != std::string_view::npos) {
            MaskedCode masked = masked_code(text);
            const std::size_t hidden = static_cast<std::size_t>(std::count(text.begin(), text.end(), '*'));
            Identification m(masked.kind, IdentifierError{text.find('*') + 1,
                                                          fmt::format("is a masked code ({} of its {} characters hidden by *): it cannot identify a "
                                                                      "subject; with the subject's name it can point to a candidate, as a name match",
                                                                      hidden, count_characters(text))});
            m.masked_ = std::move(masked);
            return m;
        }
        if (text.starts_with("企")) {
            auto foreign = ForeignRegistrationNo::parse(text);
            if (foreign) return Identification(*foreign);
            return {IdentifierKind::foreign_registration_no, foreign.error()};
        }
        switch (count_characters(text)) {
        case 18: {
            auto uscc = Uscc::parse(text, {options.uscc_check, Normalization::none});
            if (uscc) return Identification(*uscc);
            auto id = CitizenId::parse(text, id_options);
            if (id) return Identification(*id);
            if (has_birth_date_shape(text)) return {IdentifierKind::citizen_id, id.error()};
            Identification failed(IdentifierKind::uscc, uscc.error());
            if (fails_only_check_character(text, options.uscc_check)) {
                failed.check_character_only_ = true;
                failed.attempted_ = std::string(text);
            }
            return failed;
        }
        case 15: {
            auto reg = RegistrationNo::parse(text);
            if (reg) return Identification(*reg);
            if (has_birth_date_shape(text)) {
                auto id = CitizenId::parse(text, id_options);
                if (id) return Identification(*id);
            }
            auto tax = TaxRegistrationNo::parse(text);
            if (tax) return Identification(*tax);
            if (has_birth_date_shape(text)) return {IdentifierKind::citizen_id, CitizenId::parse(text, id_options).error()};
            // Letters past the division: a tax registration number's organisation code, never a registration number.
            if (std::any_of(text.begin(), text.end(), [](char c) { return !is_digit(c); }) &&
                std::all_of(text.begin(), text.begin() + 6, is_digit))
                return {IdentifierKind::tax_registration_no, tax.error()};
            // All digits: a registration number and a tax registration number (division + organisation code)
            // look alike, and the text fails as both. Say both.
            IdentifierError both = reg.error();
            both.message = fmt::format("as a registration number: {}; as a tax registration number: {}", reg.error().message, tax.error().message);
            return {IdentifierKind::registration_no, both};
        }
        case 20: {
            auto taxpayer = TaxpayerNo::parse(text, id_options);
            if (taxpayer) return Identification(*taxpayer);
            return {IdentifierKind::taxpayer_no, taxpayer.error()};
        }
        case 13: {
            if (!std::all_of(text.begin(), text.end(), is_digit)) break;
            auto reg = RegistrationNo13::parse(text);
            if (reg) return Identification(*reg);
            return {IdentifierKind::registration_no_13, reg.error()};
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
                IdentifierError{0, fmt::format("has {} character{}: a unified social credit code or citizen ID number has 18, a registration "
                                               "number or tax registration number 15 (an older registration number 13), a taxpayer number 20, "
                                               "an organisation code 9",
                                               n, n == 1 ? "" : "s")}};
    }();
    out.changes_ = normalized.changes;
    // The printed form of an organisation code (19220382-1) keeps its hyphen by the standard: nothing to report.
    if (out.kind() == IdentifierKind::org_code && normalized.changes == CodeChanges::hyphens) out.changes_ = CodeChanges::none;
    return out;
}

Identification identify_as(std::string_view text, IdentifierKind kind, const IdentifyOptions& options) {
    Identification found = identify(text, options);
    if (!found.ok() || found.kind() == kind) return found;
    // The same text read as the kind its column holds: a 15-digit string may be a valid registration
    // number and a valid tax registration number at once.
    std::string normalized(text);
    CodeChanges changes = CodeChanges::none;
    if (options.normalization == Normalization::lenient) {
        auto n = normalize_code_reporting(text);
        normalized = std::move(n.text);
        changes = n.changes;
    }
    const auto as = [&](auto parsed) -> std::optional<Identification> {
        if (!parsed) return std::nullopt;
        Identification id(*parsed);
        id.changes_ = changes;
        return id;
    };
    std::optional<Identification> other;
    switch (kind) {
    case IdentifierKind::registration_no: other = as(RegistrationNo::parse(normalized)); break;
    case IdentifierKind::tax_registration_no: other = as(TaxRegistrationNo::parse(normalized)); break;
    case IdentifierKind::citizen_id: other = as(CitizenId::parse(normalized, CitizenIdOptions{options.born_not_after, Normalization::none, true})); break;
    case IdentifierKind::uscc: other = as(Uscc::parse(normalized, {options.uscc_check, Normalization::none})); break;
    default: break;
    }
    return other ? *other : found;
}

Identification admit_as_issued(const Identification& failed) {
    if (!failed.check_character_only_) return failed;
    Identification admitted(AdmittedCode{failed.attempted_, failed.error_ ? failed.error_->message : std::string()});
    admitted.changes_ = failed.changes_;
    return admitted;
}

} // namespace credcheck
