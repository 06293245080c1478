#include "util/keyed_digest.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <fmt/format.h>

#include "credcheck/error.hpp"

namespace credcheck {

struct KeyedDigest::OpenSsl {
    EVP_MAC* mac = nullptr;
    EVP_MAC_CTX* ctx = nullptr; // keyed once; each message is computed on a copy
    ~OpenSsl() {
        EVP_MAC_CTX_free(ctx);
        EVP_MAC_free(mac);
    }
};

KeyedDigest::KeyedDigest(std::string_view key) : ssl_(std::make_unique<OpenSsl>()) {
    if (key.size() < 16) throw Error(Status::invalid_argument, fmt::format("an HMAC-SM3 key of {} bytes is too short (16 at least)", key.size()));
    ssl_->mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    ssl_->ctx = ssl_->mac ? EVP_MAC_CTX_new(ssl_->mac) : nullptr;
    char digest_name[] = "SM3";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0), OSSL_PARAM_construct_end()};
    if (ssl_->ctx == nullptr ||
        EVP_MAC_init(ssl_->ctx, reinterpret_cast<const unsigned char*>(key.data()), key.size(), params) != 1)
        throw Error(Status::internal, "OpenSSL has no HMAC-SM3");
}

KeyedDigest::~KeyedDigest() = default;

Digest KeyedDigest::mac(std::string_view message) const {
    const std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> ctx(EVP_MAC_CTX_dup(ssl_->ctx), &EVP_MAC_CTX_free);
    Digest out{};
    std::size_t length = 0;
    if (!ctx || EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1 ||
        EVP_MAC_final(ctx.get(), out.data(), &length, out.size()) != 1 || length != out.size())
        throw Error(Status::internal, "HMAC-SM3 failed in OpenSSL");
    return out;
}

std::string random_bytes(std::size_t n) {
    std::string out(n, '\0');
    if (n > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1)
        throw Error(Status::internal, "OpenSSL's random generator gave no bytes");
    return out;
}

std::string hex_of(std::string_view bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(2 * bytes.size(), '0');
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const auto b = static_cast<unsigned char>(bytes[i]);
        out[2 * i] = kHex[b >> 4];
        out[2 * i + 1] = kHex[b & 0xF];
    }
    return out;
}

std::string bytes_of_hex(std::string_view hex, std::string_view what) {
    const auto nibble = [&](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        throw Error(Status::invalid_argument, fmt::format("{} is not lower-case hex", what));
    };
    if (hex.size() % 2 != 0) throw Error(Status::invalid_argument, fmt::format("{} is not lower-case hex (odd length)", what));
    std::string out(hex.size() / 2, '\0');
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<char>(nibble(hex[2 * i]) * 16 + nibble(hex[2 * i + 1]));
    return out;
}

} // namespace credcheck
