#include <doctest/doctest.h>

#include "credcheck/registration_no.hpp"

using namespace credcheck;

TEST_CASE("a registration number with the right MOD 11,10 check digit is valid") {
    const auto r = RegistrationNo::parse("110108000000016");
    REQUIRE(r.ok());
    CHECK(r->str() == "110108000000016");
    CHECK(r->authority_code() == "110108");
    CHECK(RegistrationNo::compute_check_digit("11010800000001") == '6');
}

TEST_CASE("a registration number is refused with the reason") {
    SUBCASE("wrong check digit") {
        const auto r = RegistrationNo::parse("110108000000017");
        CHECK(r.error().position == 15);
        CHECK(r.error().message == "check digit is '7', expected '6'");
    }
    SUBCASE("a letter") { CHECK(RegistrationNo::parse("11010800000001A").error().message.find("position 15: 'A' is not a digit") == 0); }
    SUBCASE("wrong length") { CHECK(RegistrationNo::parse("1101080000000").error().position == 0); }
    SUBCASE("not digits for the computation") { CHECK(RegistrationNo::compute_check_digit("1101080000000X") == '\0'); }
    SUBCASE("normalisation drops spaces") { CHECK(RegistrationNo::parse(" 110108 000000016", Normalization::lenient).ok()); }
}
