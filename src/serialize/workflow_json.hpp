// The JSON shapes of the workflows' answers, shared by the command line (`--format json`) and the C ABI
// (credcheck_*_json). ID numbers are always masked: these are views for officers and reports.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "credcheck/audit.hpp"
#include "credcheck/dispatch.hpp"
#include "credcheck/objections.hpp"
#include "credcheck/publication.hpp"
#include "credcheck/repair.hpp"
#include "credcheck/report.hpp"

namespace credcheck::serialize {

nlohmann::ordered_json notices_json(const std::vector<Notice>& notices);
nlohmann::ordered_json dispatch_status_json(const std::vector<EntryDispatchStatus>& entries);
nlohmann::ordered_json objection_json(const Objection& o);
nlohmann::ordered_json objections_json(const std::vector<Objection>& objections);
nlohmann::ordered_json publication_json(const std::vector<PublicationItem>& items);
nlohmann::ordered_json report_json(const std::vector<DepartmentReport>& rows);
nlohmann::ordered_json audit_json(const std::vector<AuditEntry>& entries);
nlohmann::ordered_json audit_verification_json(const AuditVerification& v);

} // namespace credcheck::serialize
