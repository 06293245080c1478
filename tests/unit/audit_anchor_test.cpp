// SM2 signing keys (keys.hpp, util/sm2.hpp) and the audit trail's head anchored outside the database
// (audit_anchor.hpp).

// The legacy EC_KEY API is the one way OpenSSL 3.0 still builds a key typed "EC" on the SM2 curve: the
// case Sm2Key must turn into an SM2 key rather than sign ECDSA with it.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/pem.h>

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <fmt/format.h>
#include <functional>
#include <memory>
#include <vector>

#include "credcheck/audit.hpp"
#include "credcheck/audit_anchor.hpp"
#include "credcheck/keys.hpp"
#include "store/audit_log.hpp"
#include "store/sqlite.hpp"
#include "util/digest.hpp"
#include "util/sm2.hpp"
#include "test_support.hpp"
#include "world.hpp"

using namespace credcheck;
using test::kAsOf;
using test::error_of;
using test::status_of;
using test::World;

namespace {

const std::string kCourt = "鄂州市中级人民法院";

// A test key made by `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:SM2` (OpenSSL 3.0.19),
// its `openssl pkey -pubout`, and what OpenSSL's command line computed with it:
//   fingerprint: openssl pkey -pubin -in k.pub -outform DER | openssl dgst -sm3
//   signature:   openssl pkeyutl -sign -inkey k.pem -rawin -digest sm3 -pkeyopt distid:1234567812345678
//   empty ID:    the same without -pkeyopt (OpenSSL 3.0's command line then uses an empty ID)
const char* const kOpensslPrivatePem = "-----BEGIN PRIVATE KEY-----\n"
                                       "MIGHAgEAMBMGByqGSM49AgEGCCqBHM9VAYItBG0wawIBAQQgmRIXjLl+BMMkT/wv\n"
                                       "+UXUsOSMYyEzI3mECcumUtgc7FShRANCAAQIF9eyLLILEGdKSnWf8j69rpNnxPzn\n"
                                       "rKJqdik+5i+ZjmeimnkQs0OGlFQ3t5Pb9OFTsZQz5vOgcDUGnmba2avm\n"
                                       "-----END PRIVATE KEY-----\n";
const char* const kOpensslPublicPem = "-----BEGIN PUBLIC KEY-----\n"
                                      "MFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAECBfXsiyyCxBnSkp1n/I+va6TZ8T8\n"
                                      "56yianYpPuYvmY5nopp5ELNDhpRUN7eT2/ThU7GUM+bzoHA1Bp5m2tmr5g==\n"
                                      "-----END PUBLIC KEY-----\n";
const char* const kOpensslFingerprint = "e7df4952af0c712b07171987d604d3854661c47e89702517c2eaf4e67a978abb";
const char* const kInteropMessage = "credcheck SM2 interop test";
const char* const kOpensslSignature = "3044022041f6d38f819deb0c150014ca29ff43e862a2ee1033ec5f673f1cb768f7d38c04022016b69f5e"
                                      "ff4dddb72084ccf9864778de7d38dbe3a9ba7575f08cbf1e287e1a6d";
const char* const kOpensslEmptyIdSignature = "30460221009b15b19b9b721228157af6c9a1cdd9c88ccb3417954c3e854ac33fbdd236f3e2022100fdd9"
                                             "16b9262fb18d01bf32076b466a50558a230d995ebcdc4fecdd26e103e8e9";

std::string bytes_of_hex(std::string_view hex) {
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
    return out;
}


struct BioFree {
    void operator()(BIO* b) const noexcept { BIO_free(b); }
};

/// A key OpenSSL made, written as PEM the way its command line writes it.
void write_pem(EVP_PKEY* key, const std::filesystem::path& file, bool private_part) {
    const std::unique_ptr<BIO, BioFree> bio(BIO_new_file(file.c_str(), "w"));
    REQUIRE(bio);
    REQUIRE((private_part ? PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) : PEM_write_bio_PUBKEY(bio.get(), key)) == 1);
}

/// Deletes the newest entries of the trail, as someone holding the file can.
void truncate_trail(const Database& db, std::int64_t keep) {
    sql::Connection c(db.path(), sql::Connection::Mode::read_write, 1000);
    sql::Query q(c.prepared("DELETE FROM audit_log WHERE seq > ?"));
    q.bind(keep).run();
}

