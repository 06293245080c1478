// The one JSON shape of an import's report — what was read and how (format, encoding, sheet, header,
// each column's use, constants), what the rows did or would do, the first rows of a dry run, the problems
// — shared by `credcheck import --json` and the C ABI (credcheck_import_preview_json).
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "credcheck/import.hpp"

namespace credcheck::serialize {

/// {"file", "dry_run", "committed", "source": {"format", "encoding", "encoding_reason", "delimiters",
/// "sheets", "sheet", "sheet_reason", "header_row", "rows_are", "skipped_rows": [{"row", "text"}],
/// "profile", "columns": [{"title", "use", "column"}], "constants": {COLUMN: VALUE}}, "refusals",
/// "preview": [{"row", "values": {COLUMN: VALUE}}], "rows", "inserted", "updated", "unchanged",
/// "rejected", "subjects_created", "problems": [{"where", "column", "value", "reason"}], "problems_omitted",
/// "warnings": [same shape], "warnings_omitted", "normalized_codes": {"folded full-width characters": ROWS}}.
/// Values are as the report holds them (ID numbers already masked).
nlohmann::ordered_json import_report_json(std::string_view file, const ImportReport& report);

} // namespace credcheck::serialize
