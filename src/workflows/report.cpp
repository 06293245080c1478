// The periodic report: the publication states by the publicity rules, and the store's grouped counts,
// merged per department.
#include "credcheck/check.hpp"
#include "credcheck/report.hpp"

#include <fmt/format.h>
#include <map>

#include "credcheck/error.hpp"
#include "credcheck/publication.hpp"
#include "security/permissions.hpp"
#include "store/open_file.hpp"
#include "store/report_queries.hpp"

namespace credcheck {

namespace {

std::vector<DepartmentReport> credit_report_scoped(const Database& db, const ReportQuery& query) {
    std::map<std::string, DepartmentReport> by_department;
    const auto row = [&](std::string_view name) -> DepartmentReport& {
        auto& r = by_department[std::string(name)];
        r.department = name;
        return r;
    };

    PublicationQuery publication;
    publication.as_of = query.to;
    publication.overdue_only = false;
    publication.from = query.from;
    publication.to = query.to;
    publication.department = query.department;
    for (const auto& item : publication_status(db, publication)) {
        auto& r = row(item.department);
        ++(item.kind == RecordKind::license ? r.licenses : r.penalties);
        switch (item.state) {
        case PublicationState::on_time: ++r.published_on_time; break;
        case PublicationState::late: ++r.published_late; break;
        case PublicationState::overdue: ++r.overdue; break;
        case PublicationState::not_to_publish: ++r.not_to_publish; break;
        default: ++r.pending; break;
        }
    }

    store::add_period_counts(*store::OpenFile(db).read(), query, by_department);
    std::vector<DepartmentReport> out;
    for (auto& [name, r] : by_department) out.push_back(std::move(r));
    return out;
}

} // namespace

std::vector<DepartmentReport> credit_report(const Database& db, const ReportQuery& query) {
    if (query.to < query.from)
        throw Error(Status::invalid_argument, fmt::format("the report period ends ({}) before it starts ({})", query.to.iso(), query.from.iso()));
    ReportQuery scoped = query;
    scoped.department = security::department_scope(db, query.department, "read the report");
    flush_check_log(db); // the checks counted include those still queued
    return credit_report_scoped(db, scoped);
}

} // namespace credcheck
