// credcheck/returns.hpp — what a department's replica returns to the credit office (issue 14): the
// checks it made (with their receipts), its feedback on decisions, and the objections received at its
// window, in a file signed with the department's SM2 key (keys.hpp). The office verifies it against the
// key it registered for that department and records every item as that department's act — in the
// check log its reports count, and in its audit trail. Importing the same file again changes nothing.
//
// Format (README "Returns"): one line of JSON, the signed text, then one line: the SM2 signature (SM3,
// ID 1234567812345678) of that text, DER, in lower-case hex.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(workflows)

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "credcheck/database.hpp"
#include "credcheck/objections.hpp"

namespace credcheck {

/// Registers (or replaces) the public key a department signs its returns with: the credit office only.
/// Error(not_found) for an unknown department, Error(invalid_argument) for a file that is no SM2 key.
void register_department_key(const Database& office, const std::string& department, const std::filesystem::path& public_key);

/// An objection a person lodged at the department's window, recorded on its replica until the return
/// takes it to the office, which files it (and from then on suspends the measures, as its feed tells
/// the replicas).
struct ReceivedObjection {
    ObjectionTarget target = ObjectionTarget::entry;
    std::int64_t target_id = 0; // the office's record or entry id, as the replica holds it
    Date received_on = Date::from_days(0);
    std::string filed_by, reason;
};

/// Records a received objection on a replica: a department's principal. Error(not_found) for a target
/// the replica does not hold, Error(conflict) on the office's own database (it files objections itself).
std::int64_t receive_objection(const Database& replica, const ReceivedObjection& objection);

struct OutboxOptions {
    std::filesystem::path key;  // the department's SM2 private key (PEM)
    std::filesystem::path file; // the return to write (never replaced)
    std::optional<std::chrono::sys_seconds> now;
};

struct OutboxInfo {
    std::filesystem::path file;
    std::string department;
    std::int64_t sequence = 0;
    std::int64_t checks = 0, feedback = 0, objections = 0;
    bool imported = true;            // import: false when this return was imported before (nothing changed)
    std::vector<std::string> notes;  // import: objections that could not be filed, and why
};

/// Writes the replica's new checks, feedback and received objections (those after the last return)
/// as the next return of the principal's department, signed. Error(permission_denied) unless the
/// principal is a department (the return is its acts); Error(conflict) on a database that is not a replica.
OutboxInfo export_outbox(const Database& replica, const OutboxOptions& options);

/// Verifies a return against the key registered for its department and records it, in one
/// transaction: the credit office only. Error(feed_refused) for a return that does not verify (no key
/// registered, another key, an altered text), Error(conflict) for another return under a sequence
/// already imported. The same return again: imported = false, nothing changes.
OutboxInfo import_outbox(const Database& office, const std::filesystem::path& file);

} // namespace credcheck
