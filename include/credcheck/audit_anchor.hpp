// credcheck/audit_anchor.hpp — the audit trail's head, signed by the credit office and kept outside the
// database (seed item 18).
//
// The hash chain (audit.hpp) shows an entry edited, deleted or moved, but not the newest entries cut
// off, nor a trail rewritten with every later hash recomputed. An anchor closes both: the credit office
// signs (SM2, keys.hpp) the head — the last entry's seq and hash — and keeps the anchor somewhere else
// (another system, a report, paper). Verifying it later shows that entries 1…seq are exactly those it
// signed. It vouches for nothing after seq, and nothing once the private key has left the credit office.
//
// The signed text. The signature covers every other field, as UTF-8 lines "name=value\n" in this order,
// after a first line naming the format (no field may hold a line break):
//
//     credcheck audit anchor 1
//     database=credit.db
//     algorithm=sm3
//     seq=1234
//     hash=<entry 1234's hash>
//     last_at=<entry 1234's at, UTC>
//     signed_at=<when the anchor was made, UTC>
//     key_fingerprint=<SM3 of the signing key's DER public key>
//
// Any SM2 tool checks it: write those lines to a file, the hex signature as bytes to another, then
// `openssl dgst -sm3 -verify office.pub -signature sig.der -sigopt distid:1234567812345678 text`.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(workflows)

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "credcheck/audit.hpp"
#include "credcheck/database.hpp"

namespace credcheck {

struct AuditAnchor {
    std::int64_t seq = 0;        // the anchor vouches for entries 1…seq
    std::string hash;            // entry seq's hash (lower-case hex)
    DigestAlgorithm algorithm = DigestAlgorithm::sm3; // the chain's hash
    std::string last_at;         // entry seq's `at` (UTC)
    std::string database;        // the database file's name (the schema holds no database id)
    std::string signed_at;       // UTC, "2026-11-28T06:33:17Z"
    std::string key_fingerprint; // of the signing key (keys.hpp)
    std::string signature;       // hex of the DER SM2 signature of audit_anchor_signed_text()
};

/// Signs the trail's newest entry with the private key in `private_key` (PEM). Only the credit office
/// (Error(permission_denied)); the head is read in one read transaction, and the chain must verify
/// (a broken trail is not vouched for: Error(conflict) naming the broken entry, as is an empty one).
/// Key files fail as in keys.hpp; a public key is Error(invalid_argument).
AuditAnchor sign_audit_head(const Database& db, const std::filesystem::path& private_key);

/// The text the signature covers (above). Error(invalid_argument) if a field holds a line break.
std::string audit_anchor_signed_text(const AuditAnchor& anchor);

/// The anchor as a small JSON document: {"format": "credcheck audit anchor 1", "database", "algorithm",
/// "seq", "hash", "last_at", "signed_at", "key_fingerprint", "signature"}.
std::string audit_anchor_json(const AuditAnchor& anchor);

/// Reads an anchor written by audit_anchor_json(). Error(invalid_argument) saying what is wrong for
/// anything else: not JSON, another format, a field missing, of the wrong type or unknown.
AuditAnchor parse_audit_anchor(std::string_view json);
/// The same from a file: Error(not_found) when it does not exist; messages name the file.
AuditAnchor load_audit_anchor(const std::filesystem::path& file);

struct AnchorVerification {
    bool valid = false;           // all three hold
    bool signature_valid = false; // (a) signed by the trusted key, and no field edited since
    bool chain_intact = false;    // (b) verify_audit(): the chain as it stands, and the data against it, verify
    bool head_matches = false;    // (c) entry seq exists and its hash is the anchored one
    std::int64_t trail_entries = 0;    // entries in the trail now
    std::vector<std::string> problems; // why not, in words, (a) before (b) before (c); empty when valid
    std::string note;                  // information that is no failure (the file was renamed or copied)
    AuditVerification chain;           // the chain's own verification
};

/// Checks `anchor` against the database under the public key the verifier trusts (PEM; a private key
/// file serves too). Not for the public (Error(permission_denied)). A key file that cannot be read or
/// is not SM2 throws as in keys.hpp; everything about the anchor and the trail is in the result.
AnchorVerification verify_audit_anchor(const Database& db, const AuditAnchor& anchor, const std::filesystem::path& trusted_public_key);

} // namespace credcheck
