#include "util/sm2.hpp"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <fstream>

#include "credcheck/error.hpp"
#include "util/digest.hpp"

namespace credcheck {

void EvpPkeyFree::operator()(EVP_PKEY* key) const noexcept { EVP_PKEY_free(key); }

namespace {

struct BioFree {
    void operator()(BIO* b) const noexcept { BIO_free(b); }
};
struct PkeyCtxFree {
    void operator()(EVP_PKEY_CTX* c) const noexcept { EVP_PKEY_CTX_free(c); }
};
struct MdCtxFree {
    void operator()(EVP_MD_CTX* c) const noexcept { EVP_MD_CTX_free(c); }
};
struct ParamsFree {
    void operator()(OSSL_PARAM* p) const noexcept { OSSL_PARAM_free(p); }
};
struct BignumFree {
    void operator()(BIGNUM* n) const noexcept { BN_clear_free(n); }
};
struct OpensslFree {
    void operator()(unsigned char* p) const noexcept { OPENSSL_free(p); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

/// OpenSSL's error queue of this thread, in words, emptied ("DECODER routines: unsupported (No supported
/// data to decode. Input type: PEM)"). "no detail from OpenSSL" when it is empty.
std::string openssl_errors() {
    std::string out;
    const char* data = nullptr;
    int flags = 0;
    while (const unsigned long code = ERR_get_error_all(nullptr, nullptr, nullptr, &data, &flags)) {
        if (!out.empty()) out += "; ";
        const char* lib = ERR_lib_error_string(code);
        const char* reason = ERR_reason_error_string(code);
        out += fmt::format("{}: {}", lib ? lib : "OpenSSL", reason ? reason : fmt::format("error {:#x}", code));
        if ((flags & ERR_TXT_STRING) != 0 && data != nullptr && *data != '\0') out += fmt::format(" ({})", data);
    }
    return out.empty() ? "no detail from OpenSSL" : out;
}

[[noreturn]] void fail(Status status, const std::string& what) { throw Error(status, fmt::format("{}: {}", what, openssl_errors())); }

/// Text that may hold a private key: wiped when it goes.
struct SecretText {
    std::string text;
    SecretText() = default;
    explicit SecretText(std::string t) : text(std::move(t)) {}
    SecretText(const SecretText&) = delete;
    SecretText& operator=(const SecretText&) = delete;
    ~SecretText() { OPENSSL_cleanse(text.data(), text.size()); }
};

/// Never prompts: a library must not read a passphrase from the terminal.
int no_passphrase(char*, int, int, void*) { return -1; }

void read_whole_file(const std::filesystem::path& file, SecretText& out) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) throw Error(Status::not_found, fmt::format("key file {} does not exist", file.string()));
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(Status::io_error, fmt::format("cannot read key file {}: {}", file.string(), std::strerror(errno)));
    char buffer[4096];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) out.text.append(buffer, static_cast<std::size_t>(in.gcount()));
    OPENSSL_cleanse(buffer, sizeof buffer);
    if (in.bad()) throw Error(Status::io_error, fmt::format("cannot read key file {}", file.string()));
}

BioPtr memory_bio(std::string_view text) {
    BioPtr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
    if (!bio) fail(Status::out_of_memory, "cannot read PEM text");
    return bio;
}

std::string bio_text(BIO* bio) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(size));
}

std::string group_name(const EVP_PKEY* key) {
    char name[80] = {};
    std::size_t length = 0;
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof name, &length) != 1) {
        ERR_clear_error();
        return "";
    }
    return std::string(name, length);
}

/// What a key that is not SM2 is, in words: "an EC key on curve prime256v1", "an RSA key (2048 bits)".
std::string describe_other(const EVP_PKEY* key) {
    const char* type = EVP_PKEY_get0_type_name(key);
    const std::string name = type ? type : "unknown";
    const std::string group = group_name(key);
    if (!group.empty()) return fmt::format("an {} key on curve {}", name, group);
    if (EVP_PKEY_is_a(key, "RSA")) return fmt::format("an RSA key ({} bits)", EVP_PKEY_get_bits(key));
    return fmt::format("a {} key", name);
}

bool holds_private_part(const EVP_PKEY* key) {
    BIGNUM* raw = nullptr;
    const bool has = EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_PRIV_KEY, &raw) == 1;
    std::unique_ptr<BIGNUM, BignumFree> owned(raw);
    ERR_clear_error();
    return has;
}

