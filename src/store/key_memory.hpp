// Compact memories for the bulk writer: what it has learnt about codes and relations, kept in flat
// open-addressing tables of fixed-size keys so that a million entries cost tens of megabytes, not the
// hundreds a node-based map of strings would, and a lookup costs no allocation.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credcheck/model.hpp"

namespace credcheck::store {

/// A 128-bit key; {0, 0} is reserved for empty slots.
struct Key128 {
    std::uint64_t high = 0;
    std::uint64_t low = 0;
    bool operator==(const Key128&) const = default;
};
/// Packed codes (CodeMemory::pack) compare as their texts do.
bool operator<(const Key128& a, const Key128& b) noexcept;

/// Maps Key128 to a non-negative integer, bounded: when `max_entries` is reached it forgets
/// everything (callers treat it as a cache). Grows by doubling, so a small import stays small.
class KeyTable {
public:
    explicit KeyTable(std::size_t max_entries);

    const std::int64_t* find(Key128 key) const noexcept;
    /// Sets the value of `key`. Returns false when the table was full and had to be emptied first.
    bool put(Key128 key, std::int64_t value);
    void clear() noexcept;
    std::size_t size() const noexcept { return size_; }
    std::size_t max_entries() const noexcept { return max_entries_; }

private:
    struct Slot {
        Key128 key;
        std::int64_t value = 0;
    };
    std::size_t slot_of(Key128 key) const noexcept;
    void grow();

    std::vector<Slot> slots_;
    std::size_t size_ = 0;
    std::size_t max_entries_;
};

/// Which subject owns a code, and whether it is that subject's primary code, or that the code is free.
/// Codes are canonical identifiers (digits and capital letters, at most 18), packed six bits a
/// character into a Key128; a code that does not pack is simply never remembered.
class CodeMemory {
public:
    struct Owner {
        SubjectId subject = 0;
        bool primary = false;
        bool operator==(const Owner&) const = default;
    };
    /// What is known of a code: nothing (ask the database), free, or its owner.
    struct Known {
        std::optional<Owner> owner; // nullopt: free
    };

    explicit CodeMemory(std::size_t max_entries) : table_(max_entries) {}

    std::optional<Known> find(std::string_view code) const noexcept;
    void remember(std::string_view code, std::optional<Owner> owner);

    /// Complete: the memory holds every code in the database, so a code it does not know is free.
    /// Only the writer that establishes this may add codes while it holds (it must remember each).
    bool complete() const noexcept { return complete_; }
    void set_complete(bool complete) noexcept { complete_ = complete; }
    void clear() noexcept;
    std::size_t size() const noexcept { return table_.size(); }
    std::size_t max_entries() const noexcept { return table_.max_entries(); }

    static std::optional<Key128> pack(std::string_view code) noexcept;
    static std::string unpack(Key128 key);

private:
    KeyTable table_;
    bool complete_ = false;
};

} // namespace credcheck::store
