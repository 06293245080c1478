// credcheck/keys.hpp — signing keys of the credit office and the departments: SM2 (GB/T 32918) key
// pairs that sign what credcheck hands to others (the audit trail's head, see audit_anchor.hpp) and
// verify what others hand to it.
//
// Files are PEM as OpenSSL writes them: the private key unencrypted PKCS#8 ("PRIVATE KEY", mode 0600:
// whoever reads it signs in the owner's name), the public key SubjectPublicKeyInfo ("PUBLIC KEY").
// Keys made by `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:SM2` (or -algorithm SM2) and
// `openssl pkey -pubout` are the same thing and are read alike. Signatures are SM2 with SM3 and the
// standard distinguishing ID "1234567812345678" (GB/T 35276); with OpenSSL's command line give it
// explicitly, `-pkeyopt distid:1234567812345678`, as OpenSSL 3.0 defaults to an empty one.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <filesystem>
#include <string>
#include <string_view>

namespace credcheck {

enum class KeyKind { private_key, public_key };

std::string_view to_string(KeyKind kind) noexcept; // "private", "public"

struct KeyInfo {
    std::filesystem::path file;
    KeyKind kind = KeyKind::public_key;
    std::string algorithm;   // "SM2"
    std::string fingerprint; // SM3 of the public key's DER SubjectPublicKeyInfo, lower-case hex
};

struct GeneratedKeyPair {
    std::filesystem::path private_key; // PREFIX.pem, mode 0600
    std::filesystem::path public_key;  // PREFIX.pub
    std::string fingerprint;
};

/// A new SM2 key pair in PREFIX.pem and PREFIX.pub (the suffixes are appended to the prefix). Writes
/// neither when either exists (Error(conflict)); Error(io_error) when a file cannot be written, and
/// then leaves neither behind.
GeneratedKeyPair generate_signing_key(const std::filesystem::path& prefix);

/// What a PEM key file holds. Error(not_found) for a missing file; Error(invalid_argument) naming the
/// file when it holds no key, an encrypted one, or a key that is not SM2 (saying what it is).
KeyInfo describe_key(const std::filesystem::path& file);

} // namespace credcheck
