// Message digests through OpenSSL 3, as lower-case hex: SHA-256 (catalog hashes) and SM3 (GB/T 32905,
// the national standard hash, for the audit chain).
#pragma once

#include <string>
#include <string_view>

namespace credcheck {

enum class DigestAlgorithm { sm3, sha256 };

std::string_view to_string(DigestAlgorithm) noexcept; // "sm3", "sha256"

/// The digest of `data`. Throws Error(internal) if OpenSSL cannot compute it.
std::string digest_hex(DigestAlgorithm algorithm, std::string_view data);

inline std::string sha256_hex(std::string_view data) { return digest_hex(DigestAlgorithm::sha256, data); }

} // namespace credcheck
