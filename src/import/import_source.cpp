#include "import/import_source.hpp"

#include <fmt/format.h>

#include "credcheck/citizen_id.hpp"
#include "credcheck/error.hpp"
#include "import/fields.hpp"

namespace credcheck {

std::string ImportReport::where(std::size_t line) const {
    if (source.rows_are_lines) return fmt::format("line {}", line);
    if (source.format == "HTML table") return fmt::format("{} row {}", source.sheet, line);
    return fmt::format("sheet '{}' row {}", source.sheet, line);
}

} // namespace credcheck

namespace credcheck::import {

namespace {

std::string_view use_name(ColumnUse use) {
    switch (use) {
    case ColumnUse::mapped: return "mapped";
    case ColumnUse::ignored: return "ignored";
    case ColumnUse::unknown: return "unknown";
    case ColumnUse::untitled: return "untitled";
    }
    return "unknown";
}

} // namespace

PreparedFile prepare_file(const std::filesystem::path& file, const ImportOptions& options) {
    PreparedFile prepared;
    if (options.profile) {
        prepared.profile = load_profile(*options.profile);
        if (prepared.profile->kind != options.kind)
            throw Error(Status::invalid_argument, fmt::format("profile {} is for {}, not {}", prepared.profile->name, to_string(prepared.profile->kind),
                                                              to_string(options.kind)));
    }
    if (!options.constants.empty() && !prepared.profile) {
        prepared.profile.emplace();
        prepared.profile->name = "--set";
        prepared.profile->kind = options.kind;
    }
    for (const auto& assignment : options.constants) add_constant(*prepared.profile, assignment);

    TableOptions table;
    if (options.format) table.text_format = *options.format == credcheck::FileFormat::jsonl ? FileFormat::jsonl : FileFormat::csv;
    if (options.encoding) table.encoding = *options.encoding == TextEncoding::utf8 ? "utf-8" : "gb18030";
    table.sheet = options.sheet;
    table.header_row = options.header_row;
    const Profile* profile = prepared.profile ? &*prepared.profile : nullptr;
    const ImportKind kind = options.kind;
    table.recognised = [kind, profile](const std::string& key) { return ColumnMap::recognises(kind, profile, key); };
    prepared.table = open_table(file, table);

    const TableSource& t = prepared.table.source;
    ImportSource& s = prepared.source;
    s.format = std::string(format_description(t.format));
    if (t.format == SourceFormat::xls) s.format = "XLS (Excel 97-2003 workbook, read by FreeXL)";
    s.encoding = t.encoding;
    s.encoding_reason = t.encoding_reason;
    s.delimiters = t.delimiters;
    s.sheets = t.sheets;
    s.sheet = t.sheet;
    s.sheet_reason = t.sheet_reason;
    s.header_row = t.header_row;
    s.rows_are_lines = t.rows_are_lines;
    for (const auto& skipped : t.skipped) s.skipped_rows.emplace_back(skipped.number, mask_personal_ids_in_text(skipped.text));
    if (prepared.profile) s.profile = prepared.profile->name;
    return prepared;
}

void describe_columns(const ColumnMap& map, const std::vector<std::string>& header, ImportKind kind, ImportSource& source) {
    for (std::size_t i = 0; i < header.size(); ++i)
        source.columns.push_back(ImportColumn{header[i], std::string(use_name(map.use_of(i))), map.canonical_of(i)});
    const auto& defs = columns_for(kind);
    for (std::size_t i = 0; i < defs.size(); ++i)
        if (map.constant_of(i)) source.constants.emplace_back(defs[i].canonical, *map.constant_of(i));
}

PreviewRow preview_of(const ColumnMap& map, ImportKind kind, const SourceRow& row) {
    PreviewRow out;
    out.line = row.line;
    const auto& defs = columns_for(kind);
    for (std::size_t i = 0; i < defs.size(); ++i) {
        const std::size_t source = map.source_of(i);
        std::string_view text;
        if (source != ColumnMap::npos && source < row.fields.size()) text = trim(row.fields[source]);
        else if (map.constant_of(i)) text = *map.constant_of(i);
        if (text.empty()) continue;
        out.values.emplace_back(defs[i].canonical, mask_personal_ids_in_text(text));
    }
    return out;
}

} // namespace credcheck::import
