#include "store/writer.hpp"

#include "util/clock.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "credcheck/citizen_id.hpp"
#include "credcheck/error.hpp"

namespace credcheck::store {

struct TableSpec {
    const char* name;
    std::span<const char* const> columns;
    std::size_t key_columns;  // the first key_columns columns are the natural key
    const char* select_by_key; // SELECT id, <all columns> … WHERE <key> = ?…
    const char* insert;        // INSERT (<all columns>) VALUES (?…) ON CONFLICT DO NOTHING
    const char* update;        // UPDATE SET <non-key columns> = ?… WHERE id = ?
    int department_column = -1; // the finding department's column, when it is not part of the key
};

namespace {

constexpr const char* kRecordColumns[] = {
    "kind", "department_id", "document_no", "subject_id", "decided_on", "valid_from", "valid_to", "severity", "category",
    "legal_basis", "content", "status", "violation_type", "facts", "penalty_types", "fine_fen", "confiscated_fen",
    "publicity_until", "license_category", "license_name", "license_no", "legal_representative", "legal_representative_id"};

constexpr const char* kEntryColumns[] = {"list_code", "subject_id", "document_no", "department_id", "entered_on",
                                         "expires_on", "reason", "legal_basis", "status"};

constexpr const char* kSubjectColumns[] = {"code", "kind", "name", "status", "established_on", "division"};

constexpr const char* kRelationColumns[] = {"organization_id", "person_id", "role", "valid_from", "valid_to"};

} // namespace

const TableSpec kRecordsTable{
    "records", kRecordColumns, 3,
    "SELECT id, kind, department_id, document_no, subject_id, decided_on, valid_from, valid_to, severity, category, legal_basis, "
    "content, status, violation_type, facts, penalty_types, fine_fen, confiscated_fen, publicity_until, license_category, "
    "license_name, license_no, legal_representative, legal_representative_id FROM records "
    "WHERE kind = ? AND department_id = ? AND document_no = ?",
    "INSERT INTO records (kind, department_id, document_no, subject_id, decided_on, valid_from, valid_to, severity, category, "
    "legal_basis, content, status, violation_type, facts, penalty_types, fine_fen, confiscated_fen, publicity_until, "
    "license_category, license_name, license_no, legal_representative, legal_representative_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
    "UPDATE records SET subject_id = ?, decided_on = ?, valid_from = ?, valid_to = ?, severity = ?, category = ?, legal_basis = ?, "
    "content = ?, status = ?, violation_type = ?, facts = ?, penalty_types = ?, fine_fen = ?, confiscated_fen = ?, "
    "publicity_until = ?, license_category = ?, license_name = ?, license_no = ?, legal_representative = ?, "
    "legal_representative_id = ? WHERE id = ?"};

const TableSpec kEntriesTable{
    "list_entries", kEntryColumns, 3,
    "SELECT id, list_code, subject_id, document_no, department_id, entered_on, expires_on, reason, legal_basis, status "
    "FROM list_entries WHERE list_code = ? AND subject_id = ? AND document_no = ?",
    "INSERT INTO list_entries (list_code, subject_id, document_no, department_id, entered_on, expires_on, reason, legal_basis, "
    "status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
    "UPDATE list_entries SET department_id = ?, entered_on = ?, expires_on = ?, reason = ?, legal_basis = ?, status = ? "
    "WHERE id = ?",
    3};

const TableSpec kSubjectsTable{
    "subjects", kSubjectColumns, 1,
    "SELECT s.id, s.code, s.kind, s.name, s.status, s.established_on, s.division FROM subject_codes c "
    "JOIN subjects s ON s.id = c.subject_id AND s.code = c.code WHERE c.code = ?",
    // Never conflicts: the writer inserts a subject only after finding its code free in subject_codes.
    "INSERT INTO subjects (code, kind, name, status, established_on, division) VALUES (?, ?, ?, ?, ?, ?)",
    "UPDATE subjects SET kind = ?, name = ?, status = ?, established_on = ?, division = ? WHERE id = ?"};

const TableSpec kRelationsTable{
    "relations", kRelationColumns, 4,
    "SELECT id, organization_id, person_id, role, valid_from, valid_to FROM relations "
    "WHERE organization_id = ? AND person_id = ? AND role = ? AND coalesce(valid_from, '') = coalesce(?, '')",
    "INSERT INTO relations (organization_id, person_id, role, valid_from, valid_to) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
    "UPDATE relations SET valid_to = ? WHERE id = ?"};

SqlValue text_or_null(std::optional<std::string> s) {
    if (!s) return std::monostate{};
    return std::move(*s);
}

SqlValue date_or_null(std::optional<Date> d) {
    if (!d) return std::monostate{};
    return d->iso();
}

namespace {

/// Binds without copying text: every caller's values outlive its Query.
void bind_value(sql::Query& q, const SqlValue& v) {
    std::visit(
        [&](const auto& x) {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::monostate>) q.bind(nullptr);
            else if constexpr (std::is_same_v<T, std::string>) q.bind_unowned(x);
            else q.bind(x);
        },
        v);
}

SqlValue column_value(const sql::Query& q, int column) {
    switch (sqlite3_column_type(q.handle_for_values(), column)) {
    case SQLITE_NULL: return std::monostate{};
    case SQLITE_INTEGER: return q.integer(column);
    default: return std::string(q.text(column));
    }
}

nlohmann::json to_json(const SqlValue& v) {
    return std::visit(
        [](const auto& x) -> nlohmann::json {
            if constexpr (std::is_same_v<std::decay_t<decltype(x)>, std::monostate>) return nullptr;
            else return x;
        },
        v);
}

} // namespace