/// Edits entry `seq` and recomputes the hash of it and of every later entry: a chain that verifies.
void rewrite_trail(const Database& db, std::int64_t seq) {
    sql::Connection c(db.path(), sql::Connection::Mode::read_write, 1000);
    sql::Query(c.prepared("UPDATE audit_log SET officer = 'someone else' WHERE seq = ?")).bind(seq).run();
    const DigestAlgorithm algorithm = store::audit_algorithm(c);
    struct Row {
        std::int64_t seq;
        std::vector<std::string> fields; // at … details
    };
    std::vector<Row> rows;
    std::string previous(64, '0');
    if (seq > 1) {
        sql::Query q(c.prepared("SELECT hash FROM audit_log WHERE seq = ?"));
        q.bind(seq - 1);
        REQUIRE(q.step());
        previous = q.text(0);
    }
    {
        sql::Query q(c.prepared("SELECT seq, at, department, role, officer, action, subject, target, details FROM audit_log WHERE seq >= ? ORDER BY seq"));
        q.bind(seq);
        while (q.step()) {
            Row r{q.integer(0), {}};
            for (int i = 1; i <= 8; ++i) r.fields.emplace_back(q.text(i));
            rows.push_back(std::move(r));
        }
    }
    for (const Row& r : rows) {
        const auto& f = r.fields;
        const std::string hash = digest_hex(algorithm, store::audit_canonical(r.seq, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], previous));
        sql::Query(c.prepared("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?")).bind(previous).bind(hash).bind(r.seq).run();
        previous = hash;
    }
}

bool mentions(const AnchorVerification& v, std::string_view text) {
    for (const auto& p : v.problems)
        if (p.find(text) != std::string::npos) return true;
    return false;
}

/// A world with a few entries, and the credit office's key pair beside it.
struct AnchoredWorld {
    AnchoredWorld() {
        keys = generate_signing_key(dir / "office");
        w.entries("court.dishonest_debtor," + World::company(1) + ",甲公司," + kCourt + ",(2026)鄂07执1号,2026-06-18,,,,\n");
        w.entries("court.dishonest_debtor," + World::company(2) + ",乙公司," + kCourt + ",(2026)鄂07执2号,2026-06-19,,,,\n");
        w.entries("court.dishonest_debtor," + World::company(3) + ",丙公司," + kCourt + ",(2026)鄂07执3号,2026-06-20,,,,\n");
    }
    test::TempDir dir;
    World w;
    GeneratedKeyPair keys;
};

} // namespace

TEST_CASE("an SM2 key signs with SM3, and a flipped byte in the message or the signature fails") {
    const Sm2Key key = Sm2Key::generate();
    REQUIRE(key.has_private());
    const std::string message = "credcheck: entries 1–42 as of 2026-11-28";
    const std::string signature = key.sign(message);
    CHECK(key.verify(message, signature));
    CHECK(key.sign(message) != signature); // SM2 signatures are randomised; both verify
    CHECK(key.verify(message, key.sign(message)));

    SUBCASE("a flipped bit anywhere in the message") {
        for (std::size_t i = 0; i < message.size(); ++i) {
            std::string edited = message;
            edited[i] = static_cast<char>(edited[i] ^ 0x01);
            CHECK_FALSE(key.verify(edited, signature));
        }
        CHECK_FALSE(key.verify(message + " ", signature));
        CHECK_FALSE(key.verify("", signature));
    }
    SUBCASE("a flipped bit anywhere in the signature, or a cut one") {
        for (std::size_t i = 0; i < signature.size(); ++i) {
            std::string edited = signature;
            edited[i] = static_cast<char>(edited[i] ^ 0x01);
            CHECK_FALSE(key.verify(message, edited));
        }
        CHECK_FALSE(key.verify(message, signature.substr(0, signature.size() - 1)));
        CHECK_FALSE(key.verify(message, ""));
        CHECK_FALSE(key.verify(message, "not DER at all"));
    }
    SUBCASE("another SM2 key does not verify it") {
        const Sm2Key other = Sm2Key::generate();
        CHECK_FALSE(other.verify(message, signature));
        CHECK(other.fingerprint() != key.fingerprint());
    }
    SUBCASE("the public key read back from its PEM verifies, and cannot sign") {
        const test::TempDir dir;
        key.write_public_pem(dir / "k.pub");
        const Sm2Key public_key = Sm2Key::load(dir / "k.pub");
        CHECK_FALSE(public_key.has_private());
        CHECK(public_key.verify(message, signature));
        CHECK(public_key.fingerprint() == key.fingerprint());
        CHECK(status_of([&] { public_key.sign(message); }) == Status::invalid_argument);
        CHECK(status_of([&] { public_key.private_pem(); }) == Status::invalid_argument);
    }
}

