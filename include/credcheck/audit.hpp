// credcheck/audit.hpp — the tamper-evident audit trail (seed item 18). Every write (who, when, what,
// with a digest of the before-and-after history it produced) and every check (who, purpose, subject,
// scenario, verdict, decision id, data version) is an entry carrying the hash of the entry before it:
// SM3 (GB/T 32905, through OpenSSL 3) by default, SHA-256 as an option chosen while the trail is empty.
//
// Every write's entry also vouches for the rows it produced: the after-image digest of each row
// (store/row_images.hpp), so that verification checks the data against the trail, not only the trail.
//
// What verification proves: an entry edited, deleted or moved breaks the chain at that entry; a
// history row or row image no entry vouches for is named; every subject, code, relation, record, list
// entry, objection, notice … equals the last image the trail recorded for it — a row edited, added or
// deleted in the file directly (DENY → ALLOW by hand) is named, and so is a database holding data whose
// trail was deleted. What it cannot prove alone: that the newest entries were not cut off, or that
// someone with the file did not rewrite entries and recompute every hash — an anchor signed with the
// credit office's key and kept elsewhere proves that (audit_anchor.hpp). Not covered: meta (counters
// and settings, which the entries changing them record).
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(workflows)

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "credcheck/audit_types.hpp"
#include "credcheck/database.hpp"
#include "credcheck/digest_algorithm.hpp"

namespace credcheck {

/// Entries, oldest first. The credit office reads every entry; a department its own; the public none.
std::vector<AuditEntry> audit_entries(const Database& db, const AuditQuery& query);

struct AuditVerification {
    bool intact = true;                       // the chain, the history and the data all verify
    std::int64_t entries = 0;
    std::optional<std::int64_t> first_broken; // the first entry that does not verify
    std::string problem;                      // why, in words (the first problem found)
    DigestAlgorithm algorithm = DigestAlgorithm::sm3;
    std::string head;                         // the last entry's hash
    std::uint64_t rows_checked = 0;           // data rows compared with their images (0 when the chain broke first)
    std::uint64_t images = 0;                 // row images read
    std::vector<std::string> data_problems;   // the first 100 rows that do not match the trail, in words
    std::uint64_t data_problems_total = 0;
};

/// Recomputes the whole chain (and each write's history and row-image digests), then compares every
/// vouched row with the last image the trail recorded for it. Not for the public. Costs a read of the
/// whole database: seconds per million rows.
AuditVerification verify_audit(const Database& db);

/// Chooses the chain's hash (SM3 by default). Only while the trail is empty (Error(conflict) after), by
/// the credit office.
void set_audit_algorithm(Database& db, DigestAlgorithm algorithm);

} // namespace credcheck
