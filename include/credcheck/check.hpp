// credcheck/check.hpp — the must-check (应查必查): given a subject, a business scenario, a date and who
// asks why, which joint reward and punishment measures apply, with the reason trail of each.
//
// A black-list hit is data in the Decision, never an error: errors are for questions that cannot be
// answered (an invalid identifier, an unknown scenario).
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(engine)

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "credcheck/catalog.hpp"
#include "credcheck/database.hpp"
#include "credcheck/error.hpp"

namespace credcheck {

struct CheckRequest {
    std::string subject;                  // any identifier: USCC, citizen ID, organisation code, registration number,
                                          // tax registration or taxpayer number; or a masked code with subject_name
    std::optional<SubjectId> subject_id;  // or the subject's id, instead of `subject`
    std::string scenario;                 // a scenario code of the catalog: gov_procurement, admin_license, …
    std::optional<Date> as_of;            // default: today (China Standard Time)
    std::string purpose;                  // why: case reference, procedure
    // Who checks is the Database handle's principal: its department is recorded with the decision.
    /// The subject's name, for a masked code from a published list (9114082306****333G): the one subject
    /// of that name whose code fits the mask is checked, as a name match (DecisionSubject::matched_by).
    std::string subject_name{};
};

/// deny if any prohibiting measure applies; else restrict; else review (scrutiny, a suspended
/// measure, a revoked registration, or grounds the answer cannot vouch for: see Decision::caveats);
/// else favor if incentives apply; else allow.
enum class Verdict { deny, restrict, review, allow, favor };
/// How a measure reaches the checked subject (catalog.md): the subject itself is listed; a person
/// checked, whose organisation is listed; an organisation checked, whose legal representative or
/// principal is listed.
enum class Via { self, organization, legal_representative, principal };
/// With Via::organization: the checked person's role in the listed organisation — its legal
/// representative or principal (a relation on the check date), or the responsible person the entry
/// itself names (落实到人).
enum class PersonRole { none, legal_representative, principal, responsible_person };

std::string_view to_string(Verdict) noexcept;
std::string_view to_string(Via) noexcept;
/// "" for PersonRole::none.
std::string_view to_string(PersonRole) noexcept;

/// The list entry a measure comes from; it always names the listed party.
struct MeasureSource {
    EntryId entry_id = 0;
    std::string list_code, list_name;
    SubjectId subject_id = 0;
    std::string subject_code; // the listed party's code (a citizen ID: see DecisionOptions)
    std::string subject_name;
    SubjectKind subject_kind = SubjectKind::legal_person;
    std::string department;
    std::string document_no;
    std::string legal_basis; // the entry's legal basis
    Date entered_on = Date::from_days(0);
    std::optional<Date> expires_on;
};

/// A text a measure was applied on, as the decision cites it.
struct AppliedBasis {
    std::string id;
    std::string citation; // "中华人民共和国政府采购法 第七十七条"
    BasisLevel level = BasisLevel::law;
    bool verified = false;
};

struct AppliedMeasure {
    std::string code, name;
    Effect effect = Effect::prohibit;
    Via via = Via::self;
    PersonRole role = PersonRole::none; // with via organization

