#include "util/digest.hpp"

#include <openssl/evp.h>

#include <fmt/format.h>

#include "credcheck/error.hpp"

namespace credcheck {

std::string_view to_string(DigestAlgorithm a) noexcept { return a == DigestAlgorithm::sm3 ? "sm3" : "sha256"; }

std::string digest_hex(DigestAlgorithm algorithm, std::string_view data) {
    const EVP_MD* md = algorithm == DigestAlgorithm::sm3 ? EVP_sm3() : EVP_sha256();
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (md == nullptr || EVP_Digest(data.data(), data.size(), digest, &length, md, nullptr) != 1)
        throw Error(Status::internal, fmt::format("{} failed in OpenSSL", to_string(algorithm)));
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(2 * length, '0');
    for (unsigned int i = 0; i < length; ++i) {
        out[2 * i] = kHex[digest[i] >> 4];
        out[2 * i + 1] = kHex[digest[i] & 0xF];
    }
    return out;
}

} // namespace credcheck
