// credcheck/principal.hpp — who is calling (seed item 18). The embedding application authenticates
// people; credcheck enforces what the department and role it is told about may do, on every write and
// every check, and records the principal in the audit trail.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <optional>
#include <string>
#include <string_view>

namespace credcheck {

/// credit_office: everything (the 社会信用体系建设领导小组办公室). initiating: a department that finds
/// records and list entries — writes its own, resolves objections to them, repairs them. implementing:
/// a department that applies measures — checks, its inbox, feedback. public_reader: the published red
/// and black lists only, masked.
enum class AccessRole { credit_office, initiating, implementing, public_reader };

/// "credit_office", "initiating", "implementing", "public".
std::string_view to_string(AccessRole) noexcept;
std::optional<AccessRole> parse_access_role(std::string_view name) noexcept;

struct Principal {
    std::string department; // name (or code) as the departments table knows it; empty for the credit office or the public
    AccessRole role = AccessRole::credit_office;
    std::string officer;    // who, for the audit trail

    /// The credit office acting through its own tools (the command line's default).
    static Principal credit_office(std::string officer = "local administrator") {
        return Principal{"", AccessRole::credit_office, std::move(officer)};
    }

    /// "鄂州市财政局 (implementing) 张科员": for messages and the audit trail.
    std::string describe() const;

    /// Citizen ID numbers in full: the credit office only.
    bool sees_full_ids() const noexcept { return role == AccessRole::credit_office; }

    /// True when `other` has no right this principal lacks: the credit office may become anyone; a
    /// department may become itself (another officer), itself in the implementing role, or the public;
    /// the public only the public. Database::as() derives handles only this way.
    bool may_act_as(const Principal& other) const noexcept;
};

/// Parses the command line's `--as DEPARTMENT:ROLE[:OFFICER]` (role credit_office needs no department:
/// `:credit_office:王主任`). Throws Error(invalid_argument) naming what is wrong: an empty text, a
/// missing role, an unknown role, an initiating or implementing principal without a department, or a
/// department or officer that is blank or holds control characters. Everything after the second
/// colon is the officer.
Principal parse_principal(std::string_view text);

} // namespace credcheck