TEST_CASE("keys made by OpenSSL's command line are read, sign and verify both ways with the default ID") {
    const test::TempDir dir;
    const auto private_file = test::write_text(dir / "k.pem", kOpensslPrivatePem);
    const auto public_file = test::write_text(dir / "k.pub", kOpensslPublicPem);
    const Sm2Key private_key = Sm2Key::load(private_file);
    const Sm2Key public_key = Sm2Key::load(public_file);
    CHECK(private_key.has_private());
    CHECK_FALSE(public_key.has_private());
    CHECK(private_key.fingerprint() == kOpensslFingerprint);
    CHECK(public_key.fingerprint() == kOpensslFingerprint);
    CHECK(public_key.public_pem() == kOpensslPublicPem);   // written as OpenSSL writes it
    CHECK(private_key.private_pem() == kOpensslPrivatePem);

    CHECK(public_key.verify(kInteropMessage, bytes_of_hex(kOpensslSignature)));
    // OpenSSL 3.0's command line signs with an empty ID unless told otherwise: not the standard one.
    CHECK_FALSE(public_key.verify(kInteropMessage, bytes_of_hex(kOpensslEmptyIdSignature)));
    CHECK(public_key.verify(kInteropMessage, private_key.sign(kInteropMessage)));

    const KeyInfo info = describe_key(private_file);
    CHECK(info.kind == KeyKind::private_key);
    CHECK(info.algorithm == "SM2");
    CHECK(info.fingerprint == kOpensslFingerprint);
    CHECK(describe_key(public_file).kind == KeyKind::public_key);
}

TEST_CASE("an EC key on the SM2 curve signs as SM2, not as ECDSA") {
    EC_KEY* ec = EC_KEY_new_by_curve_name(NID_sm2);
    REQUIRE(ec != nullptr);
    REQUIRE(EC_KEY_generate_key(ec) == 1);
    EvpPkeyPtr legacy(EVP_PKEY_new());
    REQUIRE(EVP_PKEY_assign_EC_KEY(legacy.get(), ec) == 1); // takes ec
    REQUIRE(std::string_view(EVP_PKEY_get0_type_name(legacy.get())) == "EC");

    const Sm2Key key = Sm2Key::adopt(std::move(legacy), "a legacy EC key");
    CHECK(key.has_private());
    const test::TempDir dir;
    key.write_public_pem(dir / "k.pub");
    const std::string signature = key.sign("message");
    CHECK(Sm2Key::load(dir / "k.pub").verify("message", signature));
    CHECK(key.verify("message", signature));
}

