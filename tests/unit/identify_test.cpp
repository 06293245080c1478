#include <doctest/doctest.h>

#include "credcheck/identify.hpp"

using namespace credcheck;

namespace {
Identification id_of(std::string_view text) {
    IdentifyOptions options;
    options.born_not_after = *Date::from_ymd(2026, 11, 28);
    return identify(text, options);
}
} // namespace

TEST_CASE("identify recognises each kind by shape and checks") {
    CHECK(id_of("91350100M000100Y43").kind() == IdentifierKind::uscc);
    CHECK(id_of("121200004013590816").kind() == IdentifierKind::uscc); // an all-digit USCC
    CHECK(id_of("11010519491231002X").kind() == IdentifierKind::citizen_id);
    CHECK(id_of("440524188001010014").kind() == IdentifierKind::citizen_id);
    CHECK(id_of("D2143569-X").kind() == IdentifierKind::org_code);
    CHECK(id_of("D2143569X").kind() == IdentifierKind::org_code);
    CHECK(id_of("110108000000016").kind() == IdentifierKind::registration_no);
    const auto legacy = id_of("150102880730303");
    CHECK(legacy.kind() == IdentifierKind::citizen_id);
    CHECK(legacy.normalized() == "150102198807303035");
}

TEST_CASE("identify normalises by default and reports the canonical text") {
    const auto id = id_of(" ９１３５０１００ｍ０００１００ｙ４３ ");
    REQUIRE(id.ok());
    CHECK(id.normalized() == "91350100M000100Y43");
    CHECK(id_of("d2143569-x").normalized() == "D2143569X");
}

TEST_CASE("identify says why a string is none, in the words of the kind it resembles") {
    SUBCASE("an ID-shaped string with a bad date") {
        const auto id = id_of("420704202802301237");
        CHECK_FALSE(id.ok());
        CHECK(id.kind() == IdentifierKind::none);
        CHECK(id.closest_kind() == IdentifierKind::citizen_id);
        CHECK(id.error()->message.find("birth date") != std::string::npos);
    }
    SUBCASE("a code-shaped string with a bad check character") {
        const auto id = id_of("91350100M000100Y44");
        CHECK(id.closest_kind() == IdentifierKind::uscc);
        CHECK(id.error()->message == "check character is '4', expected '3'");
    }
    SUBCASE("a 15-digit number that is neither") {
        const auto id = id_of("110108000000017");
        CHECK(id.closest_kind() == IdentifierKind::registration_no);
        // 15 digits may be a registration number or a tax registration number (division + organisation code).
        CHECK(id.error()->message == "as a registration number: check digit is '7', expected '6'; as a tax registration number: the "
                                     "organisation code in it: check character is '7', expected '9'");
    }
    SUBCASE("a bad organisation code") { CHECK(id_of("D2143569-1").closest_kind() == IdentifierKind::org_code); }
    SUBCASE("a string of no known length") {
        const auto id = id_of("12345");
        CHECK(id.closest_kind() == IdentifierKind::none);
        CHECK(id.error()->message.find("has 5 characters") == 0);
        CHECK(id_of("").error()->message.find("has 0 characters") == 0);
    }
    SUBCASE("strict mode is the default; check-character mode is a choice") {
        CHECK_FALSE(id_of("94110000MA0000007X").ok());
        IdentifyOptions loose;
        loose.uscc_check = UsccCheck::check_character;
        CHECK(identify("94110000MA0000007X", loose).ok());
    }
}

TEST_CASE("kind names are the stable strings of the JSON and the C ABI") {
    CHECK(identifier_kind_name(IdentifierKind::uscc) == "uscc");
    CHECK(identifier_kind_name(IdentifierKind::org_code) == "org_code");
    CHECK(identifier_kind_name(IdentifierKind::registration_no) == "registration_no");
    CHECK(identifier_kind_name(IdentifierKind::citizen_id) == "citizen_id");
    CHECK(identifier_kind_name(IdentifierKind::none) == "none");
}
