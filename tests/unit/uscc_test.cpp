#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "credcheck/uscc.hpp"
#include "test_support.hpp"
#include "util/tsv.hpp"

using namespace credcheck;

namespace {

struct Vector {
    std::string code;
    bool valid;
    std::string reason;
};

std::vector<Vector> load_vectors() {
    static const std::string text = test::read_file(test::data_path("uscc_vectors.tsv"));
    std::vector<Vector> out;
    tsv::for_each_row(text, [&](const auto& f, std::size_t) {
        if (f.size() < 3 || f[0] == "code") return;
        out.push_back({std::string(f[0]), f[1] == "1", std::string(f[2])});
    });
    return out;
}

std::string error_of(std::string_view code, UsccOptions options = {}) {
    const auto parsed = Uscc::parse(code, options);
    REQUIRE_FALSE(parsed.ok());
    return parsed.error().message;
}

} // namespace

TEST_CASE("every labelled vector gets its label in strict mode") {
    const auto vectors = load_vectors();
    REQUIRE(vectors.size() == 237);
    for (const auto& v : vectors) {
        CAPTURE(v.code);
        CAPTURE(v.reason);
        // Rows labelled [NORMALIZATION] are valid once normalised, and only then.
        if (v.reason.find("[NORMALIZATION]") != std::string::npos) {
            CHECK_FALSE(Uscc::parse(v.code).ok());
            CHECK(Uscc::parse(v.code, {UsccCheck::strict, Normalization::lenient}).ok() == v.valid);
            continue;
        }
        CHECK(Uscc::parse(v.code).ok() == v.valid);
        CHECK(Uscc::is_valid(v.code) == v.valid);
    }
}

TEST_CASE("vectors marked CHECKSUM-ONLY pass the check character but fail strict mode") {
    int seen = 0;
    for (const auto& v : load_vectors()) {
        if (v.reason.find("CHECKSUM-ONLY=1") == std::string::npos) continue;
        CAPTURE(v.code);
        ++seen;
        CHECK(Uscc::parse(v.code, {UsccCheck::check_character}).ok());
        CHECK(Uscc::is_valid(v.code, UsccCheck::check_character));
        CHECK_FALSE(Uscc::parse(v.code, {UsccCheck::strict}).ok());
    }
    CHECK(seen >= 4);
}

TEST_CASE("the standard's worked example parses into its parts") {
    const auto u = Uscc::parse("91350100M000100Y43").value();
    CHECK(u.str() == "91350100M000100Y43");
    CHECK(u.authority() == '9');
    CHECK(u.authority_name() == "工商（市场监管）");
    CHECK(u.category() == '1');
    CHECK(u.category_name() == "企业");
    CHECK(u.division_code() == "350100");
    CHECK(u.org_code().display() == "M000100Y-4");
    CHECK(u.check_character() == '3');
}

TEST_CASE("codes whose check character is 0 are valid") {
    for (const char* code : {"91420704MA00002770", "91340600MA2PBP2120", "92340603MA2UK1TD00"}) {
        CAPTURE(code);
        CHECK(Uscc::parse(code).ok());
        CHECK(Uscc::compute_check_character(std::string_view(code, 17)) == '0');
    }
}