TEST_CASE("a key that is not SM2 is refused, naming the file and what it holds") {
    const test::TempDir dir;
    SUBCASE("P-256") {
        const EvpPkeyPtr p256(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
        REQUIRE(p256);
        write_pem(p256.get(), dir / "p256.pem", true);
        write_pem(p256.get(), dir / "p256.pub", false);
        for (const char* name : {"p256.pem", "p256.pub"}) {
            const std::string file = (dir / name).string();
            CHECK(status_of([&] { Sm2Key::load(file); }) == Status::invalid_argument);
            CHECK(error_of([&] { Sm2Key::load(file); }) == file + " holds an EC key on curve prime256v1, not an SM2 key (GB/T 32918)");
            CHECK(status_of([&] { describe_key(file); }) == Status::invalid_argument);
        }
    }
    SUBCASE("RSA") {
        const EvpPkeyPtr rsa(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(2048)));
        REQUIRE(rsa);
        write_pem(rsa.get(), dir / "rsa.pem", true);
        CHECK(error_of([&] { Sm2Key::load(dir / "rsa.pem"); }) == (dir / "rsa.pem").string() + " holds an RSA key (2048 bits), not an SM2 key (GB/T 32918)");
    }
    SUBCASE("an encrypted key is refused without asking for a passphrase") {
        const auto file = test::write_text(dir / "enc.pem", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n");
        CHECK(error_of([&] { Sm2Key::load(file); }).find("holds an encrypted private key") != std::string::npos);
    }
    SUBCASE("not a key, or no file") {
        const auto file = test::write_text(dir / "notes.txt", "hello\n");
        const std::string why = error_of([&] { Sm2Key::load(file); });
        CHECK(why.find(file.string() + " holds no PEM private key (PKCS#8) or public key (SubjectPublicKeyInfo): ") == 0);
        CHECK(why.find("DECODER") != std::string::npos); // OpenSSL's own words follow
        CHECK(status_of([&] { Sm2Key::load(dir / "missing.pem"); }) == Status::not_found);
        CHECK(error_of([&] { describe_key(dir / "missing.pem"); }).find("missing.pem does not exist") != std::string::npos);
    }
}

TEST_CASE("a key pair is written as PKCS#8 and SubjectPublicKeyInfo PEM, the private key mode 0600, never over a file") {
    const test::TempDir dir;
    const GeneratedKeyPair pair = generate_signing_key(dir / "office");
    CHECK(pair.private_key == dir / "office.pem");
    CHECK(pair.public_key == dir / "office.pub");
    CHECK(test::read_file(pair.private_key).rfind("-----BEGIN PRIVATE KEY-----\n", 0) == 0);
    CHECK(test::read_file(pair.public_key).rfind("-----BEGIN PUBLIC KEY-----\n", 0) == 0);
    struct stat st {};
    REQUIRE(::stat(pair.private_key.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    REQUIRE(::stat(pair.public_key.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0644);
    CHECK(describe_key(pair.private_key).fingerprint == pair.fingerprint);
    CHECK(describe_key(pair.public_key).fingerprint == pair.fingerprint);
    CHECK(pair.fingerprint.size() == 64);

    SUBCASE("an existing pair is kept") {
        const std::string before = test::read_file(pair.private_key);
        CHECK(status_of([&] { generate_signing_key(dir / "office"); }) == Status::conflict);
        CHECK(test::read_file(pair.private_key) == before);
    }
    SUBCASE("either file existing is enough to write neither") {
        test::write_text(dir / "other.pub", "somebody's public key\n");
        CHECK(error_of([&] { generate_signing_key(dir / "other"); }) == (dir / "other.pub").string() + " exists: a key file is never replaced");
        CHECK_FALSE(std::filesystem::exists(dir / "other.pem"));
    }
    SUBCASE("a folder that does not exist") {
        CHECK(status_of([&] { generate_signing_key(dir / "nowhere" / "office"); }) == Status::io_error);
        CHECK_FALSE(std::filesystem::exists(dir / "nowhere"));
    }
}

TEST_CASE("a signed audit head holds for the trail it was made on, and after later entries") {
    AnchoredWorld a;
    const AuditVerification chain = verify_audit(a.w.db());
    const AuditAnchor anchor = sign_audit_head(a.w.db(), a.keys.private_key);
    CHECK(anchor.seq == chain.entries);
    CHECK(anchor.hash == chain.head);
    CHECK(anchor.algorithm == DigestAlgorithm::sm3);
    CHECK(anchor.database == "world.db");
    CHECK(anchor.key_fingerprint == a.keys.fingerprint);
    CHECK(anchor.signed_at.size() == 20);
    CHECK(anchor.last_at == audit_entries(a.w.db(), {}).back().at);

    const AnchorVerification v = verify_audit_anchor(a.w.db(), anchor, a.keys.public_key);
    CHECK(v.valid);
    CHECK(v.signature_valid);
    CHECK(v.chain_intact);
    CHECK(v.head_matches);
    CHECK(v.problems.empty());
    CHECK(v.note.empty());
    CHECK(v.trail_entries == anchor.seq);

    SUBCASE("entries appended later do not disturb it") {
        a.w.entries("court.dishonest_debtor," + World::company(4) + ",丁公司," + kCourt + ",(2026)鄂07执4号,2026-06-21,,,,\n");
        const AnchorVerification later = verify_audit_anchor(a.w.db(), anchor, a.keys.public_key);
        CHECK(later.valid);
        CHECK(later.trail_entries == anchor.seq + 1);
    }
    SUBCASE("an implementing department may verify it") {
        const Database finance = a.w.db().as({"鄂州市财政局", AccessRole::implementing, "张科员"});
        CHECK(verify_audit_anchor(finance, anchor, a.keys.public_key).valid);
    }
    SUBCASE("the private key file serves as the trusted key too") {
        CHECK(verify_audit_anchor(a.w.db(), anchor, a.keys.private_key).valid);
    }
    SUBCASE("the signature covers the documented text, which OpenSSL-style verification reproduces") {
        const std::string text = audit_anchor_signed_text(anchor);
        CHECK(text == fmt::format("credcheck audit anchor 1\ndatabase=world.db\nalgorithm=sm3\nseq={}\nhash={}\nlast_at={}\nsigned_at={}\n"
                                  "key_fingerprint={}\n",
                                  anchor.seq, anchor.hash, anchor.last_at, anchor.signed_at, anchor.key_fingerprint));
        CHECK(Sm2Key::load(a.keys.public_key).verify(text, bytes_of_hex(anchor.signature)));
    }
    SUBCASE("a copy under another name holds, with a note") {
        const auto copy = a.dir / "copy.db";
        sql::Connection(a.w.db().path(), sql::Connection::Mode::read_only, 1000).exec(("VACUUM INTO '" + copy.string() + "'").c_str());
        const AnchorVerification c = verify_audit_anchor(Database::open(copy), anchor, a.keys.public_key);
        CHECK(c.valid);
        CHECK(c.note == "the anchor was made for world.db; this file is copy.db");
    }
}

TEST_CASE("an anchor shows that the newest entries were cut off, which the chain alone cannot") {
    AnchoredWorld a;
    const AuditAnchor anchor = sign_audit_head(a.w.db(), a.keys.private_key);
    truncate_trail(a.w.db(), anchor.seq - 2);
    const AuditVerification chain = verify_audit(a.w.db());
    REQUIRE_FALSE(chain.first_broken); // the chain that is left verifies (the data check may see what the cut entries wrote)
    const AnchorVerification v = verify_audit_anchor(a.w.db(), anchor, a.keys.public_key);
    CHECK_FALSE(v.valid);
    CHECK(v.signature_valid);
    CHECK_FALSE(v.chain.first_broken);
    CHECK_FALSE(v.head_matches);
    CHECK(v.trail_entries == anchor.seq - 2);
    REQUIRE_FALSE(v.problems.empty());
    CHECK(v.problems.back() == fmt::format("truncated: the anchor vouches for {} entries, the trail has {}", anchor.seq, anchor.seq - 2));

    SUBCASE("and that new entries written after the cut do not hide it") {
        a.w.entries("court.dishonest_debtor," + World::company(5) + ",戊公司," + kCourt + ",(2026)鄂07执5号,2026-06-22,,,,\n");
        a.w.entries("court.dishonest_debtor," + World::company(6) + ",己公司," + kCourt + ",(2026)鄂07执6号,2026-06-23,,,,\n");
        REQUIRE_FALSE(verify_audit(a.w.db()).first_broken); // the chain verifies again (the cut entries' rows do not)
        const AnchorVerification refilled = verify_audit_anchor(a.w.db(), anchor, a.keys.public_key);
        CHECK_FALSE(refilled.valid);
        CHECK(refilled.trail_entries == anchor.seq);
        CHECK(mentions(refilled, fmt::format("entry {} differs from the anchored head: the trail was rewritten", anchor.seq)));
    }
}

TEST_CASE("an anchor shows a trail rewritten with every later hash recomputed, which the chain alone cannot") {
    AnchoredWorld a;
    const AuditAnchor anchor = sign_audit_head(a.w.db(), a.keys.private_key);
    rewrite_trail(a.w.db(), 2);
    const AuditVerification chain = verify_audit(a.w.db());
    REQUIRE(chain.intact);
    REQUIRE(chain.head != anchor.hash);
    const AnchorVerification v = verify_audit_anchor(a.w.db(), anchor, a.keys.public_key);
    CHECK_FALSE(v.valid);
    CHECK(v.signature_valid);
    CHECK(v.chain_intact);
    CHECK_FALSE(v.head_matches);
    REQUIRE(v.problems.size() == 1);
    CHECK(v.problems[0] == fmt::format("entry {} differs from the anchored head: the trail was rewritten", anchor.seq));

    SUBCASE("a rewrite the chain does show is named as broken too") {
        sql::Connection c(a.w.db().path(), sql::Connection::Mode::read_write, 1000);
        c.exec("UPDATE audit_log SET target = 'edited' WHERE seq = 3");
        const AnchorVerification broken = verify_audit_anchor(a.w.db(), anchor, a.keys.public_key);
        CHECK_FALSE(broken.chain_intact);
        CHECK(mentions(broken, "the chain is broken at entry 3: entry 3 was altered"));
    }
}

TEST_CASE("an edited anchor, or one checked under another key, does not hold, saying which") {
    AnchoredWorld a;
    const AuditAnchor anchor = sign_audit_head(a.w.db(), a.keys.private_key);
    const AuditEntry earlier = audit_entries(a.w.db(), {}).at(1);
    const auto fails = [&](const std::function<void(AuditAnchor&)>& edit) {
        AuditAnchor edited = anchor;
        edit(edited);
        const AnchorVerification v = verify_audit_anchor(a.w.db(), edited, a.keys.public_key);
        CHECK_FALSE(v.valid);
        CHECK_FALSE(v.signature_valid);
        CHECK(v.problems.at(0) == "the anchor's signature does not verify under the trusted key: a field was edited after signing");
    };
    SUBCASE("moved back to an earlier entry, with that entry's hash") {
        fails([&](AuditAnchor& e) {
            e.seq = earlier.seq;
            e.hash = earlier.hash;
            e.last_at = earlier.at;
        });
    }
    SUBCASE("another head hash") {
        fails([](AuditAnchor& e) { e.hash = std::string(64, 'a'); });
    }
    SUBCASE("another time") {
        fails([](AuditAnchor& e) { e.signed_at = "2030-01-01T00:00:00Z"; });
    }
    SUBCASE("another last entry time") {
        fails([](AuditAnchor& e) { e.last_at = "2020-01-01T00:00:00Z"; });
    }
    SUBCASE("another database") {
        fails([](AuditAnchor& e) { e.database = "other.db"; });
    }
    SUBCASE("a flipped byte of the signature") {
        fails([](AuditAnchor& e) { e.signature[20] = e.signature[20] == '0' ? '1' : '0'; });
    }

    SUBCASE("another key") {
        const GeneratedKeyPair other = generate_signing_key(a.dir / "other");
        const AnchorVerification under_other = verify_audit_anchor(a.w.db(), anchor, other.public_key);
        CHECK_FALSE(under_other.valid);
        CHECK_FALSE(under_other.signature_valid);
        CHECK(under_other.chain_intact);
        CHECK(under_other.head_matches);
        CHECK(under_other.problems.at(0).find(fmt::format("the anchor was signed by another key ({}), not the trusted key {}", anchor.key_fingerprint,
                                                          other.fingerprint)) == 0);
        // Naming the trusted key as the signer changes nothing: the signature is still another key's.
        AuditAnchor claimed = anchor;
        claimed.key_fingerprint = other.fingerprint;
        CHECK(verify_audit_anchor(a.w.db(), claimed, other.public_key).problems.at(0).find("does not verify") != std::string::npos);
    }
}

TEST_CASE("only the credit office signs the audit head, and not an empty or broken trail") {
    AnchoredWorld a;
    const Database finance = a.w.db().as({"鄂州市财政局", AccessRole::implementing, "张科员"});
    const Database court = a.w.db().as({kCourt, AccessRole::initiating, "李法官"});
    const Database public_reader = a.w.db().as({"", AccessRole::public_reader, ""});
    CHECK(error_of([&] { sign_audit_head(finance, a.keys.private_key); }) == "鄂州市财政局 (implementing) 张科员 may not sign the audit trail's head");
    CHECK(status_of([&] { sign_audit_head(court, a.keys.private_key); }) == Status::permission_denied);
    CHECK(status_of([&] { sign_audit_head(public_reader, a.keys.private_key); }) == Status::permission_denied);
    const AuditAnchor anchor = sign_audit_head(a.w.db(), a.keys.private_key);
    CHECK(status_of([&] { verify_audit_anchor(public_reader, anchor, a.keys.public_key); }) == Status::permission_denied);

    CHECK(error_of([&] { sign_audit_head(a.w.db(), a.keys.public_key); }).find("is a public key") != std::string::npos);
    CHECK(status_of([&] { sign_audit_head(a.w.db(), a.dir / "missing.pem"); }) == Status::not_found);

    {
        sql::Connection c(a.w.db().path(), sql::Connection::Mode::read_write, 1000);
        c.exec("UPDATE audit_log SET officer = 'x' WHERE seq = 2");
    }
    CHECK(error_of([&] { sign_audit_head(a.w.db(), a.keys.private_key); }).find("the audit trail is broken at entry 2") == 0);
    CHECK(status_of([&] { sign_audit_head(a.w.db(), a.keys.private_key); }) == Status::conflict);

    const Database empty = Database::create(a.dir / "empty.db");
    CHECK(error_of([&] { sign_audit_head(empty, a.keys.private_key); }) == "the audit trail is empty: there is no head to sign");
}

TEST_CASE("an anchor is read back from its JSON, and anything else is refused") {
    AnchoredWorld a;
    const AuditAnchor anchor = sign_audit_head(a.w.db(), a.keys.private_key);
    const std::string json = audit_anchor_json(anchor);
    const AuditAnchor back = parse_audit_anchor(json);
    CHECK(back.seq == anchor.seq);
    CHECK(back.hash == anchor.hash);
    CHECK(back.algorithm == anchor.algorithm);
    CHECK(back.last_at == anchor.last_at);
    CHECK(back.database == anchor.database);
    CHECK(back.signed_at == anchor.signed_at);
    CHECK(back.key_fingerprint == anchor.key_fingerprint);
    CHECK(back.signature == anchor.signature);
    CHECK(audit_anchor_json(back) == json);
    CHECK(verify_audit_anchor(a.w.db(), load_audit_anchor(test::write_text(a.dir / "a.json", json)), a.keys.public_key).valid);

    const auto refused = [&](const std::string& text) { return error_of([&] { parse_audit_anchor(text); }); };
    const auto with = [&](const std::string& field, const std::string& value) {
        auto j = nlohmann::json::parse(json);
        if (value.empty()) j.erase(field);
        else j[field] = nlohmann::json::parse(value);
        return j.dump();
    };
    CHECK(refused("{") == "not an audit anchor: it is not JSON");
    CHECK(refused("[1]") == "not an audit anchor: it is not a JSON object");
    CHECK(refused(with("format", "\"something else 2\"")) == "not an audit anchor: \"format\" is not \"credcheck audit anchor 1\"");
    CHECK(refused(with("hash", "")) == "not an audit anchor: field \"hash\" is missing");
    CHECK(refused(with("comment", "\"not covered by the signature\"")) == "not an audit anchor: unknown field \"comment\"");
    CHECK(refused(with("seq", "\"12\"")) == "not an audit anchor: field \"seq\" is missing or not an integer");
    CHECK(refused(with("seq", "0")) == "not an audit anchor: field \"seq\" is not positive");
    CHECK(refused(with("algorithm", "\"md5\"")) == "not an audit anchor: algorithm \"md5\" is not sm3 or sha256");
    CHECK(refused(with("hash", "\"XYZ\"")) == "not an audit anchor: field \"hash\" is not 64 digits of lower-case hex");
    CHECK(refused(with("signature", "\"abc\"")) == "not an audit anchor: field \"signature\" has an odd number of hex digits");
    CHECK(refused(with("database", "\"a\\nseq=1\"")) == "the anchor's database holds a line break");
    CHECK(status_of([&] { parse_audit_anchor(with("database", "7")); }) == Status::invalid_argument);
    CHECK(status_of([&] { load_audit_anchor(a.dir / "missing.json"); }) == Status::not_found);
    CHECK(error_of([&] { load_audit_anchor(test::write_text(a.dir / "bad.json", "{")); }) ==
          (a.dir / "bad.json").string() + ": not an audit anchor: it is not JSON");
}

TEST_CASE("an anchor of a SHA-256 trail holds, and a trail re-hashed with the other algorithm does not") {
    const test::TempDir dir;
    const GeneratedKeyPair keys = generate_signing_key(dir / "office");
    Database db = Database::create(dir / "sha.db");
    set_audit_algorithm(db, DigestAlgorithm::sha256);
    install_catalog(db, default_catalog());
    AuditAnchor anchor = sign_audit_head(db, keys.private_key);
    CHECK(anchor.algorithm == DigestAlgorithm::sha256);
    CHECK(verify_audit_anchor(db, anchor, keys.public_key).valid);
    {
        sql::Connection c(db.path(), sql::Connection::Mode::read_write, 1000);
        c.exec("UPDATE meta SET value = 'sm3' WHERE key = 'audit_hash'");
    }
    rewrite_trail(db, 1); // the re-hashed chain may verify; its row images, hashed with sha256, do not
    const AnchorVerification v = verify_audit_anchor(db, anchor, keys.public_key);
    CHECK_FALSE(v.valid);
    CHECK(mentions(v, "the anchored chain is hashed with sha256, the trail with sm3: the trail was rewritten"));
}
