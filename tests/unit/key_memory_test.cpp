#include <doctest/doctest.h>

#include <iterator>
#include <string>

#include "store/key_memory.hpp"

using namespace credcheck::store;

TEST_CASE("codes pack into distinct keys, and what does not pack is not remembered") {
    CHECK(CodeMemory::pack("91420700MA0000007U").has_value());
    CHECK(CodeMemory::pack("420702195001010018").has_value());
    CHECK(CodeMemory::pack("1") != CodeMemory::pack("01"));
    CHECK(CodeMemory::pack("MA0000007") != CodeMemory::pack("MA000000"));
    CHECK(CodeMemory::pack("123456789") != CodeMemory::pack("1234567890"));
    CHECK_FALSE(CodeMemory::pack("").has_value());
    CHECK_FALSE(CodeMemory::pack("91420700MA0000007U1").has_value()); // 19 characters
    CHECK_FALSE(CodeMemory::pack("ma0000007").has_value());          // not canonical
    for (const char* code : {"1", "01", "MA0000007", "91420700MA0000007U", "420702195001010018", "42070219500101001X", "123456789012345"})
        CHECK(CodeMemory::unpack(*CodeMemory::pack(code)) == code);

    CodeMemory memory(100);
    memory.remember("ma0000007", CodeMemory::Owner{1, true});
    CHECK_FALSE(memory.find("ma0000007").has_value());
}

TEST_CASE("packed codes sort as their texts do") {
    const char* sorted[] = {"0", "00", "01", "1", "10", "123456789", "1234567890", "420702195001010018", "9", "91420700MA0000007U", "A", "MA0000007", "Z"};
    for (std::size_t i = 0; i + 1 < std::size(sorted); ++i) {
        CAPTURE(sorted[i]);
        CHECK(*CodeMemory::pack(sorted[i]) < *CodeMemory::pack(sorted[i + 1]));
        CHECK_FALSE(*CodeMemory::pack(sorted[i + 1]) < *CodeMemory::pack(sorted[i]));
    }
}

TEST_CASE("the code memory tells owners, primary codes and free codes apart") {
    CodeMemory memory(100);
    CHECK_FALSE(memory.find("MA0000007").has_value()); // unknown: ask the database
    memory.remember("MA0000007", std::nullopt);
    REQUIRE(memory.find("MA0000007").has_value());
    CHECK_FALSE(memory.find("MA0000007")->owner.has_value()); // known free
    memory.remember("MA0000007", CodeMemory::Owner{42, false});
    memory.remember("91420700MA0000007U", CodeMemory::Owner{42, true});
    CHECK(memory.find("MA0000007")->owner == CodeMemory::Owner{42, false});
    CHECK(memory.find("91420700MA0000007U")->owner == CodeMemory::Owner{42, true});
}

TEST_CASE("a complete code memory answers free for what it does not hold, until it must forget") {
    CodeMemory memory(3);
    memory.set_complete(true);
    memory.remember("1", CodeMemory::Owner{1, true});
    memory.remember("2", std::nullopt); // needs no entry
    CHECK(memory.size() == 1);
    REQUIRE(memory.find("3").has_value());
    CHECK_FALSE(memory.find("3")->owner.has_value());
    memory.remember("3", CodeMemory::Owner{3, true});
    memory.remember("4", CodeMemory::Owner{4, true});
    CHECK(memory.complete());
    memory.remember("5", CodeMemory::Owner{5, true}); // over the bound: everything forgotten
    CHECK_FALSE(memory.complete());
    CHECK_FALSE(memory.find("1").has_value());
    CHECK(memory.find("5")->owner == CodeMemory::Owner{5, true});

    CodeMemory other(10);
    other.set_complete(true);
    other.remember("1", CodeMemory::Owner{-1, true}); // not representable: no longer complete
    CHECK_FALSE(other.complete());
    CHECK_FALSE(other.find("1").has_value());
}

TEST_CASE("a key table keeps every entry as it grows, and forgets all at its bound") {
    KeyTable table(50'000);
    for (std::uint64_t i = 1; i <= 50'000; ++i) CHECK(table.put(Key128{i, i * 7}, static_cast<std::int64_t>(i)));
    CHECK(table.size() == 50'000);
    bool all_found = true;
    for (std::uint64_t i = 1; i <= 50'000; ++i) {
        const std::int64_t* v = table.find(Key128{i, i * 7});
        all_found &= v && *v == static_cast<std::int64_t>(i);
    }
    CHECK(all_found);
    CHECK(table.find(Key128{1, 8}) == nullptr);
    CHECK(table.put(Key128{1, 7}, 9)); // an update is no new entry
    CHECK(*table.find(Key128{1, 7}) == 9);
    CHECK_FALSE(table.put(Key128{50'001, 1}, 1));
    CHECK(table.size() == 1);
    CHECK(table.find(Key128{2, 14}) == nullptr);
}
