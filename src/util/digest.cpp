#include "util/digest.hpp"

#include <openssl/evp.h>

#include <fmt/format.h>

#include "credcheck/error.hpp"

namespace credcheck {

std::string_view to_string(DigestAlgorithm a) noexcept { return a == DigestAlgorithm::sm3 ? "sm3" : "sha256"; }

std::optional<DigestAlgorithm> parse_digest_algorithm(std::string_view name) noexcept {
    if (name == "sm3") return DigestAlgorithm::sm3;
    if (name == "sha256") return DigestAlgorithm::sha256;
    return std::nullopt;
}

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

namespace credcheck {

std::string to_hex(const Digest& digest) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(2 * digest.size(), '0');
    for (std::size_t i = 0; i < digest.size(); ++i) {
        out[2 * i] = kHex[digest[i] >> 4];
        out[2 * i + 1] = kHex[digest[i] & 0xF];
    }
    return out;
}

struct Hasher::OpenSsl {
    EVP_MD* md = nullptr;
    EVP_MD_CTX* ctx = nullptr;
    ~OpenSsl() {
        EVP_MD_CTX_free(ctx);
        EVP_MD_free(md);
    }
};

Hasher::Hasher(DigestAlgorithm algorithm) : algorithm_(algorithm), ssl_(std::make_unique<OpenSsl>()) {
    ssl_->md = EVP_MD_fetch(nullptr, algorithm == DigestAlgorithm::sm3 ? "SM3" : "SHA256", nullptr);
    ssl_->ctx = EVP_MD_CTX_new();
    if (ssl_->md == nullptr || ssl_->ctx == nullptr || EVP_MD_get_size(ssl_->md) != static_cast<int>(Digest().size()))
        throw Error(Status::internal, fmt::format("OpenSSL has no {} digest", to_string(algorithm)));
    start();
}

Hasher::~Hasher() = default;

void Hasher::start() {
    if (EVP_DigestInit_ex2(ssl_->ctx, ssl_->md, nullptr) != 1) throw Error(Status::internal, fmt::format("{} failed in OpenSSL", to_string(algorithm_)));
}

Hasher& Hasher::update(std::string_view data) {
    if (EVP_DigestUpdate(ssl_->ctx, data.data(), data.size()) != 1)
        throw Error(Status::internal, fmt::format("{} failed in OpenSSL", to_string(algorithm_)));
    return *this;
}

Digest Hasher::finish() {
    Digest out{};
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(ssl_->ctx, out.data(), &length) != 1 || length != out.size())
        throw Error(Status::internal, fmt::format("{} failed in OpenSSL", to_string(algorithm_)));
    start();
    return out;
}

} // namespace credcheck
