// Export in the canonical columns of each kind, in a stable order (by natural key, never by row id),
// so that export → import into an empty database → export gives the same bytes.
#include <fmt/format.h>

#include "import/exporter.hpp"

#include "credcheck/citizen_id.hpp"
#include "credcheck/tables.hpp"
#include "import/columns.hpp"
#include "import/csv_writer.hpp"
#include "import/fields.hpp"
#include "security/permissions.hpp"
#include "store/open_file.hpp"

namespace credcheck {

namespace {

std::string text_of(const sql::Query& q, int column) { return std::string(q.text(column)); }

std::string amount_of(const sql::Query& q, int column) {
    return q.is_null(column) ? std::string() : import::format_amount_10k_yuan(q.integer(column));
}

// The columns of a licence or penalty in canonical order; the callers add WHERE and ORDER BY.
#define CREDCHECK_PENALTY_SELECT \
    "SELECT r.document_no, s.code, '', s.name, s.kind, " \
    "  coalesce((SELECT min(code) FROM subject_codes WHERE subject_id = s.id AND kind = 'registration_no'), ''), " \
    "  coalesce((SELECT min(code) FROM subject_codes WHERE subject_id = s.id AND kind = 'org_code'), ''), " \
    "  coalesce(r.legal_representative, ''), coalesce(r.legal_representative_id, ''), d.name, coalesce(d.uscc, ''), " \
    "  r.decided_on, coalesce(r.violation_type, ''), coalesce(r.facts, ''), r.legal_basis, coalesce(r.penalty_types, ''), " \
    "  r.content, r.fine_fen, r.confiscated_fen, coalesce(r.valid_to, ''), coalesce(r.publicity_until, ''), " \
    "  coalesce(r.severity, ''), coalesce(r.category, ''), r.status, coalesce(r.published_on, '') " \
    "FROM records r JOIN subjects s ON s.id = r.subject_id JOIN departments d ON d.id = r.department_id "
#define CREDCHECK_LICENSE_SELECT \
    "SELECT r.document_no, s.code, '', s.name, s.kind, " \
    "  coalesce((SELECT min(code) FROM subject_codes WHERE subject_id = s.id AND kind = 'registration_no'), ''), " \
    "  coalesce((SELECT min(code) FROM subject_codes WHERE subject_id = s.id AND kind = 'org_code'), ''), " \
    "  coalesce(r.legal_representative, ''), coalesce(r.legal_representative_id, ''), d.name, coalesce(d.uscc, ''), " \
    "  r.decided_on, coalesce(r.license_category, ''), coalesce(r.license_name, ''), coalesce(r.license_no, ''), " \
    "  r.content, coalesce(r.valid_from, ''), coalesce(r.valid_to, ''), r.status, coalesce(r.published_on, '') " \
    "FROM records r JOIN subjects s ON s.id = r.subject_id JOIN departments d ON d.id = r.department_id "

/// SQL per kind: its result columns are exactly canonical_columns(kind), in order, as text.
const char* export_sql(ImportKind kind) {
    switch (kind) {
    case ImportKind::subjects:
        return "SELECT s.code, s.name, s.kind, coalesce(s.established_on, ''), s.status, coalesce(s.division, ''), "
               "  coalesce((SELECT group_concat(code, ';') FROM (SELECT code FROM subject_codes c "
               "            WHERE c.subject_id = s.id AND c.code <> s.code ORDER BY code)), ''), "
               "  coalesce(p.code, ''), coalesce(p.name, '') "
               "FROM subjects s "
               "LEFT JOIN subjects p ON p.id = (SELECT r.person_id FROM relations r JOIN subjects pp ON pp.id = r.person_id "
               "  WHERE r.organization_id = s.id AND r.role = 'legal_representative' AND r.valid_from IS NULL "
               "  AND r.valid_to IS NULL ORDER BY pp.code LIMIT 1) "
               "ORDER BY s.code";
    case ImportKind::relations:
        return "SELECT o.code, p.code, p.name, r.role, coalesce(r.valid_from, ''), coalesce(r.valid_to, '') "
               "FROM relations r JOIN subjects o ON o.id = r.organization_id JOIN subjects p ON p.id = r.person_id "
               "ORDER BY o.code, p.code, r.role, coalesce(r.valid_from, '')";
    case ImportKind::lists:
        return "SELECT e.list_code, s.code, s.name, s.kind, d.name, e.document_no, e.entered_on, coalesce(e.expires_on, ''), "
               "  e.reason, e.legal_basis, "
               "  coalesce((SELECT group_concat(code, ';') FROM (SELECT p.code, p.name FROM entry_persons ep "
               "            JOIN subjects p ON p.id = ep.person_id WHERE ep.entry_id = e.id ORDER BY p.code)), ''), "
               "  coalesce((SELECT group_concat(name, ';') FROM (SELECT p.code, p.name FROM entry_persons ep "
               "            JOIN subjects p ON p.id = ep.person_id WHERE ep.entry_id = e.id ORDER BY p.code)), ''), "
               "  e.status "
               "FROM list_entries e JOIN subjects s ON s.id = e.subject_id JOIN departments d ON d.id = e.department_id "
               "ORDER BY e.list_code, s.code, e.document_no";
    case ImportKind::penalties:
        return CREDCHECK_PENALTY_SELECT "WHERE r.kind = 'penalty' ORDER BY d.name, coalesce(d.uscc, ''), r.document_no";
    case ImportKind::licenses:
        return CREDCHECK_LICENSE_SELECT "WHERE r.kind = 'license' ORDER BY d.name, coalesce(d.uscc, ''), r.document_no";
    }
    return "";
}

} // namespace

std::uint64_t export_table(const Database& db, const ExportOptions& options, std::ostream& out) {
    security::require_credit_office(db, "export whole tables (they hold personal data)");
    const std::vector<std::string> names = canonical_columns(options.kind);
    if (options.format == FileFormat::csv) import::write_csv_row(out, names);
    auto c = store::OpenFile(db).read();
    sql::Query q(c->prepared(export_sql(options.kind)));
    // Amount columns hold fen; everything else is already text.
    std::vector<bool> is_amount(names.size(), false);
    for (std::size_t i = 0; i < names.size(); ++i) is_amount[i] = names[i] == "fine_10k_yuan" || names[i] == "confiscated_10k_yuan";
    std::vector<std::string> fields(names.size());
    std::uint64_t rows = 0;
    // One read transaction: the export is a single consistent state even while others write.
    c->exec("BEGIN");
    try {
        while (q.step()) {
            for (std::size_t i = 0; i < names.size(); ++i)
                fields[i] = is_amount[i] ? amount_of(q, static_cast<int>(i)) : text_of(q, static_cast<int>(i));
            if (options.format == FileFormat::csv) import::write_csv_row(out, fields);
            else import::write_jsonl_row(out, names, fields);
            ++rows;
        }
    } catch (...) {
        c->exec("ROLLBACK");
        throw;
    }
    c->exec("COMMIT");
    return rows;
}

} // namespace credcheck

