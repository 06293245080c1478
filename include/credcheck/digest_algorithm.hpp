// credcheck/digest_algorithm.hpp — the hashes credcheck chains its audit trail with.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <optional>
#include <string_view>

namespace credcheck {

/// SM3 (GB/T 32905, the national standard hash: the default) or SHA-256.
enum class DigestAlgorithm { sm3, sha256 };

std::string_view to_string(DigestAlgorithm) noexcept; // "sm3", "sha256"
std::optional<DigestAlgorithm> parse_digest_algorithm(std::string_view name) noexcept;

} // namespace credcheck
