// credcheck/json.hpp — the JSON shapes of credcheck's answers: one serializer per answer, shared by
// the command line (`--json`, `--format json`) and the C ABI (credcheck_*_json), so that both always
// print the same document. Uses nlohmann::json (Debian: nlohmann-json3-dev).
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(root)

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "credcheck/audit.hpp"
#include "credcheck/check.hpp"
#include "credcheck/dispatch.hpp"
#include "credcheck/identify.hpp"
#include "credcheck/tables.hpp"
#include "credcheck/objections.hpp"
#include "credcheck/publication.hpp"
#include "credcheck/repair.hpp"
#include "credcheck/report.hpp"

namespace credcheck::serialize {

/// Whether personal identifiers are shown in full or masked (`420704********1237`).
enum class PersonalData { masked, full };

/// {"input", "valid", "kind", "normalized", "error", "error_position", "parts": {…} | "closest_kind",
/// "changes": [what normalisation changed: "spaces", "hyphens", "full_width", "lower_case", "apostrophe",
/// "quotes"], "masked", "note"}. A citizen ID number (or taxpayer number) in `input` and `normalized` is
/// masked unless `personal` is full.
nlohmann::ordered_json identification_json(std::string_view input, const Identification& id, PersonalData personal);

/// A decision: verdict, subject, scenario, as_of, measures, suspended, green_channel, receipt, caveats,
/// logged (README: The must-check). Citizen ID numbers (of the subject and of listed parties) are
/// masked unless `personal` is full.
nlohmann::ordered_json decision_json(const Decision& d, PersonalData personal);

// The workflows' answers. ID numbers are always masked: these are views for officers and reports.
nlohmann::ordered_json notices_json(const std::vector<Notice>& notices);
nlohmann::ordered_json dispatch_status_json(const std::vector<EntryDispatchStatus>& entries);
nlohmann::ordered_json objection_json(const Objection& o);
nlohmann::ordered_json objections_json(const std::vector<Objection>& objections);
nlohmann::ordered_json publication_json(const std::vector<PublicationItem>& items);
nlohmann::ordered_json report_json(const std::vector<DepartmentReport>& rows);
nlohmann::ordered_json audit_json(const std::vector<AuditEntry>& entries);
nlohmann::ordered_json audit_verification_json(const AuditVerification& v);

/// An import's report, what was read and how and what the rows did or would do: {"file", "dry_run",
/// "committed", "source": {"format", "encoding", "encoding_reason", "delimiters", "sheets", "sheet",
/// "sheet_reason", "header_row", "rows_are", "skipped_rows": [{"row", "text"}], "profile", "columns":
/// [{"title", "use", "column"}], "constants": {COLUMN: VALUE}}, "refusals", "preview": [{"row", "values":
/// {COLUMN: VALUE}}], "rows", "inserted", "updated", "unchanged", "rejected", "subjects_created",
/// "problems": [{"where", "column", "value", "reason"}], "problems_omitted", "warnings": [same shape],
/// "warnings_omitted", "normalized_codes": {"folded full-width characters": ROWS}}. Values are as the
/// report holds them (ID numbers already masked).
nlohmann::ordered_json import_report_json(std::string_view file, const ImportReport& report);

} // namespace credcheck::serialize
