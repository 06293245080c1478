#include "credcheck/audit_anchor.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "credcheck/error.hpp"
#include "security/permissions.hpp"
#include "store/audit_log.hpp"
#include "store/open_file.hpp"
#include "util/clock.hpp"
#include "util/sm2.hpp"

namespace credcheck {

namespace {

constexpr std::string_view kFormat = "credcheck audit anchor 1";

std::string to_hex(std::string_view bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * bytes.size());
    for (const char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        out += kHex[b >> 4];
        out += kHex[b & 0xF];
    }
    return out;
}

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

bool is_hex(std::string_view text) noexcept {
    for (const char c : text)
        if (hex_value(c) < 0) return false;
    return true;
}

/// The bytes of lower-case hex; nullopt when it is not that.
std::optional<std::string> from_hex(std::string_view hex) {
    if (hex.size() % 2 != 0 || !is_hex(hex)) return std::nullopt;
    std::string out(hex.size() / 2, '\0');
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<char>(hex_value(hex[2 * i]) * 16 + hex_value(hex[2 * i + 1]));
    return out;
}

struct Head {
    std::int64_t seq = 0;
    std::string at, hash;
    DigestAlgorithm algorithm = DigestAlgorithm::sm3;
};

Head read_head(const Database& db) {
    auto c = store::OpenFile(db).read();
    const sql::ReadTransaction tx(*c);
    Head head;
    head.algorithm = store::audit_algorithm(*c);
    if (auto last = store::chain_head(*c)) {
        head.seq = last->seq;
        head.at = std::move(last->at);
        head.hash = std::move(last->hash);
    }
    return head;
}

} // namespace

std::string audit_anchor_signed_text(const AuditAnchor& a) {
    const std::pair<std::string_view, std::string> fields[] = {
        {"database", a.database}, {"algorithm", std::string(to_string(a.algorithm))}, {"seq", std::to_string(a.seq)},          {"hash", a.hash},
        {"last_at", a.last_at},   {"signed_at", a.signed_at}, {"key_fingerprint", a.key_fingerprint},
    };
    std::string text(kFormat);
    text += '\n';
    for (const auto& [name, value] : fields) {
        if (value.find_first_of("\r\n") != std::string::npos)
            throw Error(Status::invalid_argument, fmt::format("the anchor's {} holds a line break", name));
        text += fmt::format("{}={}\n", name, value);
    }
    return text;
}

AuditAnchor sign_audit_head(const Database& db, const std::filesystem::path& private_key) {
    security::require_credit_office(db, "sign the audit trail's head");
    const Sm2Key key = Sm2Key::load(private_key);
    if (!key.has_private())
        throw Error(Status::invalid_argument, fmt::format("{} is a public key: signing the audit head needs the credit office's private key",
                                                          private_key.string()));
    const Head head = read_head(db);
    if (head.seq == 0) throw Error(Status::conflict, "the audit trail is empty: there is no head to sign");
    // Entries appended since the head was read only extend the chain; the chain up to the head must verify.
    const AuditVerification chain = verify_audit(db);
    if (!chain.intact)
        throw Error(Status::conflict, fmt::format("the audit trail is broken at entry {} ({}): an anchor would vouch for it", *chain.first_broken,
                                                  chain.problem));
    AuditAnchor a;
    a.seq = head.seq;
    a.hash = head.hash;
    a.algorithm = head.algorithm;
    a.last_at = head.at;
    a.database = db.path().filename().string();
    a.signed_at = utc_timestamp();
    a.key_fingerprint = key.fingerprint();
    a.signature = to_hex(key.sign(audit_anchor_signed_text(a)));
    return a;
}

std::string audit_anchor_json(const AuditAnchor& a) {
    nlohmann::ordered_json j;
    j["format"] = kFormat;
    j["database"] = a.database;
    j["algorithm"] = to_string(a.algorithm);
    j["seq"] = a.seq;
    j["hash"] = a.hash;
    j["last_at"] = a.last_at;
    j["signed_at"] = a.signed_at;
    j["key_fingerprint"] = a.key_fingerprint;
    j["signature"] = a.signature;
    return j.dump(2) + "\n";
}