void Writer::restrict_departments_to(std::string department) {
    only_department_ = std::move(department);
    own_row_.reset();
    sql::Query q(c_.prepared("SELECT id, code, name, uscc FROM departments WHERE code = ?1 OR uscc = ?1 OR name = ?1 "
                             "ORDER BY code = ?1 DESC, uscc = ?1 DESC LIMIT 1"));
    q.bind(*only_department_);
    if (q.step()) own_row_ = Department{q.integer(0), std::string(q.text(1)), std::string(q.text(2)), q.optional_text(3)};
}

DepartmentId Writer::own_department(std::string_view name, const std::optional<std::string>& uscc) {
    const std::string& own = *only_department_;
    const auto refuse = [&](const std::string& why) {
        throw Error(Status::permission_denied, fmt::format("{} line {}: {}", context_.source, context_.line, why));
    };
    const bool named_own = name == own || (own_row_ && (name == own_row_->name || name == own_row_->code || name == own_row_->uscc));
    if (!named_own) refuse(fmt::format("{} may write only its own records and entries, not {}'s", own, name));
    if (uscc) {
        if (own_row_ && own_row_->uscc) {
            if (*uscc != *own_row_->uscc)
                refuse(fmt::format("the row gives department code {}, but {}'s code is {}: a department's code is changed only by the credit "
                                   "office",
                                   *uscc, own_row_->name, *own_row_->uscc));
        } else {
            std::optional<std::string> holder;
            {
                sql::Query q(c_.prepared("SELECT name FROM departments WHERE (uscc = ?1 OR code = ?1) AND id <> ?2 LIMIT 1"));
                q.bind(*uscc).bind(own_row_ ? own_row_->id : 0);
                if (q.step()) holder = std::string(q.text(0));
            }
            if (holder) refuse(fmt::format("department code {} is {}'s, not {}'s", *uscc, *holder, own));
            if (own_row_) { // its first code, recorded once
                sql::Query set(c_.prepared("UPDATE departments SET uscc = ?, code = ? WHERE id = ?"));
                set.bind(*uscc).bind(*uscc).bind(own_row_->id).run();
                own_row_->uscc = *uscc;
                own_row_->code = *uscc;
            }
        }
    }
    if (!own_row_) {
        if (name != own) refuse(fmt::format("{} is not a known department: the credit office registers it first", own));
        sql::Query insert(c_.prepared("INSERT INTO departments (code, name, uscc) VALUES (?, ?, ?)"));
        insert.bind(uscc ? std::string_view(*uscc) : name).bind(name).bind(uscc).run();
        own_row_ = Department{c_.last_insert_rowid(), std::string(uscc ? std::string_view(*uscc) : name), std::string(name), uscc};
    }
    return own_row_->id;
}

