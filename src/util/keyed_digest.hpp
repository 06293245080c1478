// HMAC-SM3 (GB/T 32905 in RFC 2104's construction) through OpenSSL 3's EVP_MAC, and random bytes from
// OpenSSL's generator: the keyed digest a replica finds a natural person by (feed/projection), without
// holding the ID number itself.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <memory>
#include <string>
#include <string_view>

#include "util/digest.hpp"

namespace credcheck {

/// HMAC-SM3 under one key, reusable for many messages (one MAC context fetched once).
class KeyedDigest {
public:
    /// Error(invalid_argument) for a key shorter than 16 bytes; Error(internal) if OpenSSL has no HMAC-SM3.
    explicit KeyedDigest(std::string_view key);
    ~KeyedDigest();
    KeyedDigest(const KeyedDigest&) = delete;
    KeyedDigest& operator=(const KeyedDigest&) = delete;

    Digest mac(std::string_view message) const;
    std::string mac_hex(std::string_view message) const { return to_hex(mac(message)); }

private:
    struct OpenSsl;
    std::unique_ptr<OpenSsl> ssl_;
};

/// `n` bytes from OpenSSL's CSPRNG. Error(internal) when it cannot give them.
std::string random_bytes(std::size_t n);

/// Lower-case hex of arbitrary bytes, and back (Error(invalid_argument) naming `what` for bad hex).
std::string hex_of(std::string_view bytes);
std::string bytes_of_hex(std::string_view hex, std::string_view what);

} // namespace credcheck
