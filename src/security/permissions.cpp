#include "security/permissions.hpp"

#include <fmt/format.h>

#include "credcheck/error.hpp"
#include "store/reads.hpp"

namespace credcheck::security {

void require(const Principal& p, bool allowed, std::string_view what) {
    if (!allowed) throw Error(Status::permission_denied, fmt::format("{} may not {}", p.describe(), what));
}

bool is_own(const Principal& p, const Department& d) noexcept {
    if (p.department.empty()) return false;
    return p.department == d.name || p.department == d.code || (d.uscc && p.department == *d.uscc);
}

void require_own_department(const Database& db, const Department& department, std::string_view what) {
    const Principal& p = db.principal();
    const bool allowed = p.role == AccessRole::credit_office ||
                         ((p.role == AccessRole::initiating || p.role == AccessRole::implementing) && is_own(p, department));
    require(p, allowed, fmt::format("{} of {}", what, department.name));
}

void require_initiating_department(const Database& db, const Department& department, std::string_view what) {
    const Principal& p = db.principal();
    const bool allowed = p.role == AccessRole::credit_office || (p.role == AccessRole::initiating && is_own(p, department));
    require(p, allowed, fmt::format("{} of {}", what, department.name));
}

bool may_write_registry_facts(const Database& db, sql::Connection& c) {
    const Principal& p = db.principal();
    if (p.role == AccessRole::credit_office) return true;
    if (p.role != AccessRole::initiating) return false;
    const auto own = store::department_by_key(c, p.department);
    return own && is_own(p, *own) && store::is_registration_authority(c, own->id);
}

std::string department_scope(const Database& db, const std::string& asked, std::string_view what) {
    const Principal& p = db.principal();
    if (p.role == AccessRole::credit_office) return asked;
    require(p, p.role != AccessRole::public_reader, what);
    if (!asked.empty() && asked != p.department) require(p, false, fmt::format("{} of {}", what, asked));
    return p.department;
}

} // namespace credcheck::security