DepartmentId Writer::department(std::string_view name, const std::optional<std::string>& uscc) {
    if (only_department_) return own_department(name, uscc);
    if (uscc) {
        if (auto it = departments_by_uscc_.find(*uscc); it != departments_by_uscc_.end()) return it->second;
    } else if (auto it = departments_by_name_.find(std::string(name)); it != departments_by_name_.end()) {
        return it->second;
    }
    std::optional<DepartmentId> id;
    if (uscc) {
        sql::Query q(c_.prepared("SELECT id FROM departments WHERE uscc = ?"));
        q.bind(*uscc);
        if (q.step()) id = q.integer(0);
    }
    if (!id) {
        // By name: prefer the department without a USCC yet (it is the one a name-only row created).
        sql::Query q(c_.prepared("SELECT id, uscc FROM departments WHERE name = ? ORDER BY uscc IS NOT NULL LIMIT 1"));
        q.bind(name);
        if (q.step() && (q.is_null(1) || !uscc)) {
            id = q.integer(0);
            if (uscc) {
                sql::Query set(c_.prepared("UPDATE departments SET uscc = ?, code = ? WHERE id = ?"));
                set.bind(*uscc).bind(*uscc).bind(*id).run();
            }
        }
    }
    if (!id) {
        sql::Query insert(c_.prepared("INSERT INTO departments (code, name, uscc) VALUES (?, ?, ?)"));
        insert.bind(uscc ? std::string_view(*uscc) : name).bind(name).bind(uscc).run();
        id = c_.last_insert_rowid();
    }
    if (uscc) departments_by_uscc_.emplace(*uscc, *id);
    else departments_by_name_.emplace(std::string(name), *id);
    return *id;
}

namespace {

// Enough for the codes of a million-row import (about 0.9 M) in 48 MiB: the table tops out at 2^21
// slots of 24 bytes, three quarters full.
constexpr std::size_t kMaxRememberedCodes = 3 << 19;
// Known (organisation, person) links: 2^20 slots, 24 MiB at most.
constexpr std::size_t kMaxRememberedLinks = 3 << 18;

constexpr const char* kInsertCode = "INSERT INTO subject_codes (code, subject_id, kind) VALUES (?, ?, ?)";

// New codes held back for a sorted insert: at most 2^20 (32 MiB) before they are written.
constexpr std::size_t kMaxPendingCodes = 1 << 20;

/// The family a code is stored as (subject_codes.kind): registration numbers of every form are
/// registration numbers; tax registration and taxpayer numbers are tax numbers.
std::string_view stored_code_kind(IdentifierKind kind) noexcept {
    switch (kind) {
    case IdentifierKind::registration_no_13:
    case IdentifierKind::foreign_registration_no: return "registration_no";
    case IdentifierKind::tax_registration_no:
    case IdentifierKind::taxpayer_no: return "tax_no";
    default: return identifier_kind_name(kind);
    }
}

std::int64_t role_bit(Role role) noexcept { return std::int64_t{1} << static_cast<int>(role); }

std::optional<Key128> link_key(SubjectId organization, SubjectId person) noexcept {
    if (organization <= 0 || person <= 0) return std::nullopt; // rowids are positive; {0, 0} marks empty slots
    return Key128{static_cast<std::uint64_t>(organization), static_cast<std::uint64_t>(person)};
}

} // namespace

Writer::Writer(sql::Connection& connection, ChangeContext context)
    : c_(connection), context_(std::move(context)), now_(utc_timestamp()), codes_(kMaxRememberedCodes),
      known_links_(kMaxRememberedLinks) {}

std::optional<SubjectId> Writer::owner_of_code(std::string_view code) {
    const auto owner = owner_with_role(code);
    if (!owner) return std::nullopt;
    return owner->subject;
}

std::optional<CodeMemory::Owner> Writer::owner_with_role(std::string_view code) {
    // A bulk import asks the same codes again and again (the same company on many rows, the check
    // before the write): remember the answers, and whether the code is its owner's primary code.
    // Only this writer adds codes inside its transaction, and insert_code() keeps the memory current.
    if (const auto known = codes_.find(code)) return known->owner;
    flush_codes();
    std::optional<CodeMemory::Owner> owner;
    {
        sql::Query q(c_.prepared("SELECT c.subject_id, coalesce(s.code = c.code, 0) FROM subject_codes c "
                                 "LEFT JOIN subjects s ON s.id = c.subject_id WHERE c.code = ?"));
        q.bind(code);
        if (q.step()) owner = CodeMemory::Owner{q.integer(0), q.integer(1) != 0};
    }
    codes_.remember(code, owner);
    return owner;
}

bool Writer::remember_all_codes(std::size_t limit) {
    // Must run inside the write transaction: no other connection can add a code until it ends.
    limit = std::min(limit, codes_.max_entries());
    codes_.clear();
    codes_.set_complete(true); // remember() drops this if a code cannot be represented
    sql::Query q(c_.prepared("SELECT c.code, c.subject_id, coalesce(s.code = c.code, 0) FROM subject_codes c "
                             "LEFT JOIN subjects s ON s.id = c.subject_id"));
    for (std::size_t n = 1; q.step(); ++n) {
        if (n > limit) {
            codes_.clear(); // too many: stay a bounded cache of recent answers
            return false;
        }
        codes_.remember(q.text(0), CodeMemory::Owner{q.integer(1), q.integer(2) != 0});
    }
    return codes_.complete();
}

