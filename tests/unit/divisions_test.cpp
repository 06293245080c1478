#include <doctest/doctest.h>

#include <string>

#include "credcheck/divisions.hpp"

using credcheck::division_name;

TEST_CASE("division names are composed province first") {
    CHECK(division_name("420000") == "湖北省");
    CHECK(division_name("420700") == "湖北省鄂州市");
    CHECK(division_name("420704") == "湖北省鄂州市鄂城区");
    CHECK(division_name("420702") == "湖北省鄂州市梁子湖区");
    CHECK(division_name("420703") == "湖北省鄂州市华容区");
    CHECK(division_name("422801") == "湖北省恩施土家族苗族自治州恩施市");
}

TEST_CASE("grouping levels marked in the data are left out of full names") {
    CHECK(division_name("429004") == "湖北省仙桃市");
}

TEST_CASE("unknown and abolished divisions are information, never errors") {
    CHECK(division_name("120222") == "天津市");     // abolished county: the province still names it
    CHECK(division_name("320621") == "江苏省");
    CHECK(division_name("100000") == "国家级");     // national-level registration
    CHECK_FALSE(division_name("990000").has_value()); // no such province
    CHECK_FALSE(division_name("4207").has_value());
    CHECK_FALSE(division_name("42070A").has_value());
}

TEST_CASE("every province prefix has a name") {
    for (const char* prefix : {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
                               "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82"}) {
        CAPTURE(prefix);
        CHECK(division_name(std::string(prefix) + "0000").has_value());
    }
}
