#include "credcheck/json.hpp"

namespace credcheck::serialize {

nlohmann::ordered_json import_report_json(std::string_view file, const ImportReport& r) {
    const ImportSource& s = r.source;
    nlohmann::ordered_json skipped = nlohmann::ordered_json::array();
    for (const auto& [row, text] : s.skipped_rows) skipped.push_back({{"row", row}, {"text", text}});
    nlohmann::ordered_json columns = nlohmann::ordered_json::array();
    for (const auto& c : s.columns) columns.push_back({{"title", c.title}, {"use", c.use}, {"column", c.column}});
    nlohmann::ordered_json constants = nlohmann::ordered_json::object();
    for (const auto& [column, value] : s.constants) constants[column] = value;
    nlohmann::ordered_json preview = nlohmann::ordered_json::array();
    for (const auto& p : r.preview) {
        nlohmann::ordered_json values = nlohmann::ordered_json::object();
        for (const auto& [column, value] : p.values) values[column] = value;
        preview.push_back({{"row", p.line}, {"values", std::move(values)}});
    }
    const auto listed = [&](const std::vector<RowProblem>& items) {
        nlohmann::ordered_json out = nlohmann::ordered_json::array();
        for (const auto& p : items) out.push_back({{"where", r.where(p.line)}, {"column", p.column}, {"value", p.value}, {"reason", p.reason}});
        return out;
    };
    nlohmann::ordered_json normalized = nlohmann::ordered_json::object();
    for (const auto& [change, rows] : r.normalized_codes) normalized[change] = rows;
    return {{"file", file},
            {"dry_run", r.dry_run},
            {"committed", r.committed},
            {"source",
             {{"format", s.format},
              {"encoding", s.encoding},
              {"encoding_reason", s.encoding_reason},
              {"delimiters", s.delimiters},
              {"sheets", s.sheets},
              {"sheet", s.sheet},
              {"sheet_reason", s.sheet_reason},
              {"header_row", s.header_row},
              {"rows_are", s.rows_are_lines ? "lines" : "rows"},
              {"skipped_rows", std::move(skipped)},
              {"profile", s.profile},
              {"columns", std::move(columns)},
              {"constants", std::move(constants)}}},
            {"refusals", r.refusals},
            {"preview", std::move(preview)},
            {"rows", r.rows},
            {"inserted", r.inserted},
            {"updated", r.updated},
            {"unchanged", r.unchanged},
            {"rejected", r.rejected},
            {"subjects_created", r.subjects_created},
            {"problems", listed(r.problems)},
            {"problems_omitted", r.problems_omitted},
            {"warnings", listed(r.warnings)},
            {"warnings_omitted", r.warnings_omitted},
            {"normalized_codes", std::move(normalized)}};
}

} // namespace credcheck::serialize
