#include "store/masked_lookup.hpp"

#include <algorithm>

#include "credcheck/error.hpp"

namespace credcheck::store {

std::vector<SubjectId> subjects_fitting_mask(sql::Connection& c, const MaskedCode& mask, std::string_view name, std::size_t limit) {
    const std::string_view pattern = mask.pattern;
    const std::string prefix(pattern.substr(0, pattern.find('*')));
    if (prefix.size() < 6)
        throw Error(Status::invalid_identifier, "the masked code hides its first characters: it cannot be matched to a subject even by name");
    // Codes are ASCII: every code starting with the prefix sorts below the prefix followed by DEL.
    sql::Query q(c.prepared("SELECT c.code, c.subject_id FROM subject_codes c JOIN subjects s ON s.id = c.subject_id "
                            "WHERE c.code >= ?1 AND c.code < ?2 AND length(c.code) = ?3 AND s.name = ?4"));
    q.bind(prefix).bind(prefix + "\x7F").bind(static_cast<std::int64_t>(pattern.size())).bind(name);
    std::vector<SubjectId> out;
    while (q.step()) {
        if (!mask.fits(q.text(0))) continue;
        const SubjectId id = q.integer(1);
        if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
        if (out.size() >= limit) break;
    }
    return out;
}

} // namespace credcheck::store
