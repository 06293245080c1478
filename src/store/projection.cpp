#include "store/projection.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>

#include "credcheck/citizen_id.hpp"
#include "credcheck/error.hpp"
#include "credcheck/identify.hpp"

namespace credcheck::store {

namespace {

struct ColumnSpec {
    std::string_view column;
    ColumnRule rule;
};

struct TableSpec {
    std::string_view name;
    std::vector<ColumnSpec> columns;
};

using R = ColumnRule;

/// The replicated tables, in apply order, every column with its rule. What is not here stays home.
const std::vector<TableSpec>& specs() {
    static const std::vector<TableSpec> kSpecs = {
        {"departments", {{"id", R::copy}, {"code", R::copy}, {"name", R::copy}, {"uscc", R::copy}}},
        {"subjects",
         {{"id", R::copy}, {"kind", R::copy}, {"name", R::mask_ids}, {"code", R::subject_code}, {"status", R::copy},
          {"established_on", R::birth_year}, {"division", R::copy}}},
        {"subject_codes", {{"code", R::person_key}, {"subject_id", R::copy}, {"kind", R::copy}}},
        {"relations",
         {{"id", R::copy}, {"organization_id", R::copy}, {"person_id", R::copy}, {"role", R::copy}, {"valid_from", R::copy},
          {"valid_to", R::copy}}},
        {"catalog_versions",
         {{"id", R::copy}, {"version", R::copy}, {"title", R::copy}, {"sha256", R::copy}, {"json", R::copy}, {"installed_at", R::copy},
          {"installed_by", R::copy}}},
        {"scenarios", {{"code", R::copy}, {"name", R::copy}}},
        {"lists", {{"code", R::copy}, {"name", R::copy}, {"colour", R::copy}, {"authority", R::copy}, {"default_term", R::copy}}},
        {"records",
         {{"id", R::copy},
          {"kind", R::copy},
          {"subject_id", R::copy},
          {"department_id", R::copy},
          {"document_no", R::copy},
          {"decided_on", R::copy},
          {"valid_from", R::copy},
          {"valid_to", R::copy},
          {"severity", R::copy},
          {"category", R::copy},
          {"legal_basis", R::mask_ids},
          {"content", R::empty_text},
          {"status", R::copy},
          {"violation_type", R::null},
          {"facts", R::null},
          {"penalty_types", R::copy},
          {"fine_fen", R::null},
          {"confiscated_fen", R::null},
          {"publicity_until", R::copy},
          {"license_category", R::null},
          {"license_name", R::null},
          {"license_no", R::null},
          {"legal_representative", R::null},
          {"legal_representative_id", R::null},
          {"published_on", R::copy},
          {"published_by", R::null}}},
        {"list_entries",
         {{"id", R::copy},
          {"list_code", R::copy},
          {"subject_id", R::copy},
          {"department_id", R::copy},
          {"document_no", R::copy},
          {"entered_on", R::copy},
          {"expires_on", R::copy},
          {"reason", R::mask_ids},
          {"legal_basis", R::mask_ids},
          {"status", R::copy},
          {"ended_on", R::copy}}},
        {"entry_persons", {{"entry_id", R::copy}, {"person_id", R::copy}}},
        {"objections",
         {{"id", R::copy}, {"target_kind", R::copy}, {"target_id", R::copy}, {"filed_on", R::copy}, {"filed_by", R::empty_text},
          {"reason", R::empty_text}, {"status", R::copy}, {"resolved_on", R::copy}, {"resolved_by", R::null}, {"resolution", R::null},
          {"due_on", R::copy}}},
        {"repairs",
         {{"id", R::copy}, {"target_kind", R::copy}, {"target_id", R::copy}, {"repaired_on", R::copy}, {"decided_by", R::copy},
          {"obligations_evidence", R::empty_text}, {"commitment_record_id", R::copy}}},
        {"measure_triggers", {{"measure_code", R::copy}, {"list_code", R::copy}}},
        {"measure_routes", {{"measure_code", R::copy}, {"department_id", R::copy}}},
        {"calendar_days", {{"date", R::copy}, {"kind", R::copy}, {"name", R::copy}}},
        {"calendar_years", {{"year", R::copy}, {"source", R::copy}, {"loaded_at", R::copy}}},
    };
    return kSpecs;
}

} // namespace

std::string_view to_string(ColumnRule rule) noexcept {
    switch (rule) {
    case R::copy: return "copied";
    case R::mask_ids: return "copied, ID numbers in the text masked";
    case R::empty_text: return "empty";
    case R::null: return "NULL";
    case R::subject_code: return "copied; a natural person's ID number masked";
    case R::birth_year: return "copied; a natural person's: 31 December of the birth year";
    case R::person_key: return "copied; an ID number replaced by hmac: + HMAC-SM3";
    }
    return "";
}

std::vector<std::string_view> Projection::table_names() {
    std::vector<std::string_view> out;
    for (const TableSpec& t : specs()) out.push_back(t.name);
    return out;
}

Projection Projection::of(sql::Connection& c, std::optional<std::string> person_key) {
    Projection p;
    if (person_key) p.keyed_ = std::make_shared<const KeyedDigest>(*person_key);
    for (const TableSpec& spec : specs()) {
        ReplicatedTable t;
        t.name = spec.name;
        std::vector<std::pair<std::int64_t, int>> key;
        {
            auto statement = c.prepare_once("SELECT name, pk FROM pragma_table_info(?) ORDER BY cid");
            sql::Query q(*statement);
            q.bind(spec.name);
            while (q.step()) {
                const std::string column(q.text(0));
                const auto rule = std::find_if(spec.columns.begin(), spec.columns.end(), [&](const ColumnSpec& s) { return s.column == column; });
                if (rule == spec.columns.end())
                    throw Error(Status::internal, fmt::format("column {}.{} has no replication rule (store/projection.cpp): decide what a "
                                                              "department replica receives of it",
                                                              spec.name, column));
                if (q.integer(1) > 0) key.emplace_back(q.integer(1), static_cast<int>(t.columns.size()));
                if (column == "kind") t.kind_column = static_cast<int>(t.columns.size());
                t.columns.push_back(column);
                t.rules.push_back(rule->rule);
            }
        }
        if (t.columns.empty()) continue; // a database older than the table
        if (key.empty()) throw Error(Status::internal, fmt::format("replicated table {} has no primary key", spec.name));
        std::sort(key.begin(), key.end());
        for (const auto& [position, column] : key) t.key.push_back(column);
        p.tables_.push_back(std::move(t));
    }
    return p;
}

int Projection::index_of(std::string_view table) const noexcept {
    for (std::size_t i = 0; i < tables_.size(); ++i)
        if (tables_[i].name == table) return static_cast<int>(i);
    return -1;
}

std::string Projection::person_code(std::string_view normalized_id) const {
    if (!keyed_) throw Error(Status::internal, "the feed's person key is not known here");
    return std::string(kPersonCodePrefix) + keyed_->mac_hex(normalized_id);
}

namespace {

bool kind_is(const ReplicatedTable& t, const Row& row, std::string_view kind) {
    return t.kind_column >= 0 && row[static_cast<std::size_t>(t.kind_column)].type == Value::Type::text &&
           row[static_cast<std::size_t>(t.kind_column)].bytes == kind;
}

/// The code `text`, when it is or holds a person's ID number (Identification::holds_personal_id),
/// whatever birth date the number holds.
std::optional<Identification> personal_code(std::string_view text) {
    IdentifyOptions options;
    options.born_not_after = Date::from_days(INT32_MAX / 2);
    Identification id = identify(text, options);
    return id.holds_personal_id() ? std::optional<Identification>(std::move(id)) : std::nullopt;
}

} // namespace

Row Projection::project(const ReplicatedTable& t, const Row& office_row) const {
    if (office_row.size() != t.columns.size())
        throw Error(Status::internal, fmt::format("a row of {} with {} values for {} columns", t.name, office_row.size(), t.columns.size()));
    Row out;
    out.reserve(office_row.size());
    for (std::size_t i = 0; i < office_row.size(); ++i) {
        const Value& v = office_row[i];
        switch (t.rules[i]) {
        case R::copy: out.push_back(v); break;
        case R::mask_ids:
            out.push_back(v.type == Value::Type::text ? Value::of_text(mask_personal_ids_in_text(v.bytes)) : v);
            break;
        case R::empty_text: out.push_back(Value::of_text("")); break;
        case R::null: out.emplace_back(); break;
        case R::subject_code:
            if (v.type == Value::Type::text && kind_is(t, office_row, "natural_person")) out.push_back(Value::of_text(mask_personal_id(v.bytes)));
            else if (const auto personal = v.type == Value::Type::text ? personal_code(v.bytes) : std::nullopt)
                out.push_back(Value::of_text(personal->masked_normalized())); // a business numbered by its keeper's ID number
            else out.push_back(v);
            break;
        case R::birth_year: {
            std::optional<Date> birth;
            if (kind_is(t, office_row, "natural_person")) {
                // The code column of subjects: the birth date the checker would read from the number.
                const auto code = std::find(t.rules.begin(), t.rules.end(), R::subject_code) - t.rules.begin();
                CitizenIdOptions options;
                options.born_not_after = Date::from_days(INT32_MAX / 2);
                if (static_cast<std::size_t>(code) < office_row.size())
                    if (const auto id = CitizenId::parse(office_row[static_cast<std::size_t>(code)].bytes, options))
                        birth = Date::from_ymd(id->birth_date().year(), 12, 31);
                if (!birth) { // no number to read it from: the recorded date, coarsened the same way
                    const auto recorded = v.type == Value::Type::text ? Date::parse(v.bytes) : std::nullopt;
                    if (recorded) birth = Date::from_ymd(recorded->year(), 12, 31);
                    else {
                        out.emplace_back();
                        break;
                    }
                }
            }
            out.push_back(birth ? Value::of_text(birth->iso()) : v);
            break;
        }
        case R::person_key: {
            // A citizen ID number, or a taxpayer number (an ID number and two digits): never on a replica.
            const bool personal = v.type == Value::Type::text &&
                                  (kind_is(t, office_row, "citizen_id") || (kind_is(t, office_row, "tax_no") && personal_code(v.bytes)));
            out.push_back(personal ? Value::of_text(person_code(v.bytes)) : v);
            break;
        }
        }
    }
    return out;
}

} // namespace credcheck::store