/// The same key held by OpenSSL's SM2 key manager (whose signatures are SM2, not ECDSA).
EvpPkeyPtr as_sm2_keymgmt(const EVP_PKEY* key, bool with_private, std::string_view origin) {
    const int selection = with_private ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY;
    OSSL_PARAM* raw = nullptr;
    if (EVP_PKEY_todata(key, selection, &raw) != 1) fail(Status::invalid_argument, fmt::format("cannot read the EC key of {}", origin));
    const std::unique_ptr<OSSL_PARAM, ParamsFree> params(raw);
    const PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "SM2", nullptr));
    EVP_PKEY* out = nullptr;
    if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 || EVP_PKEY_fromdata(ctx.get(), &out, selection, params.get()) != 1)
        fail(Status::internal, fmt::format("cannot make an SM2 key of the EC key of {}", origin));
    return EvpPkeyPtr(out);
}

/// Creates `file` (never replacing one) holding `text`, with exactly `mode`.
void create_file(const std::filesystem::path& file, const std::string& text, mode_t mode) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) {
        if (errno == EEXIST) throw Error(Status::conflict, fmt::format("{} exists: a key file is never replaced", file.string()));
        throw Error(Status::io_error, fmt::format("cannot create {}: {}", file.string(), std::strerror(errno)));
    }
    int error = 0; // the first failure's errno
    // The umask may only have removed bits; set them exactly (a private key must never be wider).
    if (::fchmod(fd, mode) != 0) error = errno;
    for (std::size_t written = 0; error == 0 && written < text.size();) {
        const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n > 0) written += static_cast<std::size_t>(n);
        else if (n == 0) error = EIO;
        else if (errno != EINTR) error = errno;
    }
    if (error == 0 && ::fsync(fd) != 0) error = errno;
    if (::close(fd) != 0 && error == 0) error = errno;
    if (error != 0) {
        ::unlink(file.c_str());
        throw Error(Status::io_error, fmt::format("cannot write {}: {}", file.string(), std::strerror(error)));
    }
}

} // namespace

Sm2Key::Sm2Key(EvpPkeyPtr key, bool has_private, std::string origin) noexcept
    : key_(std::move(key)), private_(has_private), origin_(std::move(origin)) {}

Sm2Key Sm2Key::generate() {
    ERR_clear_error();
    EvpPkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "SM2"));
    if (!key) fail(Status::internal, "cannot generate an SM2 key");
    return Sm2Key(std::move(key), true, "a new SM2 key");
}

Sm2Key Sm2Key::adopt(EvpPkeyPtr key, std::string_view origin) {
    if (!key) throw Error(Status::misuse, fmt::format("{}: no key", origin));
    // An SM2 key is on the SM2 curve whatever OpenSSL names its type (SM2 from a PEM file, EC for a
    // legacy EC_KEY); the group name decides, never EVP_PKEY_get_id().
    if (!(EVP_PKEY_is_a(key.get(), "SM2") || EVP_PKEY_is_a(key.get(), "EC")) || group_name(key.get()) != "SM2")
        throw Error(Status::invalid_argument, fmt::format("{} holds {}, not an SM2 key (GB/T 32918)", origin, describe_other(key.get())));
    const bool with_private = holds_private_part(key.get());
    const char* type = EVP_PKEY_get0_type_name(key.get());
    if (type == nullptr || std::string_view(type) != "SM2") key = as_sm2_keymgmt(key.get(), with_private, origin);
    return Sm2Key(std::move(key), with_private, std::string(origin));
}

Sm2Key Sm2Key::load(const std::filesystem::path& pem_file) {
    SecretText secret;
    read_whole_file(pem_file, secret);
    return from_pem(secret.text, pem_file.string());
}

Sm2Key Sm2Key::from_pem(std::string_view text, std::string_view origin_view) {
    const std::string origin(origin_view);
    if (text.find("-----BEGIN ENCRYPTED PRIVATE KEY-----") != std::string::npos)
        throw Error(Status::invalid_argument,
                    fmt::format("{} holds an encrypted private key: credcheck reads unencrypted PKCS#8 (protect the file by its mode, 0600)", origin));
    ERR_clear_error();
    if (EVP_PKEY* key = PEM_read_bio_PrivateKey(memory_bio(text).get(), nullptr, no_passphrase, nullptr)) {
        Sm2Key k = adopt(EvpPkeyPtr(key), origin);
        k.private_ = true;
        return k;
    }
    const std::string private_errors = openssl_errors();
    if (EVP_PKEY* key = PEM_read_bio_PUBKEY(memory_bio(text).get(), nullptr, no_passphrase, nullptr)) {
        Sm2Key k = adopt(EvpPkeyPtr(key), origin);
        k.private_ = false;
        return k;
    }
    // The reader the PEM label was meant for says what is wrong with it.
    const std::string public_errors = openssl_errors();
    const bool looks_private = text.find("PRIVATE KEY-----") != std::string::npos;
    throw Error(Status::invalid_argument, fmt::format("{} holds no PEM private key (PKCS#8) or public key (SubjectPublicKeyInfo): {}", origin,
                                                      looks_private ? private_errors : public_errors));
}

