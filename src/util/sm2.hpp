// SM2 signing keys (GB/T 32918) through OpenSSL 3: generate, read and write PEM, sign and verify
// with SM3 and the standard default distinguishing ID (GB/T 35276: "1234567812345678").
//
// OpenSSL 3.0 reads an SM2 key from PEM — its own `genpkey -algorithm SM2`, or
// `genpkey -algorithm EC -pkeyopt ec_paramgen_curve:SM2`, both written as id-ecPublicKey on the SM2
// curve — as a provider key whose type name is "SM2" (EVP_PKEY_get_id() is -1 for it, so the type is
// asked with EVP_PKEY_is_a(), never compared by id). A key built as a legacy EC_KEY on the SM2 curve
// has the type name "EC"; it is rebuilt as an SM2 key, so that it signs as SM2 and not as ECDSA.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <openssl/types.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace credcheck {

struct EvpPkeyFree {
    void operator()(EVP_PKEY* key) const noexcept;
};
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyFree>;

class Sm2Key {
public:
    /// The distinguishing ID every signature and verification uses (set explicitly: OpenSSL 3.0's
    /// command line defaults to an empty ID, gmssl and GB/T 35276 to this one).
    static constexpr std::string_view kDefaultId = "1234567812345678";

    /// A new key pair. Throws Error(internal) if OpenSSL cannot make one.
    static Sm2Key generate();

    /// The private key (PKCS#8) or public key (SubjectPublicKeyInfo) a PEM file holds. Throws
    /// Error(not_found) for a missing file, Error(io_error) for an unreadable one, and
    /// Error(invalid_argument) naming the file when it holds no unencrypted PEM key, or a key that is
    /// not SM2 (saying what it is: "an EC key on curve prime256v1", "an RSA key").
    static Sm2Key load(const std::filesystem::path& pem_file);

    /// The key PEM text holds (a public or private key, as load() reads a file); `origin` names it in
    /// messages. Error(invalid_argument) as load().
    static Sm2Key from_pem(std::string_view pem, std::string_view origin);

    /// Takes over a key OpenSSL made; `origin` names it in messages. Refuses a key that is not SM2 as
    /// load() does; an EC key on the SM2 curve is rebuilt as an SM2 key.
    static Sm2Key adopt(EvpPkeyPtr key, std::string_view origin);

    bool has_private() const noexcept { return private_; }

    /// PEM text as OpenSSL writes it: PKCS#8 "PRIVATE KEY" (unencrypted; Error(invalid_argument) for a
    /// public key) and SubjectPublicKeyInfo "PUBLIC KEY".
    std::string private_pem() const;
    std::string public_pem() const;

    /// Creates `file` holding the PEM text, mode 0600 for the private key and 0644 for the public one.
    /// Never replaces a file: Error(conflict) when it exists, Error(io_error) when it cannot be written.
    void write_private_pem(const std::filesystem::path& file) const;
    void write_public_pem(const std::filesystem::path& file) const;

    /// The public key as DER SubjectPublicKeyInfo, and its SM3 digest (lower-case hex): the key's
    /// fingerprint (`openssl pkey -pubin -outform DER | openssl dgst -sm3` gives the same).
    std::string public_der() const;
    std::string fingerprint() const;

    /// The DER SM2 signature of `message` (SM3, kDefaultId). Error(invalid_argument) for a public key.
    std::string sign(std::string_view message) const;
    /// True when `signature` (DER) is this key's SM2 signature of `message`. Malformed DER is false.
    bool verify(std::string_view message, std::string_view signature) const;

    /// Where the key came from (its file), for messages.
    const std::string& origin() const noexcept { return origin_; }

private:
    Sm2Key(EvpPkeyPtr key, bool has_private, std::string origin) noexcept;

    EvpPkeyPtr key_;
    bool private_ = false;
    std::string origin_;
};

} // namespace credcheck