bool Writer::is_primary_code(SubjectId subject, std::string_view code) {
    const auto owner = owner_with_role(code);
    return owner && owner->subject == subject && owner->primary;
}

bool Writer::add_code(SubjectId subject, std::string_view code, IdentifierKind code_kind) {
    if (const auto owner = owner_of_code(code)) return *owner == subject;
    insert_code(subject, code, code_kind, false);
    return true;
}

void Writer::insert_code(SubjectId subject, std::string_view code, IdentifierKind code_kind, bool primary) {
    // While the memory holds every code, the database is not asked for codes: the row can wait.
    const auto key = codes_.complete() ? CodeMemory::pack(code) : std::nullopt;
    if (code_kind == IdentifierKind::none) throw Error(Status::internal, "a subject code of no identifier kind");
    if (key) {
        pending_codes_.push_back(PendingCode{*key, subject, code_kind});
        codes_.remember(code, CodeMemory::Owner{subject, primary}); // may forget all: flush before asking SQL
        if (pending_codes_.size() >= kMaxPendingCodes) flush_codes();
        return;
    }
    {
        sql::Query q(c_.prepared(kInsertCode));
        q.bind(code).bind(subject).bind(stored_code_kind(code_kind)).run();
    }
    codes_.remember(code, CodeMemory::Owner{subject, primary});
}

namespace {
std::vector<SqlValue> subject_values(const Writer::SubjectFields& f) {
    return {f.code, std::string(to_string(f.kind)), f.name, std::string(to_string(f.status)), date_or_null(f.established_on),
            text_or_null(f.division)};
}
} // namespace

Outcome Writer::upsert_subject(const SubjectFields& fields, SubjectId& id) {
    if (owner_of_code(fields.code)) return compare_and_update(kSubjectsTable, subject_values(fields), id);
    id = insert_subject(fields);
    return Outcome::inserted;
}

SubjectId Writer::insert_subject(const SubjectFields& fields) {
    SubjectId id = 0;
    if (owner_of_code(fields.code) || !try_insert(kSubjectsTable, subject_values(fields), id))
        throw Error(Status::internal, fmt::format("subject {} exists although its code was free", mask_personal_id(fields.code)));
    insert_code(id, fields.code, fields.code_kind, true);
    return id;
}

Outcome Writer::upsert_relation(SubjectId organization, SubjectId person, Role role, std::optional<Date> from,
                                std::optional<Date> to) {
    std::int64_t id = 0;
    const auto outcome = upsert(kRelationsTable, {organization, person, std::string(to_string(role)), date_or_null(from), date_or_null(to)}, id);
    remember_link(organization, person, role);
    return outcome;
}

bool Writer::has_relation(SubjectId organization, SubjectId person, Role role) {
    // Relations are only ever added, and only by this writer during its transaction: a link once
    // seen stays true. An import asks this for every row of a known company.
    const auto key = link_key(organization, person);
    if (const std::int64_t* roles = key ? known_links_.find(*key) : nullptr; roles && (*roles & role_bit(role))) return true;
    bool found = false;
    {
        sql::Query q(c_.prepared("SELECT 1 FROM relations WHERE organization_id = ? AND person_id = ? AND role = ? LIMIT 1"));
        q.bind(organization).bind(person).bind(to_string(role));
        found = q.step();
    }
    if (found) remember_link(organization, person, role);
    return found;
}

void Writer::remember_link(SubjectId organization, SubjectId person, Role role) {
    const auto key = link_key(organization, person);
    if (!key) return;
    const std::int64_t* roles = known_links_.find(*key);
    known_links_.put(*key, (roles ? *roles : 0) | role_bit(role));
}

Outcome Writer::upsert(const TableSpec& table, const std::vector<SqlValue>& values, std::int64_t& id) {
    if (values.size() != table.columns.size())
        throw Error(Status::internal, fmt::format("{}: {} values for {} columns", table.name, values.size(), table.columns.size()));
    // New rows are the common case of a bulk import: try the insert first, look only on a conflict.
    if (try_insert(table, values, id)) return Outcome::inserted;
    return compare_and_update(table, values, id);
}

bool Writer::try_insert(const TableSpec& table, const std::vector<SqlValue>& values, std::int64_t& id) {
    sql::Query insert(c_.prepared(table.insert));
    for (const SqlValue& v : values) bind_value(insert, v);
    insert.run();
    if (c_.changes() == 0) return false;
    id = c_.last_insert_rowid();
    return true;
}

