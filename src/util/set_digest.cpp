#include "util/set_digest.hpp"

#include <openssl/evp.h>

#include <cstring>
#include <exception>
#include <thread>
#include <fmt/format.h>

#include "credcheck/error.hpp"

namespace credcheck {

struct SetDigest::Cipher {
    EVP_CIPHER* sm4 = nullptr;
    EVP_CIPHER_CTX* ctx = nullptr;
    Cipher() {
        sm4 = EVP_CIPHER_fetch(nullptr, "SM4-CTR", nullptr);
        ctx = EVP_CIPHER_CTX_new();
        if (sm4 == nullptr || ctx == nullptr) {
            release();
            throw Error(Status::internal, "OpenSSL has no SM4-CTR");
        }
    }
    ~Cipher() { release(); }
    void release() noexcept {
        EVP_CIPHER_CTX_free(ctx);
        EVP_CIPHER_free(sm4);
        ctx = nullptr;
        sm4 = nullptr;
    }
};

SetDigest::SetDigest() = default;
SetDigest::~SetDigest() = default;
SetDigest::SetDigest(SetDigest&&) noexcept = default;
SetDigest& SetDigest::operator=(SetDigest&&) noexcept = default;

SetDigest SetDigest::from_state(std::string_view bytes, std::string_view what) {
    if (bytes.size() != kStateBytes)
        throw Error(Status::invalid_argument, fmt::format("{} holds {} bytes, not a {}-byte set digest state", what, bytes.size(), kStateBytes));
    SetDigest out;
    out.add_state(bytes);
    return out;
}

void SetDigest::expand(const Digest& element) {
    if (!cipher_) cipher_ = std::make_unique<Cipher>();
    static const std::array<unsigned char, kStateBytes> kZeros{};
    std::array<unsigned char, kStateBytes> stream{};
    int length = 0;
    if (EVP_EncryptInit_ex2(cipher_->ctx, cipher_->sm4, element.data(), element.data() + 16, nullptr) != 1 ||
        EVP_EncryptUpdate(cipher_->ctx, stream.data(), &length, kZeros.data(), static_cast<int>(kZeros.size())) != 1 ||
        length != static_cast<int>(kStateBytes))
        throw Error(Status::internal, "SM4-CTR failed in OpenSSL");
    for (std::size_t i = 0; i < kLanes; ++i)
        scratch_[i] = static_cast<std::uint16_t>(stream[2 * i] | (static_cast<unsigned>(stream[2 * i + 1]) << 8));
}

void SetDigest::add(const Digest& element) {
    expand(element);
    for (std::size_t i = 0; i < kLanes; ++i) lanes_[i] = static_cast<std::uint16_t>(lanes_[i] + scratch_[i]);
}

void SetDigest::remove(const Digest& element) {
    expand(element);
    for (std::size_t i = 0; i < kLanes; ++i) lanes_[i] = static_cast<std::uint16_t>(lanes_[i] - scratch_[i]);
}

void SetDigest::sum_into(std::span<const Digest> elements, std::array<std::uint16_t, kLanes>& sum) {
    for (const Digest& e : elements) {
        expand(e);
        for (std::size_t i = 0; i < kLanes; ++i) sum[i] = static_cast<std::uint16_t>(sum[i] + scratch_[i]);
    }
}

void SetDigest::combine(std::span<const Digest> elements, unsigned threads, bool subtract) {
    std::array<std::uint16_t, kLanes> total{};
    constexpr std::size_t kPerThread = 256; // below this a thread costs more than it saves
    if (threads < 2 || elements.size() < 2 * kPerThread) {
        sum_into(elements, total);
    } else {
        const std::size_t half = elements.size() / 2;
        std::array<std::uint16_t, kLanes> other{};
        std::exception_ptr failure;
        {
            std::jthread helper([&] {
                try {
                    SetDigest worker; // its own cipher context
                    worker.sum_into(elements.subspan(half), other);
                } catch (...) {
                    failure = std::current_exception();
                }
            });
            sum_into(elements.first(half), total);
        }
        if (failure) std::rethrow_exception(failure);
        for (std::size_t i = 0; i < kLanes; ++i) total[i] = static_cast<std::uint16_t>(total[i] + other[i]);
    }
    for (std::size_t i = 0; i < kLanes; ++i) lanes_[i] = static_cast<std::uint16_t>(subtract ? lanes_[i] - total[i] : lanes_[i] + total[i]);
}

void SetDigest::add_all(std::span<const Digest> elements, unsigned threads) { combine(elements, threads, false); }
void SetDigest::remove_all(std::span<const Digest> elements, unsigned threads) { combine(elements, threads, true); }

namespace {
std::uint16_t lane_of(std::string_view bytes, std::size_t i) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(bytes[2 * i]) | (static_cast<unsigned>(static_cast<unsigned char>(bytes[2 * i + 1])) << 8));
}
} // namespace

void SetDigest::add_state(std::string_view bytes) {
    if (bytes.size() != kStateBytes) throw Error(Status::internal, "a set digest state of the wrong size");
    for (std::size_t i = 0; i < kLanes; ++i) lanes_[i] = static_cast<std::uint16_t>(lanes_[i] + lane_of(bytes, i));
}

void SetDigest::subtract_state(std::string_view bytes) {
    if (bytes.size() != kStateBytes) throw Error(Status::internal, "a set digest state of the wrong size");
    for (std::size_t i = 0; i < kLanes; ++i) lanes_[i] = static_cast<std::uint16_t>(lanes_[i] - lane_of(bytes, i));
}

std::string SetDigest::state() const {
    std::string out(kStateBytes, '\0');
    for (std::size_t i = 0; i < kLanes; ++i) {
        out[2 * i] = static_cast<char>(lanes_[i] & 0xFF);
        out[2 * i + 1] = static_cast<char>(lanes_[i] >> 8);
    }
    return out;
}

std::string SetDigest::summary_hex() const { return digest_hex(DigestAlgorithm::sm3, state()); }

} // namespace credcheck
