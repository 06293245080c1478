#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "credcheck/org_code.hpp"
#include "credcheck/uscc.hpp"

using namespace credcheck;

TEST_CASE("the standard's worked example parses with or without its hyphen") {
    for (const char* text : {"D2143569-X", "D2143569X"}) {
        CAPTURE(text);
        const auto org = OrgCode::parse(text);
        REQUIRE(org.ok());
        CHECK(org->str() == "D2143569X");
        CHECK(org->display() == "D2143569-X");
        CHECK(org->check_character() == 'X');
    }
    CHECK(OrgCode::compute_check_character("D2143569") == 'X');
}

TEST_CASE("a check value of 11 maps to 0 and of 10 to X") {
    CHECK(OrgCode::parse("19220382-1").ok());
    // Body chosen so that 11 - (sum mod 11) == 11.
    for (int i = 0; i < 100000; ++i) {
        char body[9];
        std::snprintf(body, sizeof body, "%08d", i);
        if (OrgCode::compute_check_character(body) == '0') {
            CHECK(OrgCode::parse(std::string(body) + "0").ok());
            break;
        }
    }
}

TEST_CASE("bad organisation codes are refused with the reason") {
    SUBCASE("wrong check character") {
        const auto org = OrgCode::parse("D2143569-1");
        REQUIRE_FALSE(org.ok());
        CHECK(org.error().position == 9);
        CHECK(org.error().message == "check character is '1', expected 'X'");
    }
    SUBCASE("wrong length") {
        CHECK(OrgCode::parse("D214356X").error().message == "an organisation code (without its hyphen) has 8 characters, expected 9");
        CHECK(OrgCode::parse("D214356-X").error().message.find("position 8: '-'") == 0);
    }
    SUBCASE("a letter as check character other than X") { CHECK(OrgCode::parse("D2143569-A").error().position == 9); }
    SUBCASE("punctuation in the body") { CHECK(OrgCode::parse("D21#3569-X").error().message.find("position 4: '#'") == 0); }
    SUBCASE("lower case only with normalisation") {
        CHECK_FALSE(OrgCode::parse("d2143569-x").ok());
        CHECK(OrgCode::parse("d2143569-x", Normalization::lenient).ok());
    }
}

TEST_CASE("an organisation code converts to the USCC it is issued with and back") {
    const auto org = OrgCode::parse("19220382-1").value();
    const auto uscc = org.to_uscc('9', '1', "440300");
    REQUIRE(uscc.ok());
    CHECK(uscc->str() == "914403001922038216"); // 华为技术有限公司
    CHECK(uscc->org_code() == org);
    CHECK(Uscc::parse("91350100M000100Y43")->org_code().str() == "M000100Y4");
}

TEST_CASE("conversion refuses what GB 32100 cannot carry") {
    const auto org = OrgCode::parse("19220382-1").value();
    SUBCASE("an authority/category pair not in use") {
        CHECK(org.to_uscc('9', '4', "440300").error().message.find("not a pair in use") != std::string::npos);
    }
    SUBCASE("a division that is not six digits") {
        CHECK(org.to_uscc('9', '1', "4403").error().message.find("not six digits") != std::string::npos);
        CHECK_FALSE(org.to_uscc('9', '1', "44030A").ok());
    }
    SUBCASE("a body letter outside the USCC alphabet") {
        const char check = OrgCode::compute_check_character("IOZ12345");
        const auto with_i = OrgCode::parse(std::string("IOZ12345") + check).value();
        const auto converted = with_i.to_uscc('9', '1', "420704");
        REQUIRE_FALSE(converted.ok());
        CHECK(converted.error().message.find("position 1: 'I' is outside the USCC alphabet") == 0);
    }
}
