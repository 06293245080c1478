// Appending to the audit trail (seed item 18), inside the caller's write transaction. Each entry's
// hash covers its fields and the previous entry's hash, so an edited, deleted or reordered entry
// breaks the chain; an entry also carries a digest of the history rows its write produced, so the
// before-and-after of every update is covered too.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <cstdint>
#include <functional>
#include <optional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "credcheck/audit_types.hpp"
#include "credcheck/principal.hpp"
#include "store/sqlite.hpp"
#include "util/digest.hpp"

namespace credcheck::store {

/// The fields an entry's hash covers, joined in a fixed order with the unit separator.
std::string audit_canonical(std::int64_t seq, std::string_view at, std::string_view department, std::string_view role,
                            std::string_view officer, std::string_view action, std::string_view subject, std::string_view target,
                            std::string_view details, std::string_view prev_hash);

/// The digest of the history rows with id in (after, up_to], as the audit entry of their write records it.
std::string history_digest(sql::Connection& c, DigestAlgorithm algorithm, std::int64_t after, std::int64_t up_to);

DigestAlgorithm audit_algorithm(sql::Connection& c);

/// The ids of history rows outside every range (after, up_to] given (sorted or not): rows no audit
/// entry vouches for. At most `limit` of them, and how many in all.
struct Uncovered {
    std::vector<std::int64_t> first;
    std::uint64_t total = 0;
};
Uncovered history_not_covered(sql::Connection& c, std::vector<std::pair<std::int64_t, std::int64_t>> ranges, std::size_t limit);

/// Entries matching `query`, oldest first, as stored (`department` is the acting department: ''
/// for all). Masking is the reader's.
std::vector<AuditEntry> audit_entries(sql::Connection& c, const AuditQuery& query);

/// An entry as the chain covers it (audit_canonical's fields, and its hash).
struct ChainEntry {
    std::int64_t seq = 0;
    std::string_view at, department, role, officer, action, subject, target, details, prev_hash, hash;
};
/// Calls `visit` with every entry in order of seq until it returns false. The views are valid during the call.
void for_each_chain_entry(sql::Connection& c, const std::function<bool(const ChainEntry&)>& visit);

/// The last entry (nullopt: an empty trail).
struct ChainHead {
    std::int64_t seq = 0;
    std::string at, hash;
};
std::optional<ChainHead> chain_head(sql::Connection& c);

/// How many entries the trail holds, and the hash of entry `seq` if there is one (one statement: one
/// committed state).
struct ChainPosition {
    std::int64_t entries = 0;
    std::optional<std::string> hash;
};
ChainPosition chain_position(sql::Connection& c, std::int64_t seq);

/// How many entries the trail holds.
std::int64_t audit_entry_count(sql::Connection& c);
/// Chooses the chain's hash (the caller checks that the trail is empty).
void set_audit_algorithm(sql::Connection& c, DigestAlgorithm algorithm);

/// One write's audit entry: created when the write starts (it notes where the history stands) and
/// appended just before the write commits.
class AuditScope {
public:
    AuditScope(sql::Connection& c, const Principal& principal, std::string action);
    AuditScope(const AuditScope&) = delete;
    AuditScope& operator=(const AuditScope&) = delete;

    std::string subject;         // the subject's code, when the write concerns one
    std::string target;          // what was acted on, in words
    nlohmann::ordered_json details = nlohmann::ordered_json::object();

    /// Appends the entry (with the digest of the history rows written since the scope began).
    void append();

private:
    sql::Connection& c_;
    const Principal& principal_;
    std::string action_;
    std::int64_t history_before_ = 0;
};

/// Appends one entry; `at` is a UTC timestamp. The entry takes the row images the connection captured
/// since the last entry (details "images": chunk ids, row count, digest), so that it vouches for the
/// rows its write produced.
void append_audit(sql::Connection& c, const Principal& principal, std::string_view action, std::string_view subject,
                  std::string_view target, nlohmann::ordered_json details, std::string_view at);

} // namespace credcheck::store
