#include "credcheck/departments.hpp"

#include <fmt/format.h>

#include "credcheck/error.hpp"
#include "security/permissions.hpp"
#include "store/audit_log.hpp"
#include "store/open_file.hpp"
#include "store/reads.hpp"
#include "util/clock.hpp"

namespace credcheck {

std::vector<DepartmentListing> list_departments(const Database& db) {
    security::require_not_public(db, "list the departments");
    std::vector<DepartmentListing> out;
    for (auto& [department, designated] : store::departments_with_designation(*store::OpenFile(db).read()))
        out.push_back(DepartmentListing{std::move(department), designated});
    return out;
}

void designate_registration_authority(Database& db, const std::string& department, bool designated) {
    security::require_credit_office(db, designated ? "designate a registration authority" : "end a registration authority's designation");
    store::OpenFile(db).write([&](sql::Connection& c) {
        sql::Transaction tx(c);
        const auto d = store::department_by_key(c, department);
        if (!d) throw Error(Status::not_found, fmt::format("no department '{}' (departments are created by imports and routes)", department));
        const std::string now = utc_timestamp();
        if (store::set_registration_authority(c, d->id, designated, now, db.principal().describe())) {
            store::AuditScope audit(c, db.principal(), designated ? "registry.designate" : "registry.revoke");
            audit.target = d->name;
            audit.details = {{"department", d->name}, {"code", d->code}, {"registration_authority", designated}};
            audit.append();
        }
        tx.commit();
    });
}

bool may_write_registry_facts(const Database& db) { return security::may_write_registry_facts(db, *store::OpenFile(db).read()); }

} // namespace credcheck
