// What a department replica receives of the office's database (issue 14), and in what form: the
// replicated tables, and for each column whether it is copied, cleared, or transformed (an ID number
// replaced by its masked form, or by a keyed digest a replica finds the person by). The office's own
// file keeps everything; the projection applies to what leaves it.
//
// Every column of a replicated table must have a rule here: a migration adding a column to one of them
// fails Projection::of() (and the test that builds it) until someone decides what a replica receives.
// Tables not listed never leave the office: the audit trail and its images, history, checks, notices,
// feedback, registration designations, the feed's own tables, meta.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/replicated_values.hpp"
#include "store/sqlite.hpp"
#include "util/keyed_digest.hpp"

namespace credcheck::store {

enum class ColumnRule {
    copy,          // as the office holds it
    mask_ids,      // free text: ID-number-like runs masked (credcheck/citizen_id.hpp)
    empty_text,    // '' (a NOT NULL text a replica has no use for: objection reasons, evidence)
    null,          // NULL (a nullable column a replica has no use for: facts, amounts, officers)
    subject_code,  // subjects.code: a natural person's ID number masked (420704********1237)
    birth_year,    // subjects.established_on: 31 December of a natural person's birth year (read from the ID number):
                   // with the masked number (which hides exactly the birth date) the full date would give the number back
    person_key,    // subject_codes.code: an ID number replaced by "hmac:" + HMAC-SM3(key, number)
};

std::string_view to_string(ColumnRule rule) noexcept;

struct ReplicatedTable {
    std::string name;
    std::vector<std::string> columns;  // schema order
    std::vector<int> key;              // primary key columns, in key order
    std::vector<ColumnRule> rules;     // one per column
    int kind_column = -1;              // subjects.kind, subject_codes.kind: what the person rules look at
};

class Projection {
public:
    /// The replicated tables as `c`'s schema has them, in the order a replica applies them (a table
    /// before those referencing it). `person_key` is the feed's HMAC key (needed to project rows, not
    /// to know the tables). Error(internal) for a replicated table's column without a rule.
    static Projection of(sql::Connection& c, std::optional<std::string> person_key);

    const std::vector<ReplicatedTable>& tables() const noexcept { return tables_; }
    /// The index of a replicated table, -1 for one that does not leave the office.
    int index_of(std::string_view table) const noexcept;

    /// The office's row as a replica holds it. Error(internal) without a person key.
    Row project(const ReplicatedTable& table, const Row& office_row) const;

    /// The code a replica knows a citizen ID number by: "hmac:" and 64 hex digits.
    std::string person_code(std::string_view normalized_id) const;
    bool has_person_key() const noexcept { return keyed_ != nullptr; }

    /// The names of the replicated tables, in apply order (also on a database without them).
    static std::vector<std::string_view> table_names();

private:
    std::vector<ReplicatedTable> tables_;
    std::shared_ptr<const KeyedDigest> keyed_;
};

/// The prefix of a person code (Projection::person_code).
inline constexpr std::string_view kPersonCodePrefix = "hmac:";

} // namespace credcheck::store