std::string Sm2Key::private_pem() const {
    if (!private_) throw Error(Status::invalid_argument, fmt::format("{} is a public key: it has no private part to write", origin_));
    ERR_clear_error();
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        fail(Status::internal, fmt::format("cannot write the private key of {} as PEM", origin_));
    return bio_text(bio.get());
}

std::string Sm2Key::public_pem() const {
    ERR_clear_error();
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), key_.get()) != 1) fail(Status::internal, fmt::format("cannot write the public key of {} as PEM", origin_));
    return bio_text(bio.get());
}

void Sm2Key::write_private_pem(const std::filesystem::path& file) const {
    const SecretText pem(private_pem());
    create_file(file, pem.text, 0600);
}

void Sm2Key::write_public_pem(const std::filesystem::path& file) const { create_file(file, public_pem(), 0644); }

std::string Sm2Key::public_der() const {
    ERR_clear_error();
    unsigned char* raw = nullptr;
    const int length = i2d_PUBKEY(key_.get(), &raw);
    const std::unique_ptr<unsigned char, OpensslFree> der(raw);
    if (length <= 0) fail(Status::internal, fmt::format("cannot encode the public key of {} as DER", origin_));
    return std::string(reinterpret_cast<const char*>(der.get()), static_cast<std::size_t>(length));
}

std::string Sm2Key::fingerprint() const { return digest_hex(DigestAlgorithm::sm3, public_der()); }

namespace {

/// A digest-sign or digest-verify context for SM2 with SM3 and the default ID. The key context is
/// declared first so that it outlives the digest context that borrows it.
struct SignatureContext {
    PkeyCtxPtr pkey;
    MdCtxPtr md;
};

SignatureContext signature_context(EVP_PKEY* key, bool for_signing, const std::string& origin) {
    ERR_clear_error();
    SignatureContext s{PkeyCtxPtr(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr)), MdCtxPtr(EVP_MD_CTX_new())};
    if (!s.pkey || !s.md) fail(Status::out_of_memory, fmt::format("cannot set up an SM2 signature with {}", origin));
    if (EVP_PKEY_CTX_set1_id(s.pkey.get(), Sm2Key::kDefaultId.data(), static_cast<int>(Sm2Key::kDefaultId.size())) != 1)
        fail(Status::internal, fmt::format("cannot set the SM2 distinguishing ID for {}", origin));
    EVP_MD_CTX_set_pkey_ctx(s.md.get(), s.pkey.get());
    const int rc = for_signing ? EVP_DigestSignInit_ex(s.md.get(), nullptr, "SM3", nullptr, nullptr, key, nullptr)
                               : EVP_DigestVerifyInit_ex(s.md.get(), nullptr, "SM3", nullptr, nullptr, key, nullptr);
    if (rc != 1) fail(Status::internal, fmt::format("cannot start an SM2 signature with {}", origin));
    return s;
}

} // namespace

std::string Sm2Key::sign(std::string_view message) const {
    if (!private_) throw Error(Status::invalid_argument, fmt::format("{} is a public key: it cannot sign", origin_));
    const SignatureContext s = signature_context(key_.get(), true, origin_);
    const auto* data = reinterpret_cast<const unsigned char*>(message.data());
    std::size_t length = 0;
    if (EVP_DigestSign(s.md.get(), nullptr, &length, data, message.size()) != 1) fail(Status::internal, fmt::format("SM2 signing with {} failed", origin_));
    std::string signature(length, '\0');
    if (EVP_DigestSign(s.md.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, data, message.size()) != 1)
        fail(Status::internal, fmt::format("SM2 signing with {} failed", origin_));
    signature.resize(length);
    return signature;
}

bool Sm2Key::verify(std::string_view message, std::string_view signature) const {
    const SignatureContext s = signature_context(key_.get(), false, origin_);
    const int rc = EVP_DigestVerify(s.md.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                                    reinterpret_cast<const unsigned char*>(message.data()), message.size());
    ERR_clear_error(); // a malformed signature leaves decoding errors behind: it is simply not valid
    return rc == 1;
}

} // namespace credcheck