    std::string legal_basis;  // the measure's legal basis: the bases applied, cited (format 1: its free text)
    /// The bases in force on the check date that cover this list and this person (format 2 catalogs):
    /// a measure with none is not applied.
    std::vector<AppliedBasis> bases;
    std::string implementing; // who applies it
    std::optional<MeasureSource> source; // none for a rule-based incentive (three clean years)
    std::string reason;                  // one readable line: why this measure reaches this subject
    /// The objection pending on the check date: for a suspended measure, and for a measure of a list an
    /// objection does not suspend (a court's list: it runs, the reason says so).
    std::optional<std::int64_t> objection_id;
};

struct GreenChannel {
    bool eligible = false;
    std::string reason; // credit model, red list, "no adverse record since DATE", or why not
};

struct Receipt {
    std::string id; // unique decision id
    std::int64_t data_version = 0;
    /// When the data the decision read last changed (UTC, ISO 8601: the newest import, correction or
    /// publication); empty when the database never recorded it (a file from before 0.2).
    std::string data_as_of;
    std::string catalog_version;
    std::string catalog_sha256;
    std::string library_version;
    Date as_of = Date::from_days(0);
    std::string checked_at; // UTC, ISO 8601
    std::string department; // the principal's department (empty for the credit office)
    std::string purpose;
    /// On a department replica (credcheck/feed.hpp): when the office's feed file the data came from
    /// expires (UTC, ISO 8601); after it the decision is stale. Empty on the office's own database.
    std::string data_expires_at;
};

/// How the subject of a decision was found: by a code, or — for a masked code — by its name and the
/// characters the mask shows, which the caller must confirm (the decision carries a caveat saying so).
enum class SubjectMatch { code, name };
std::string_view to_string(SubjectMatch) noexcept;

struct DecisionSubject {
    bool found = false;
    SubjectMatch matched_by = SubjectMatch::code;
    SubjectId id = 0;
    std::string code; // canonical; the normalised input when not found
    std::string name;
    std::optional<SubjectKind> kind;
    std::optional<SubjectStatus> status;
};

struct Decision {
    Verdict verdict = Verdict::allow;
    DecisionSubject subject;
    std::string scenario;
    Date as_of = Date::from_days(0);
    std::vector<AppliedMeasure> measures;
    std::vector<AppliedMeasure> suspended; // triggered by an entry under a pending objection (核实期间暂不执行)
    GreenChannel green_channel;
    Receipt receipt;
    /// Grounds the answer cannot vouch for, each in words ("no list data loaded: …"). Any caveat makes
    /// the verdict at least review and withholds every incentive: never a plain allow on no grounds.
    std::vector<std::string> caveats;
    /// Whether the decision is in the check log (and so in the audit trail): written, or queued to a
    /// log writer that is working. False, with log_error saying why, on a read-only handle or while the
    /// writer fails (the decision stays queued and is retried); Checker::flush_log() tells for sure.
    /// A handle opened with OpenOptions::require_log never returns an unlogged decision.
    bool logged = false;
    std::string log_error;
    /// On a department replica: the data is past its feed file's expiry, or older than the host's
    /// maximum age (OpenOptions::max_data_age) — frozen data, perhaps; stale_reason says which. A stale
    /// decision carries the reason among its caveats too, so its verdict is at least review.
    bool stale = false;
    std::string stale_reason;
};

namespace detail {
struct CheckerState;
}

struct CheckerOptions {
    /// Record every decision in the database's check log (reports, feedback on decisions). Decisions
    /// are queued and written in batches by one background thread per open file, within 200 ms; by
    /// flush_log() (or flush_check_log()); before every query about checks (the audit trail, reports,
    /// feedback on a decision); and when the last handle on the file closes. A read-only Database
    /// records nothing.
    bool record_checks = true;
};

/// Runs checks as the principal of the Database it is made with. Thread-safe: share one Checker
/// between threads, or make one per request (Database::as, then Checker): every Checker on the same
/// open file shares its parsed catalog, reloaded when the database's catalog changes, and its one
/// check-log writer, so a Checker costs no parse and no thread. It keeps the file open.
/// Writes the decisions still queued for the check log of `db`'s open file, by any Checker on it.
/// Throws the error of a failed write. Does nothing when no Checker logs on that file.
void flush_check_log(const Database& db);

class Checker {
public:
    explicit Checker(const Database& db, CheckerOptions options = {});
    ~Checker();
    Checker(Checker&&) noexcept;
    Checker& operator=(Checker&&) noexcept;

    /// Throws Error(invalid_identifier) for a code that is no identifier, Error(invalid_argument) for
    /// an unknown scenario, Error(database_error) for a value read that is outside its domain (the file
    /// was altered). A valid code with no data is found = false, verdict allow — review, with a
    /// caveat, when the database holds no list data at all. With OpenOptions::require_log, the call
    /// returns only once the decision is written to the check log, and throws that write's error
    /// instead of an unlogged decision.
    Decision check(const CheckRequest& request) const;

    /// Batch check (批量比对): many subjects, one scenario, date, department and purpose — e.g. all
    /// bidders of a tender. One decision per subject, in order; an invalid code fails the whole call
    /// naming its position.
    std::vector<Decision> check_batch(std::span<const std::string> subjects, const CheckRequest& common) const;

    /// One subject of a batch read from a file: its code (and name, for a masked code), and the row it
    /// came from.
    struct BatchItem {
        std::string subject;
        std::string name{};
        std::size_t row = 0;
    };
    /// A decision, or why the subject could not be checked.
    struct BatchOutcome {
        std::size_t row = 0;
        std::optional<Decision> decision;
        Status status = Status::ok; // invalid_identifier when `error` is set
        std::string error{};        // "not a valid identifier: …", ID numbers masked
    };
    /// Like check_batch, but a subject that cannot be checked (an invalid code, a masked code without a
    /// match) is an outcome of its own with the reason, never the failure of the batch. An unknown
    /// scenario or a bad date still fails the call: they concern every subject.
    std::vector<BatchOutcome> check_each(std::span<const BatchItem> items, const CheckRequest& common) const;

    /// Writes the decisions still queued for the check log now. Throws the error of a failed write.
    void flush_log() const;

    /// The catalog the last check used.
    std::shared_ptr<const Catalog> catalog() const;

    /// The threads the open file's check log runs (0 or 1, however many Checkers): for tests.
    static std::size_t log_threads(const Database& db);

private:
    std::unique_ptr<detail::CheckerState> state_;
};

} // namespace credcheck
