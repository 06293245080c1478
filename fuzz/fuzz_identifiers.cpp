// fuzz_identifiers — identify(), every identifier parser, normalize_code() and Date::parse() on
// arbitrary bytes, with properties that hold for correct code: a valid code's canonical text parses
// again to the same value, identify() accepts its own normalized() output, strict ⊆ check-character,
// canonical input needs no normalisation, normalize_code() is idempotent.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "credcheck/citizen_id.hpp"
#include "credcheck/date.hpp"
#include "credcheck/identify.hpp"
#include "credcheck/normalize.hpp"
#include "credcheck/org_code.hpp"
#include "credcheck/registration_no.hpp"
#include "credcheck/uscc.hpp"
#include "fuzz_support.hpp"

using namespace credcheck;

namespace {

// A fixed "today" so that a crash reproduces on any day.
const Date kToday = *Date::from_ymd(2026, 1, 15);

// Well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool is_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto b = static_cast<unsigned char>(s[i]);
        std::size_t len = b < 0x80 ? 1 : (b >= 0xC2 && b <= 0xDF) ? 2 : (b >= 0xE0 && b <= 0xEF) ? 3 : (b >= 0xF0 && b <= 0xF4) ? 4 : 0;
        if (len == 0 || i + len > s.size()) return false;
        std::uint32_t cp = len == 1 ? b : len == 2 ? (b & 0x1Fu) : len == 3 ? (b & 0x0Fu) : (b & 0x07u);
        for (std::size_t k = 1; k < len; ++k) {
            const auto c = static_cast<unsigned char>(s[i + k]);
            if ((c & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (c & 0x3Fu);
        }
        if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return false;
        i += len;
    }
    return true;
}

void check_uscc(std::string_view text) {
    for (UsccCheck check : {UsccCheck::strict, UsccCheck::check_character}) {
        const auto canonical = Uscc::parse(text, UsccOptions{check, Normalization::none});
        FUZZ_REQUIRE(canonical.ok() == Uscc::is_valid(text, check));
        const auto lenient = Uscc::parse(text, UsccOptions{check, Normalization::lenient});
        if (canonical) {
            FUZZ_REQUIRE(lenient.ok() && *lenient == *canonical);
        }
        if (!lenient) {
            FUZZ_REQUIRE(!lenient.error().message.empty());
            continue;
        }
        const Uscc& u = *lenient;
        const std::string s = u.str();
        FUZZ_REQUIRE(s.size() == 18);
        FUZZ_REQUIRE(Uscc::is_valid(s, check));
        FUZZ_REQUIRE(Uscc::compute_check_character(std::string_view(s).substr(0, 17)) == u.check_character());
        const auto again = Uscc::parse(s, UsccOptions{check, Normalization::none});
        FUZZ_REQUIRE(again.ok() && *again == u);
        if (check == UsccCheck::strict) {
            FUZZ_REQUIRE(Uscc::is_valid(s, UsccCheck::check_character));
            FUZZ_REQUIRE(!u.category_name().empty());
            const auto org = OrgCode::parse(u.org_code().str());
            FUZZ_REQUIRE(org.ok() && *org == u.org_code());
            // Converting the embedded organisation code back gives the same USCC.
            const auto back = u.org_code().to_uscc(u.authority(), u.category(), u.division_code());
            FUZZ_REQUIRE(back.ok() && *back == u);
        }
        (void)u.authority_name();
        (void)u.category_name();
    }
}

void check_org_code(std::string_view text) {
    const auto canonical = OrgCode::parse(text, Normalization::none);
    const auto lenient = OrgCode::parse(text, Normalization::lenient);
    if (canonical) {
        FUZZ_REQUIRE(lenient.ok() && *lenient == *canonical);
    }
    if (!lenient) return;
    const OrgCode& o = *lenient;
    const std::string s = o.str();
    FUZZ_REQUIRE(s.size() == 9);
    FUZZ_REQUIRE(OrgCode::compute_check_character(std::string_view(s).substr(0, 8)) == o.check_character());
    const auto again = OrgCode::parse(s);
    FUZZ_REQUIRE(again.ok() && *again == o);
    const auto printed = OrgCode::parse(o.display());
    FUZZ_REQUIRE(printed.ok() && *printed == o);
    const auto u = o.to_uscc('9', '1', "420704");
    if (u) {
        FUZZ_REQUIRE(u->org_code() == o);
    }
}

void check_registration_no(std::string_view text) {
    const auto canonical = RegistrationNo::parse(text, Normalization::none);
    const auto lenient = RegistrationNo::parse(text, Normalization::lenient);
    if (canonical) {
        FUZZ_REQUIRE(lenient.ok() && *lenient == *canonical);
    }
    if (!lenient) return;
    const std::string s = lenient->str();
    FUZZ_REQUIRE(s.size() == 15);
    FUZZ_REQUIRE(RegistrationNo::compute_check_digit(std::string_view(s).substr(0, 14)) == s[14]);
    const auto again = RegistrationNo::parse(s);
    FUZZ_REQUIRE(again.ok() && *again == *lenient);
}

void check_citizen_id(std::string_view text) {
    for (bool legacy : {true, false}) {
        CitizenIdOptions options;
        options.born_not_after = kToday;
        options.accept_legacy_15 = legacy;
        const auto canonical = CitizenId::parse(text, options);
        options.normalization = Normalization::lenient;
        const auto lenient = CitizenId::parse(text, options);
        if (canonical) {
            FUZZ_REQUIRE(lenient.ok() && *lenient == *canonical);
        }
        if (!lenient) continue;
        const CitizenId& id = *lenient;
        const std::string s = id.str();
        FUZZ_REQUIRE(s.size() == 18);
        FUZZ_REQUIRE(id.birth_date() <= kToday);
        FUZZ_REQUIRE(CitizenId::compute_check_character(std::string_view(s).substr(0, 17)) == s[17]);
        FUZZ_REQUIRE(id.masked().size() == s.size() && id.masked() != s);
        FUZZ_REQUIRE(mask_personal_id(s) == id.masked());
        if (id.upgraded_from_15()) {
            FUZZ_REQUIRE(legacy);
        }
        options.normalization = Normalization::none;
        const auto again = CitizenId::parse(s, options);
        FUZZ_REQUIRE(again.ok() && *again == id && again->birth_date() == id.birth_date() && !again->upgraded_from_15());
        (void)id.sex();
        (void)id.address_code();
    }
    (void)mask_personal_id(text);
}

// identify() tries an 18-character string as a USCC first. With UsccCheck::check_character about one
// 18-digit citizen ID number in 31 also passes as a USCC (the check character agrees by chance), so
// that an ID number, or the 18-digit upgrade of a 15-digit one, may come back as a USCC there. The
// strict check (the default, and what importers use) tells most of them apart, not all: an 18-digit
// string whose first two digits are also a registration authority and category in use (11, 91, …)
// and whose embedded organisation code's check digit agrees as well (about 1 in 341) is both — the
// fuzzer found 910101001013866, whose upgrade 910101190010138668 is a strictly valid USCC. Which one
// a bare string is can only come from its context (the column it stands in); README, Identifiers.
bool same_kind(const Identification& first, const Identification& second, UsccCheck) {
    if (first.kind() == second.kind()) return true;
    return first.kind() == IdentifierKind::citizen_id && second.kind() == IdentifierKind::uscc;
}

void check_identify(std::string_view text) {
    (void)identify(text); // the defaults: strict, lenient, born today at the latest
    for (UsccCheck check : {UsccCheck::strict, UsccCheck::check_character}) {
        for (Normalization normalization : {Normalization::none, Normalization::lenient}) {
            IdentifyOptions options{check, normalization, kToday};
            const Identification id = identify(text, options);
            FUZZ_REQUIRE(id.ok() == (id.kind() != IdentifierKind::none));
            FUZZ_REQUIRE(id.ok() != id.error().has_value());
            (void)identifier_kind_name(id.kind());
            (void)identifier_kind_name(id.closest_kind());
            if (!id.ok()) {
                FUZZ_REQUIRE(id.normalized().empty());
                FUZZ_REQUIRE(!id.error()->message.empty());
                continue;
            }
            const std::string normalized = id.normalized();
            FUZZ_REQUIRE(!normalized.empty());
            // The canonical text is canonical: identified again without clean-up, as the same thing.
            const Identification again = identify(normalized, IdentifyOptions{check, Normalization::none, kToday});
            FUZZ_REQUIRE(again.ok() && again.normalized() == normalized && same_kind(id, again, check));
            if (normalization == Normalization::none) {
                const Identification lenient = identify(text, IdentifyOptions{check, Normalization::lenient, kToday});
                FUZZ_REQUIRE(lenient.ok() && lenient.kind() == id.kind() && lenient.normalized() == normalized);
            }
            if (check == UsccCheck::strict) {
                const Identification loose = identify(text, IdentifyOptions{UsccCheck::check_character, normalization, kToday});
                FUZZ_REQUIRE(loose.ok() && loose.normalized() == normalized && same_kind(id, loose, UsccCheck::check_character));
            }
        }
    }
}

void check_date(std::string_view text) {
    const auto d = Date::parse(text);
    if (!d) return;
    const auto again = Date::parse(d->iso());
    FUZZ_REQUIRE(again && *again == *d);
    const auto ymd = Date::from_ymd(d->year(), d->month(), d->day());
    FUZZ_REQUIRE(ymd && *ymd == *d);
    FUZZ_REQUIRE(d->iso_weekday() >= 1 && d->iso_weekday() <= 7);
    FUZZ_REQUIRE(d->plus_days(1).days_since_epoch() == d->days_since_epoch() + 1);
    const Date next_month = d->plus_months(1);
    FUZZ_REQUIRE(next_month > *d && next_month.plus_months(-1) <= *d);
    FUZZ_REQUIRE(d->days_until(d->plus_years(1)) >= 365);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    // Idempotent on text. Not on malformed UTF-8: a malformed byte is kept as is, so dropping a
    // separator between two such bytes can splice them into a character that the second pass folds
    // (EF BC 2D 99 -> EF BC 99, U+FF19 -> '9'). Harmless: the parsers reject any non-ASCII byte.
    const std::string normalized = normalize_code(text);
    if (is_utf8(text)) {
        FUZZ_REQUIRE(normalize_code(normalized) == normalized);
    }

    check_identify(text);
    check_uscc(text);
    check_org_code(text);
    check_registration_no(text);
    check_citizen_id(text);
    check_date(text);
    (void)Date::parse_or_throw("2024-02-29", "a fixed date");
    return 0;
}
