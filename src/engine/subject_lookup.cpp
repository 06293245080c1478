#include "engine/subject_lookup.hpp"

#include <fmt/format.h>

#include "credcheck/citizen_id.hpp"
#include "credcheck/error.hpp"
#include "store/masked_lookup.hpp"
#include "store/projection.hpp"

namespace credcheck::engine {

/// On a replica a code holding a person's ID number (Identification::holds_personal_id) is looked up by its keyed
/// digest and shown masked: the replica never holds the number itself, not even in its check log.
SubjectLookup look_up(const CheckRequest& r, const KeyedDigest* person_codes) {
    SubjectLookup p;
    if (r.subject_id) return p;
    const Identification id = identify(r.subject);
    if (id.ok()) {
        p.normalized_code = id.normalized();
        p.lookup_code = id.normalized();
        if (person_codes && id.holds_personal_id()) {
            p.lookup_code = std::string(store::kPersonCodePrefix) + person_codes->mac_hex(id.normalized());
            p.normalized_code = id.masked_normalized();
        }
        if (const auto* tax = id.get<TaxRegistrationNo>()) p.fallback_code = tax->org_code().str();
        return p;
    }
    const std::string invalid = fmt::format("subject '{}' is not a valid identifier: {}", mask_personal_id(r.subject), id.error()->message);
    if (id.masked() && !r.subject_name.empty()) {
        p.masked = id.masked();
        p.name = r.subject_name;
        p.caveats.push_back("found by its name and the characters a masked code shows, not by a code: confirm that it is the same subject "
                            "before acting on this answer");
        return p;
    }
    if (id.fails_only_check_character()) {
        p.normalized_code = admit_as_issued(id).normalized();
        p.lookup_code = *p.normalized_code;
        p.invalid = invalid;
        p.caveats.push_back(fmt::format("the code fails its check character ({}); it is the code recorded for this subject, admitted on "
                                        "import as really issued",
                                        id.error()->message));
        return p;
    }
    throw Error(Status::invalid_identifier, invalid);
}

store::CheckReads::Opening open_subject(store::CheckReads& reads, sql::Connection& c, const CheckRequest& r, const SubjectLookup& p, Date as_of) {
    SubjectId by_name = 0;
    if (p.masked) {
        const auto candidates = store::subjects_fitting_mask(c, *p.masked, p.name, 2);
        if (candidates.empty())
            throw Error(Status::invalid_identifier,
                        fmt::format("subject '{}' is a masked code, and no subject named '{}' has a code that fits it", mask_personal_id(r.subject), p.name));
        if (candidates.size() > 1)
            throw Error(Status::invalid_identifier,
                        fmt::format("subject '{}' is a masked code, and several subjects named '{}' have a code that fits it: the full code is needed",
                                    mask_personal_id(r.subject), p.name));
        by_name = candidates.front();
    }
    auto opening = reads.open(p.masked ? "" : p.lookup_code, by_name ? by_name : r.subject_id.value_or(0), as_of);
    if (!opening.subject && p.fallback_code) opening = reads.open(*p.fallback_code, 0, as_of);
    if (!opening.subject && p.invalid) throw Error(Status::invalid_identifier, *p.invalid);
    return opening;
}

} // namespace credcheck::engine