AuditAnchor parse_audit_anchor(std::string_view text) {
    const auto bad = [](const std::string& why) { return Error(Status::invalid_argument, "not an audit anchor: " + why); };
    const auto j = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded()) throw bad("it is not JSON");
    if (!j.is_object()) throw bad("it is not a JSON object");
    if (!j.contains("format") || j["format"] != kFormat) throw bad(fmt::format("\"format\" is not \"{}\"", kFormat));
    static constexpr std::string_view kFields[] = {"format", "database", "algorithm", "seq", "hash", "last_at", "signed_at", "key_fingerprint", "signature"};
    for (const auto& [name, value] : j.items())
        if (std::find(std::begin(kFields), std::end(kFields), name) == std::end(kFields)) throw bad(fmt::format("unknown field \"{}\"", name));
    const auto text_field = [&](const char* name) {
        if (!j.contains(name)) throw bad(fmt::format("field \"{}\" is missing", name));
        if (!j[name].is_string()) throw bad(fmt::format("field \"{}\" is not a string", name));
        return j[name].get<std::string>();
    };
    const auto hex_field = [&](const char* name, std::size_t size) {
        std::string value = text_field(name);
        if ((size != 0 && value.size() != size) || value.empty() || !is_hex(value))
            throw bad(fmt::format("field \"{}\" is not {}lower-case hex", name, size != 0 ? fmt::format("{} digits of ", size) : ""));
        return value;
    };
    AuditAnchor a;
    if (!j.contains("seq") || !j["seq"].is_number_integer()) throw bad("field \"seq\" is missing or not an integer");
    a.seq = j["seq"].get<std::int64_t>();
    if (a.seq < 1) throw bad("field \"seq\" is not positive");
    a.database = text_field("database");
    const std::string algorithm = text_field("algorithm");
    const auto parsed = parse_digest_algorithm(algorithm);
    if (!parsed) throw bad(fmt::format("algorithm \"{}\" is not sm3 or sha256", algorithm));
    a.algorithm = *parsed;
    a.hash = hex_field("hash", 64);
    a.last_at = text_field("last_at");
    a.signed_at = text_field("signed_at");
    a.key_fingerprint = hex_field("key_fingerprint", 64);
    a.signature = hex_field("signature", 0);
    if (a.signature.size() % 2 != 0) throw bad("field \"signature\" has an odd number of hex digits");
    audit_anchor_signed_text(a); // no line breaks
    return a;
}

AuditAnchor load_audit_anchor(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) throw Error(Status::not_found, fmt::format("anchor file {} does not exist", file.string()));
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    if (!in || !(text << in.rdbuf())) throw Error(Status::io_error, fmt::format("cannot read anchor file {}", file.string()));
    try {
        return parse_audit_anchor(text.str());
    } catch (const Error& e) {
        throw Error(e.status(), fmt::format("{}: {}", file.string(), e.what()));
    }
}

AnchorVerification verify_audit_anchor(const Database& db, const AuditAnchor& anchor, const std::filesystem::path& trusted_public_key) {
    security::require_not_public(db, "verify the audit trail");
    const Sm2Key trusted = Sm2Key::load(trusted_public_key);
    AnchorVerification v;

    // (a) The signature, under the key the verifier trusts — not the one the anchor names.
    const std::string trusted_fingerprint = trusted.fingerprint();
    const auto signature = from_hex(anchor.signature);
    if (anchor.key_fingerprint != trusted_fingerprint) {
        v.problems.push_back(fmt::format("the anchor was signed by another key ({}), not the trusted key {} ({})", anchor.key_fingerprint,
                                         trusted_fingerprint, trusted_public_key.string()));
    } else if (!signature) {
        v.problems.push_back("the anchor's signature is not hex");
    } else {
        std::string text;
        try {
            text = audit_anchor_signed_text(anchor);
        } catch (const Error& e) {
            v.problems.push_back(e.what());
        }
        if (!text.empty() && trusted.verify(text, *signature)) v.signature_valid = true;
        else if (!text.empty())
            v.problems.push_back("the anchor's signature does not verify under the trusted key: a field was edited after signing");
    }

    // (b) The chain as it stands.
    v.chain = verify_audit(db);
    v.chain_intact = v.chain.intact;
    if (v.chain.first_broken) v.problems.push_back(fmt::format("the chain is broken at entry {}: {}", *v.chain.first_broken, v.chain.problem));
    else if (!v.chain.intact) v.problems.push_back(fmt::format("the trail does not vouch for the data: {}", v.chain.problem));

    // (c) The anchored head is still there, unchanged (one statement: one committed state).
    const store::ChainPosition position = store::chain_position(*store::OpenFile(db).read(), anchor.seq);
    v.trail_entries = position.entries;
    const std::optional<std::string>& hash_now = position.hash;
    if (anchor.algorithm != v.chain.algorithm) {
        v.problems.push_back(fmt::format("the anchored chain is hashed with {}, the trail with {}: the trail was rewritten",
                                         to_string(anchor.algorithm), to_string(v.chain.algorithm)));
    } else if (!hash_now) {
        if (v.trail_entries < anchor.seq)
            v.problems.push_back(fmt::format("truncated: the anchor vouches for {} entries, the trail has {}", anchor.seq, v.trail_entries));
        else
            v.problems.push_back(fmt::format("entry {}, the anchored head, is missing", anchor.seq));
    } else if (*hash_now != anchor.hash) {
        v.problems.push_back(fmt::format("entry {} differs from the anchored head: the trail was rewritten", anchor.seq));
    } else {
        v.head_matches = true;
    }

    const std::string name = db.path().filename().string();
    if (anchor.database != name) v.note = fmt::format("the anchor was made for {}; this file is {}", anchor.database, name);
    v.valid = v.signature_valid && v.chain_intact && v.head_matches;
    return v;
}

} // namespace credcheck
