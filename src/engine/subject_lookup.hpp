// How a check finds its subject: by the code asked for as the store holds it (on a replica an ID or
// taxpayer number by its keyed digest), by the organisation code a tax registration number carries, by a
// code failing only its check character that was admitted on import, or — a masked code from a published
// list, with a name — as the one subject of that name whose code fits the mask.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(engine)

#include <optional>
#include <string>
#include <vector>

#include "credcheck/check.hpp"
#include "credcheck/identify.hpp"
#include "store/check_reads.hpp"
#include "util/keyed_digest.hpp"

namespace credcheck::engine {

/// A check request's subject, identified and ready to look up.
struct SubjectLookup {
    std::optional<std::string> normalized_code; // when the request names a code: as shown and logged
    std::string lookup_code;                    // as the store knows it
    /// Looked up when the code itself is unknown: the organisation code a tax registration number carries.
    std::optional<std::string> fallback_code;
    /// A masked code with the subject's name: the subject is the one candidate (open_subject finds it).
    std::optional<MaskedCode> masked;
    std::string name;
    /// A USCC failing only its check character: checked only when a subject holds it as recorded
    /// (admitted as issued on import); else `invalid` is the answer.
    std::optional<std::string> invalid;
    /// What the decision must say about how its subject was found.
    std::vector<std::string> caveats;
};

/// Identifies the request's subject; `person_codes` is a replica's key for ID numbers (null on the
/// office). Error(invalid_identifier) for a code that cannot identify anything.
SubjectLookup look_up(const CheckRequest& request, const KeyedDigest* person_codes);

/// Opens the subject's facts for `as_of` inside the reads' transaction. Error(invalid_identifier) for a
/// masked code that fits no subject of its name or several, and an unadmitted code failing its check.
store::CheckReads::Opening open_subject(store::CheckReads& reads, sql::Connection& c, const CheckRequest& request,
                                        const SubjectLookup& lookup, Date as_of);

} // namespace credcheck::engine
