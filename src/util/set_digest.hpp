// A digest of a multiset that follows additions and removals one element at a time, so that the digest
// of a whole replicated database is kept current at the cost of the rows that change, not of the
// database: LtHash with 1024 lanes of 16 bits (Lewi, Kim, Maykov, Weis: "Securing Update Propagation
// with Homomorphic Hashing", 2019 — the construction Facebook uses to check replicated data). Each
// element is given as its SM3 digest; the digest is expanded to 2048 bytes with SM4-CTR (key: its
// first 16 bytes, IV: the last 16), read as 1024 little-endian 16-bit lanes, and the multiset's state
// is the lane-wise sum modulo 2^16 of its elements' expansions. Adding and removing commute, so any
// order of changes that leads to the same multiset gives the same state; finding two multisets with
// one state is a short-integer-solution lattice problem at this size (the paper estimates over 200 bits
// of security). Only 国密 primitives (SM3, SM4).
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "util/digest.hpp"

namespace credcheck {

class SetDigest {
public:
    static constexpr std::size_t kLanes = 1024;
    static constexpr std::size_t kStateBytes = 2 * kLanes;

    /// The empty multiset.
    SetDigest();
    /// A state saved with state(); Error(invalid_argument) naming `what` unless it has kStateBytes bytes.
    static SetDigest from_state(std::string_view bytes, std::string_view what);
    ~SetDigest();
    SetDigest(SetDigest&&) noexcept;
    SetDigest& operator=(SetDigest&&) noexcept;

    void add(const Digest& element);
    void remove(const Digest& element);
    /// Many elements at once: the expansions run on up to `threads` threads (the SM4 keystream is most
    /// of the cost: about 17 µs an element on one core).
    void add_all(std::span<const Digest> elements, unsigned threads = 2);
    void remove_all(std::span<const Digest> elements, unsigned threads = 2);
    /// Adds (or removes) every element of another multiset: its saved state.
    void add_state(std::string_view bytes);
    void subtract_state(std::string_view bytes);

    /// The 2048-byte state, little-endian lanes (what a publisher and a replica keep).
    std::string state() const;
    /// SM3 of the state, lower-case hex: what a manifest carries.
    std::string summary_hex() const;

    friend bool operator==(const SetDigest& a, const SetDigest& b) noexcept { return a.lanes_ == b.lanes_; }

private:
    void expand(const Digest& element);
    /// The lane-wise sum of the elements' expansions (on this object's cipher).
    void sum_into(std::span<const Digest> elements, std::array<std::uint16_t, kLanes>& sum);
    void combine(std::span<const Digest> elements, unsigned threads, bool subtract);
    std::array<std::uint16_t, kLanes> lanes_{};
    std::array<std::uint16_t, kLanes> scratch_{};
    struct Cipher;
    std::unique_ptr<Cipher> cipher_; // made on first use
};

} // namespace credcheck
