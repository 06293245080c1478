#include "util/sha256.hpp"

#include <openssl/evp.h>

#include <fmt/format.h>

#include "credcheck/error.hpp"

namespace credcheck {

std::string sha256_hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1)
        throw Error(Status::internal, "SHA-256 failed in OpenSSL");
    std::string out;
    out.reserve(2 * length);
    for (unsigned int i = 0; i < length; ++i) out += fmt::format("{:02x}", digest[i]);
    return out;
}

} // namespace credcheck
