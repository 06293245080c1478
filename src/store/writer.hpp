// Writing the store: every insert and update of subjects, codes, relations, departments, records and
// list entries goes through here (importer and workflows alike). Matching is by natural key; an
// update records what changed, who changed it and from where.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "credcheck/identify.hpp"
#include "credcheck/model.hpp"
#include "store/key_memory.hpp"
#include "store/sqlite.hpp"

namespace credcheck::store {

enum class Outcome { inserted, updated, unchanged };

/// A value of one column: NULL, an integer or text.
using SqlValue = std::variant<std::monostate, std::int64_t, std::string>;
SqlValue text_or_null(std::optional<std::string> s);
SqlValue date_or_null(std::optional<Date> d);

/// The rows of one table as the writer sees them: its columns in order and how to find a row by
/// its natural key. The SQL is written out per table (see writer.cpp).
struct TableSpec;
extern const TableSpec kRecordsTable;
extern const TableSpec kEntriesTable;
extern const TableSpec kSubjectsTable;
extern const TableSpec kRelationsTable;

/// Who is writing and from where, recorded with every update.
struct ChangeContext {
    std::string actor;
    std::string source; // "import penalties.csv"
    std::size_t line = 0;
};

class Writer {
public:
    explicit Writer(sql::Connection& connection, ChangeContext context);

    ChangeContext& context() noexcept { return context_; }

    /// The department with this USCC (or, without one, this name); created when missing. A
    /// department first seen by name gets its USCC when a later row names both.
    DepartmentId department(std::string_view name, const std::optional<std::string>& uscc);
    /// From now on every row is the principal's own department's, whatever the file says: department()
    /// refuses (Error(permission_denied), naming the line) a name or a USCC that is not this
    /// department's — both must be its own, so that its name beside another's code cannot reach the
    /// other's records — and a USCC other than the one on record (a department's code, once recorded,
    /// changes only by the credit office). `department` is the principal's name, code or USCC.
    void restrict_departments_to(std::string department);

    /// The subject owning `code`, which must be canonical for `code_kind`.
    struct SubjectFields {
        SubjectKind kind = SubjectKind::legal_person;
        std::string name;
        std::string code;
        IdentifierKind code_kind = IdentifierKind::uscc;
        SubjectStatus status = SubjectStatus::active;
        std::optional<Date> established_on;
        std::optional<std::string> division;
    };
    /// Inserts or updates the subject whose primary code is fields.code.
    Outcome upsert_subject(const SubjectFields& fields, SubjectId& id);
    /// Creates a subject whose code the caller has just found free.
    SubjectId insert_subject(const SubjectFields& fields);
    /// Makes `code` resolve to `subject`. Returns false (and changes nothing) if another subject owns it.
    /// A Writer must be the only one adding codes and relations during its lifetime (it remembers them).
    bool add_code(SubjectId subject, std::string_view code, IdentifierKind code_kind);
    std::optional<SubjectId> owner_of_code(std::string_view code);
    /// True when `code` is the subject's primary code (not one of its aliases).
    bool is_primary_code(SubjectId subject, std::string_view code);

    /// For a bulk write: reads every code of the database into memory, if there are at most `limit`
    /// (and they fit), so that a code the memory does not know is free without asking the database.
    /// Returns whether it did. Costs one scan of at most `limit` codes.
    bool remember_all_codes(std::size_t limit);

    Outcome upsert_relation(SubjectId organization, SubjectId person, Role role, std::optional<Date> from, std::optional<Date> to);
    /// True when the organisation has this person in this role in any relation.
    bool has_relation(SubjectId organization, SubjectId person, Role role);

    /// Inserts or updates a row of `table` matched by its natural key. `values` follow the table's
    /// column order. `id` receives the row id.
    Outcome upsert(const TableSpec& table, const std::vector<SqlValue>& values, std::int64_t& id);

    /// Records `person` as responsible for the entry; false when already recorded.
    bool add_entry_person(EntryId entry, SubjectId person);

    /// True when the catalog has a list with this code.
    bool list_exists(const std::string& code);

    /// Records that a licence or penalty was published on `on`, unless a date is recorded already.
    /// True when it was set.
    bool set_published_if_unset(RecordId record, Date on);

    /// Records an update a workflow made to a row (objection outcome, repair): `changes_json` is
    /// {"column": [before, after], …}.
    void record_update(std::string_view table_name, std::int64_t row_id, std::string_view changes_json);

    /// Raises the data version and records now as the data's as-of time; call once per committed change set.
    void bump_data_version();

    /// Writes what the writer holds back (codes waiting to go in in index order, see insert_code());
    /// call before committing.
    void flush();

private:
    /// Inserts unless the natural key exists; true when inserted.
    bool try_insert(const TableSpec& table, const std::vector<SqlValue>& values, std::int64_t& id);
    /// Compares the row with this natural key to `values` and updates what differs, with history.
    Outcome compare_and_update(const TableSpec& table, const std::vector<SqlValue>& values, std::int64_t& id);
    void record_history(const TableSpec& table, std::int64_t row_id, std::string_view changes_json);
    std::optional<CodeMemory::Owner> owner_with_role(std::string_view code);
    void insert_code(SubjectId subject, std::string_view code, IdentifierKind code_kind, bool primary);
    void remember_link(SubjectId organization, SubjectId person, Role role);
    void flush_codes();

    sql::Connection& c_;
    ChangeContext context_;
    std::string now_;
    std::unordered_map<std::string, DepartmentId> departments_by_uscc_;
    std::unordered_map<std::string, DepartmentId> departments_by_name_;
    std::unordered_map<std::string, bool> lists_;
    /// The principal's own department (restrict_departments_to), and its row once known.
    DepartmentId own_department(std::string_view name, const std::optional<std::string>& uscc);
    std::optional<std::string> only_department_;
    std::optional<Department> own_row_;
    CodeMemory codes_;   // code → owning subject, see owner_of_code()
    /// New codes not yet in subject_codes (only while codes_ is complete, so no lookup needs them
    /// there): inserted sorted, at the end of its B-tree instead of all over it. Every statement
    /// reading subject_codes must flush_codes() first.
    struct PendingCode {
        Key128 code;
        SubjectId subject;
        IdentifierKind kind;
    };
    std::vector<PendingCode> pending_codes_;
    KeyTable known_links_; // (organisation, person) → roles they are known to be related in
};

} // namespace credcheck::store
