// credcheck/audit.hpp — the tamper-evident audit trail (seed item 18). Every write (who, when, what,
// with a digest of the before-and-after history it produced) and every check (who, purpose, subject,
// scenario, verdict, decision id, data version) is an entry carrying the hash of the entry before it:
// SM3 (GB/T 32905, through OpenSSL 3) by default, SHA-256 as an option chosen while the trail is empty.
//
// What the chain proves: an entry edited, deleted or moved breaks it at that entry. What it cannot
// prove alone: that the newest entries were not cut off — keep audit_head() somewhere else (a
// report, a second system) and compare.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "credcheck/database.hpp"

namespace credcheck {

struct AuditEntry {
    std::int64_t seq = 0;
    std::string at; // UTC
    std::string department, role, officer;
    std::string action;  // import, check, objection.file, objection.resolve, repair, feedback, …
    std::string subject; // masked unless the principal sees full ID numbers
    std::string target;
    std::string details; // JSON
    std::string hash;
};

struct AuditQuery {
    std::string subject;     // any code of the subject (matched as recorded)
    std::string department;  // the acting department
    std::string decision_id; // the entry of one check
    std::optional<Date> from, to; // by the entry's UTC date, inclusive
    std::size_t limit = 1000;
};

/// Entries, oldest first. The credit office reads every entry; a department its own; the public none.
std::vector<AuditEntry> audit_entries(const Database& db, const AuditQuery& query);

struct AuditVerification {
    bool intact = true;
    std::int64_t entries = 0;
    std::optional<std::int64_t> first_broken; // the first entry that does not verify
    std::string problem;                      // why, in words
    std::string algorithm;                    // sm3 or sha256
    std::string head;                         // the last entry's hash
};

/// Recomputes the whole chain (and each write's history digest). Not for the public.
AuditVerification verify_audit(const Database& db);

/// Chooses the chain's hash: "sm3" (default) or "sha256". Only while the trail is empty (Error(conflict)
/// after), by the credit office.
void set_audit_algorithm(Database& db, const std::string& algorithm);

} // namespace credcheck
