// Message digests through OpenSSL 3, as lower-case hex: SHA-256 (catalog hashes) and SM3 (GB/T 32905,
// the national standard hash, for the audit chain).
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "credcheck/digest_algorithm.hpp"

namespace credcheck {

/// The digest of `data`. Throws Error(internal) if OpenSSL cannot compute it.
std::string digest_hex(DigestAlgorithm algorithm, std::string_view data);

inline std::string sha256_hex(std::string_view data) { return digest_hex(DigestAlgorithm::sha256, data); }

/// Both algorithms give 32 bytes.
using Digest = std::array<std::uint8_t, 32>;

std::string to_hex(const Digest& digest);

/// A digest computed piece by piece, reusable: one OpenSSL context and algorithm fetched once, for
/// hashing many small messages (a row image per row written) without a fetch or allocation each.
class Hasher {
public:
    explicit Hasher(DigestAlgorithm algorithm);
    ~Hasher();
    Hasher(const Hasher&) = delete;
    Hasher& operator=(const Hasher&) = delete;

    DigestAlgorithm algorithm() const noexcept { return algorithm_; }
    Hasher& update(std::string_view data);
    /// The digest of everything given since the last finish(), which starts a new message.
    Digest finish();

private:
    void start();
    DigestAlgorithm algorithm_;
    struct OpenSsl;
    std::unique_ptr<OpenSsl> ssl_;
};

} // namespace credcheck
