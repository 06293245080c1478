// The store as the must-check sees it: a narrow, read-only interface answering exactly the questions
// the engine asks, each with one prepared statement — so the engine knows no SQL and the hot path
// could later be served from an in-memory index without touching the rules.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "credcheck/model.hpp"
#include "store/sqlite.hpp"

namespace credcheck::store {

struct SubjectFact {
    SubjectId id = 0;
    std::string code, name;
    SubjectKind kind = SubjectKind::legal_person;
    SubjectStatus status = SubjectStatus::active;
    std::optional<Date> established_on;
};

/// A list entry in force on the check date, with what a decision shows of it. Every value was checked
/// against its domain on the way in: a damaged status, date or enumeration is Error(database_error),
/// never a row that silently stops counting.
struct EntryFact {
    EntryId id = 0;
    std::string list_code;
    SubjectId subject_id = 0;
    std::string subject_code, subject_name;
    SubjectKind subject_kind = SubjectKind::legal_person;
    std::string department, document_no, legal_basis;
    Date entered_on = Date::from_days(0);
    std::optional<Date> expires_on;
    std::optional<std::int64_t> pending_objection; // an objection open on the check date
};

/// Reads one check's facts. Call begin() before and end() after, so that all reads of one decision
/// see one committed state.
class CheckReads {
public:
    explicit CheckReads(sql::Connection& c) : c_(c) {}

    void begin();
    void end() noexcept;

    /// What every check needs first, in one statement: the data version, the installed catalog's row
    /// id, the subject (by a canonical code, or by id when `code` is empty) and its entries in force.
    struct Opening {
        std::int64_t data_version = 0;
        std::int64_t feed_sequence = 0; // on a replica: the last feed file applied (a heartbeat renews freshness, not the version)
        std::int64_t catalog_row = 0;
        std::optional<SubjectFact> subject;
        std::vector<EntryFact> entries;
    };
    Opening open(std::string_view code, SubjectId id, Date as_of);

    /// What a decision says of the data as a whole; the same for every check of one data version.
    struct DataFacts {
        std::int64_t data_version = 0;
        std::string data_as_of;     // UTC time of the newest change of data (meta data_as_of); "" when never recorded
        bool has_list_data = false; // the database holds at least one list entry, of any list or state
        /// On a department replica: the office's data version and when it published it, and when that
        /// file expires (credcheck/feed.hpp).
        struct Replica {
            std::int64_t sequence = 0, data_version = 0;
            std::string data_as_of, expires_at;
        };
        std::optional<Replica> replica;
    };
    DataFacts data_facts();
    /// Entries in force on `as_of` on which `person` is recorded as a responsible person (落实到人).
    std::vector<EntryFact> entries_naming_person(SubjectId person, Date as_of);
    /// Entries in force on `as_of` of the organisations where `person` is legal representative or
    /// principal on that date, each with the person's role there.
    std::vector<std::pair<EntryFact, Role>> entries_of_organizations_led_by(SubjectId person, Date as_of);
    /// Entries in force on `as_of` of the people who are `organization`'s legal representative or
    /// principal on that date, each with that person's role.
    std::vector<std::pair<EntryFact, Role>> entries_of_people_leading(SubjectId organization, Date as_of);
    /// What counts as adverse besides black and attention list entries (the catalog's clean-years rule).
    struct AdverseRecords {
        std::span<const RecordKind> kinds;            // any record of these kinds
        std::span<const Severity> penalty_severities; // penalties of these severities
    };
    /// The first adverse item (black or attention entry, adverse penalty or record) decided or in
    /// force between `from` and `as_of`, described in one line; nullopt when there is none.
    std::optional<std::string> first_adverse_item(SubjectId subject, Date from, Date as_of, const AdverseRecords& adverse);

private:
    std::vector<std::pair<EntryFact, Role>> entries_through_relations(const char* sql, SubjectId from, Date as_of);

    sql::Connection& c_;
    bool open_ = false;
};

} // namespace credcheck::store
