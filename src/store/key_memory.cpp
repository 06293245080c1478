#include "store/key_memory.hpp"

#include <algorithm>
#include <limits>

namespace credcheck::store {

namespace {

constexpr std::size_t kInitialSlots = 1 << 12;

// A table is at most three quarters full: linear probing stays short.
constexpr std::size_t max_fill(std::size_t slots) noexcept { return slots / 4 * 3; }

std::uint64_t mix(std::uint64_t x) noexcept { // splitmix64's finaliser
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

} // namespace

KeyTable::KeyTable(std::size_t max_entries) : max_entries_(std::max<std::size_t>(max_entries, 1)) {}

std::size_t KeyTable::slot_of(Key128 key) const noexcept {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = mix(key.high ^ mix(key.low)) & mask;
    while (slots_[i].key != key && slots_[i].key != Key128{}) i = (i + 1) & mask;
    return i;
}

const std::int64_t* KeyTable::find(Key128 key) const noexcept {
    if (slots_.empty()) return nullptr;
    const Slot& slot = slots_[slot_of(key)];
    return slot.key == key ? &slot.value : nullptr;
}

bool KeyTable::put(Key128 key, std::int64_t value) {
    if (!slots_.empty()) {
        if (Slot& slot = slots_[slot_of(key)]; slot.key == key) {
            slot.value = value;
            return true;
        }
    }
    bool kept = true;
    if (size_ >= max_entries_) {
        clear(); // a cache: forgetting everything is simpler and as good as evicting some
        kept = false;
    }
    if (slots_.empty() || size_ + 1 > max_fill(slots_.size())) grow();
    slots_[slot_of(key)] = Slot{key, value};
    ++size_;
    return kept;
}

void KeyTable::grow() {
    std::vector<Slot> old(std::max(kInitialSlots, slots_.size() * 2));
    old.swap(slots_);
    for (const Slot& s : old)
        if (s.key != Key128{}) slots_[slot_of(s.key)] = s;
}

void KeyTable::clear() noexcept {
    std::fill(slots_.begin(), slots_.end(), Slot{});
    size_ = 0;
}

namespace {
constexpr std::size_t kMaxCodeLength = 18; // the longest identifiers: USCC and ID numbers
constexpr std::size_t kPerWord = kMaxCodeLength / 2;
constexpr std::string_view kCodeAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
} // namespace

std::optional<Key128> CodeMemory::pack(std::string_view code) noexcept {
    // Left-aligned, six bits a character, 0 for "no character": keys compare as the texts do
    // (a prefix first), which lets the writer insert codes in index order.
    if (code.empty() || code.size() > kMaxCodeLength) return std::nullopt;
    Key128 key;
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        std::uint64_t v = 0;
        if (c >= '0' && c <= '9') v = 1 + static_cast<std::uint64_t>(c - '0');
        else if (c >= 'A' && c <= 'Z') v = 11 + static_cast<std::uint64_t>(c - 'A');
        else return std::nullopt;
        std::uint64_t& word = i < kPerWord ? key.high : key.low;
        word |= v << (6 * (kPerWord - 1 - i % kPerWord));
    }
    return key;
}

std::string CodeMemory::unpack(Key128 key) {
    std::string code;
    for (std::size_t i = 0; i < kMaxCodeLength; ++i) {
        const std::uint64_t word = i < kPerWord ? key.high : key.low;
        const std::uint64_t v = word >> (6 * (kPerWord - 1 - i % kPerWord)) & 63;
        if (v == 0 || v > kCodeAlphabet.size()) break;
        code += kCodeAlphabet[v - 1];
    }
    return code;
}

bool operator<(const Key128& a, const Key128& b) noexcept { return a.high != b.high ? a.high < b.high : a.low < b.low; }

namespace {
// Values: 0 for a free code, else subject * 2 + primary (subject ids are positive rowids).
constexpr std::int64_t kFree = 0;
constexpr std::int64_t kMaxSubject = std::numeric_limits<std::int64_t>::max() / 2;
} // namespace

std::optional<CodeMemory::Known> CodeMemory::find(std::string_view code) const noexcept {
    const auto key = pack(code);
    if (!key) return std::nullopt;
    const std::int64_t* value = table_.find(*key);
    if (!value) {
        if (complete_) return Known{}; // every code of the database is here: this one is free
        return std::nullopt;
    }
    if (*value == kFree) return Known{};
    return Known{Owner{*value / 2, *value % 2 == 1}};
}

void CodeMemory::remember(std::string_view code, std::optional<Owner> owner) {
    const auto key = pack(code);
    if (!key) return; // never looked up in memory either
    if (owner && (owner->subject <= 0 || owner->subject > kMaxSubject)) {
        complete_ = false; // cannot be represented, so the memory no longer holds every code
        return;
    }
    if (!owner && complete_) return; // a free code needs no entry in a complete memory
    const std::int64_t value = owner ? owner->subject * 2 + (owner->primary ? 1 : 0) : kFree;
    if (!table_.put(*key, value)) complete_ = false;
}

void CodeMemory::clear() noexcept {
    table_.clear();
    complete_ = false;
}

} // namespace credcheck::store
