// credcheck/audit_types.hpp — an audit trail's entries and the query over them (credcheck/audit.hpp).
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "credcheck/date.hpp"

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

} // namespace credcheck