TEST_CASE("invalid codes are refused with a diagnostic naming the position") {
    SUBCASE("wrong length") {
        CHECK(error_of("9135010") == "a unified social credit code has 7 characters, expected 18");
        CHECK(error_of("914207003524157") == "a unified social credit code has 15 characters, expected 18");
        CHECK(error_of("91350100M000100Y431").find("has 19 characters") != std::string::npos);
        CHECK(Uscc::parse("").error().position == 0);
    }
    SUBCASE("forbidden letters I, O, Z, S and V") {
        for (char letter : {'I', 'O', 'Z', 'S', 'V'}) {
            std::string code = "91350100M000100Y43";
            code[10] = letter;
            CAPTURE(code);
            const auto parsed = Uscc::parse(code);
            REQUIRE_FALSE(parsed.ok());
            CHECK(parsed.error().position == 11);
            CHECK(parsed.error().message.find(std::string("position 11: '") + letter + "' is not in the code alphabet") == 0);
        }
    }
    SUBCASE("wrong check character says which one was expected") {
        const auto parsed = Uscc::parse("91350100M000100Y44");
        CHECK(parsed.error().position == 18);
        CHECK(parsed.error().message == "check character is '4', expected '3'");
    }
    SUBCASE("the division code must be digits") {
        CHECK(error_of("9111000AMA0000007P").find("position 8: 'A' is not a digit") == 0);
    }
    SUBCASE("a category not used with its authority fails strict mode") {
        CHECK(error_of("94110000MA0000007X") ==
              "position 2: category '4' is not used with registration authority '9' (工商（市场监管）); expected one of 1, 2, 3");
        CHECK(error_of("Y2110000MA0000007E").find("position 2: category '2'") == 0);
    }
    SUBCASE("an unknown registration authority fails strict mode") {
        CHECK(error_of("B7320621MA1MRHG20G") == "position 1: 'B' is not a registration authority in use");
    }
    SUBCASE("a bad embedded organisation code fails strict mode") {
        const auto parsed = Uscc::parse("91310000631295002H");
        CHECK(parsed.error().position == 17);
        CHECK(parsed.error().message.find("embedded organisation code 63129500-2") == 0);
        CHECK(parsed.error().message.find("expected '1'") != std::string::npos);
        CHECK(Uscc::parse("91310000631295002H", {UsccCheck::check_character}).ok());
    }
    SUBCASE("the Fujian pilot codes fail the check character, with the expected one named") {
        CHECK(error_of("91350100M0001TGQXM") == "check character is 'M', expected '1'");
    }
}

TEST_CASE("normalisation is explicit") {
    const UsccOptions lenient{UsccCheck::strict, Normalization::lenient};
    SUBCASE("without it, lower case and separators are errors that suggest it") {
        CHECK(error_of("91350100m000100y43").find("(lower case; normalisation would upper-case it)") != std::string::npos);
        CHECK(error_of("913501-00M000100Y4").find("normalisation would drop it") != std::string::npos);
    }
    SUBCASE("with it, spaces, hyphens, case and full-width characters are folded") {
        for (const char* text : {" 91350100m000100y43 ", "9135-0100-M000-100Y-43", "9135 0100 M000 100Y 43",
                                 "９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43\t", "\xE3\x80\x80" "91350100M000100Y43"}) {
            CAPTURE(text);
            const auto parsed = Uscc::parse(text, lenient);
            REQUIRE(parsed.ok());
            CHECK(parsed->str() == "91350100M000100Y43");
        }
    }
    SUBCASE("a full-width character without normalisation is named as such") {
        CHECK(error_of("91350100M000100Y4３").find("position 18: full-width '３' (normalisation would fold it to '3')") == 0);
    }
    SUBCASE("normalisation does not guess: O stays O") {
        CHECK(error_of("91350100MOOO100Y43", lenient).find("position 10: 'O'") == 0);
    }
}

TEST_CASE("the authority table is data and names every pair in use") {
    CHECK(uscc_authority_name('5') == "民政");
    CHECK(uscc_category_name('5', '3') == "基金会");
    CHECK(uscc_category_name('N', '2') == "村级集体经济组织");
    CHECK(uscc_category_name('9', '4').empty());
    CHECK(uscc_authority_name('B').empty());
    CHECK(uscc_authority_name('\xFF').empty());
}

TEST_CASE("is_valid agrees with parse on malformed input") {
    for (const char* text : {"", "91350100M000100Y4", "91350100M000100Y43 ", "91350100m000100y43", "9135010AM000100Y43",
                             "\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF"}) {
        CAPTURE(text);
        CHECK(Uscc::is_valid(text) == Uscc::parse(text).ok());
    }
    CHECK(Uscc::compute_check_character("short") == '\0');
    CHECK(Uscc::compute_check_character("91350100M000100YI") == '\0');
}