Outcome Writer::compare_and_update(const TableSpec& table, const std::vector<SqlValue>& values, std::int64_t& id) {
    std::vector<SqlValue> stored;
    if (&table == &kSubjectsTable) flush_codes(); // its key is looked up through subject_codes
    {
        sql::Query q(c_.prepared(table.select_by_key));
        for (std::size_t i = 0; i < table.key_columns; ++i) bind_value(q, values[i]);
        if (!q.step()) throw Error(Status::internal, fmt::format("{}: no row has the key of a row said to exist", table.name));
        id = q.integer(0);
        stored.reserve(values.size());
        for (std::size_t i = 0; i < values.size(); ++i) stored.push_back(column_value(q, static_cast<int>(i + 1)));
    }
    // A list entry's key (list, subject, document) does not name its department: a row of one
    // department must not take over, end or rewrite the entry another department found.
    if (only_department_ && table.department_column >= 0 && own_row_ &&
        stored[static_cast<std::size_t>(table.department_column)] != SqlValue(own_row_->id))
        throw Error(Status::permission_denied,
                    fmt::format("{} line {}: this {} row is another department's: {} may write only its own records and entries",
                                context_.source, context_.line, table.name, *only_department_));
    nlohmann::ordered_json changes = nlohmann::ordered_json::object();
    for (std::size_t i = table.key_columns; i < values.size(); ++i)
        if (stored[i] != values[i]) changes[table.columns[i]] = {to_json(stored[i]), to_json(values[i])};
    if (changes.empty()) return Outcome::unchanged;
    {
        sql::Query update(c_.prepared(table.update));
        for (std::size_t i = table.key_columns; i < values.size(); ++i) bind_value(update, values[i]);
        update.bind(id).run();
    }
    record_history(table, id, changes.dump());
    return Outcome::updated;
}

bool Writer::add_entry_person(EntryId entry, SubjectId person) {
    sql::Query q(c_.prepared("INSERT OR IGNORE INTO entry_persons (entry_id, person_id) VALUES (?, ?)"));
    q.bind(entry).bind(person).run();
    return c_.changes() > 0;
}

bool Writer::list_exists(const std::string& code) {
    if (const auto it = lists_.find(code); it != lists_.end()) return it->second;
    sql::Query q(c_.prepared("SELECT 1 FROM lists WHERE code = ?"));
    q.bind(code);
    return lists_[code] = q.step();
}

void Writer::record_history(const TableSpec& table, std::int64_t row_id, std::string_view changes_json) {
    record_update(table.name, row_id, changes_json);
}

bool Writer::set_published_if_unset(RecordId record, Date on) {
    sql::Query q(c_.prepared("UPDATE records SET published_on = ?, published_by = ? WHERE id = ? AND published_on IS NULL"));
    q.bind(on).bind(context_.actor).bind(record).run();
    if (c_.changes() == 0) return false;
    record_update("records", record, fmt::format(R"({{"published_on": [null, "{}"]}})", on.iso()));
    return true;
}

void Writer::record_update(std::string_view table_name, std::int64_t row_id, std::string_view changes_json) {
    sql::Query q(c_.prepared("INSERT INTO history (at, actor, source, table_name, row_id, action, changes) VALUES (?, ?, ?, ?, ?, 'update', ?)"));
    const std::string source = context_.line ? fmt::format("{} line {}", context_.source, context_.line) : context_.source;
    q.bind(now_).bind(context_.actor).bind(source).bind(table_name).bind(row_id).bind(changes_json).run();
}

void Writer::flush() { flush_codes(); }

void Writer::flush_codes() {
    if (pending_codes_.empty()) return;
    std::sort(pending_codes_.begin(), pending_codes_.end(), [](const PendingCode& a, const PendingCode& b) { return a.code < b.code; });
    for (const PendingCode& p : pending_codes_) {
        sql::Query q(c_.prepared(kInsertCode));
        q.bind(CodeMemory::unpack(p.code)).bind(p.subject).bind(stored_code_kind(p.kind)).run();
    }
    pending_codes_.clear();
    pending_codes_.shrink_to_fit();
}

void Writer::bump_data_version() {
    {
        sql::Query q(c_.prepared("UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'data_version'"));
        q.run();
    }
    sql::Query q(c_.prepared("INSERT INTO meta (key, value) VALUES ('data_as_of', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    q.bind(now_).run();
}

} // namespace credcheck::store