namespace credcheck::import {

std::uint64_t export_records_for_publication(sql::Connection& c, ImportKind kind, std::span<const RecordId> ids, FileFormat format,
                                             std::ostream& out) {
    if (kind != ImportKind::penalties && kind != ImportKind::licenses)
        throw Error(Status::invalid_argument, fmt::format("only licences and penalties are published (双公示), not {}", to_string(kind)));
    std::vector<ColumnDef> columns; // what the SELECT gives: the exported columns, in order
    for (const auto& col : columns_for(kind))
        if (!col.import_only) columns.push_back(col);
    std::vector<std::string> titles;
    for (const auto& col : columns) titles.push_back(col.aliases.empty() ? col.canonical : col.aliases.front());
    if (format == FileFormat::csv) write_csv_row(out, titles);
    const std::size_t subject_code = 1, subject_id_number = 2, subject_kind = 4, registration_no = 5, org_code = 6, representative_id = 8,
                      department_code = 10;
    std::vector<std::string> fields(columns.size());
    std::uint64_t rows = 0;
    for (const RecordId id : ids) {
        sql::Query q(c.prepared(kind == ImportKind::penalties ? CREDCHECK_PENALTY_SELECT "WHERE r.id = ?" : CREDCHECK_LICENSE_SELECT "WHERE r.id = ?"));
        q.bind(id);
        if (!q.step()) continue;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const int col = static_cast<int>(i);
            const bool amount = columns[i].canonical == "fine_10k_yuan" || columns[i].canonical == "confiscated_10k_yuan";
            fields[i] = amount ? amount_of(q, col) : text_of(q, col);
        }
        // Personal data on a public site: a person's ID number goes in 证件号码, masked — never in the
        // 统一社会信用代码 column — and so does a legal representative's; an ID number written into any
        // free-text field (facts, content, basis…) is masked too.
        if (fields[subject_kind] == "natural_person" || CitizenId::parse(fields[subject_code]).ok()) {
            fields[subject_id_number] = mask_personal_id(fields[subject_code]);
            fields[subject_code].clear();
        }
        fields[representative_id] = mask_personal_id(fields[representative_id]);
        for (std::size_t i = 0; i < fields.size(); ++i)
            if (i != subject_code && i != subject_id_number && i != registration_no && i != org_code && i != department_code)
                fields[i] = mask_personal_ids_in_text(fields[i]);
        // 行政相对人类别 in the 双公示 terms: 法人及非法人组织, 自然人, 个体工商户.
        if (const auto category = parse_enum<SubjectKind>(fields[subject_kind])) fields[subject_kind] = subject_category_name(*category);
        if (format == FileFormat::csv) write_csv_row(out, fields);
        else write_jsonl_row(out, titles, fields);
        ++rows;
    }
    return rows;
}

} // namespace credcheck::import

#undef CREDCHECK_PENALTY_SELECT
#undef CREDCHECK_LICENSE_SELECT
