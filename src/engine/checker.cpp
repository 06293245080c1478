// The decision engine: facts from the store, rules from the catalog (catalog.md), one Decision.
#include "credcheck/check.hpp"

#include <algorithm>
#include <chrono>
#include <fmt/format.h>
#include <mutex>
#include <random>

#include "credcheck/citizen_id.hpp"
#include "credcheck/error.hpp"
#include "credcheck/identify.hpp"
#include "credcheck/version.hpp"
#include "engine/check_log.hpp"
#include "engine/decision_builder.hpp"
#include "engine/subject_lookup.hpp"
#include "security/permissions.hpp"
#include "store/catalog_tables.hpp"
#include "store/check_reads.hpp"
#include "store/feed_tables.hpp"
#include "store/open_file.hpp"
#include "util/clock.hpp"
#include "util/keyed_digest.hpp"
#include "credcheck/utc_time.hpp"

namespace credcheck {

std::string_view to_string(Verdict v) noexcept {
    static constexpr std::array<std::string_view, 5> kNames = {"deny", "restrict", "review", "allow", "favor"};
    return kNames[static_cast<std::size_t>(v)];
}

std::string_view to_string(SubjectMatch m) noexcept { return m == SubjectMatch::name ? "name" : "code"; }

std::string_view to_string(Via v) noexcept {
    static constexpr std::array<std::string_view, 4> kNames = {"self", "organization", "legal_representative", "principal"};
    return kNames[static_cast<std::size_t>(v)];
}

std::string_view to_string(PersonRole r) noexcept {
    static constexpr std::array<std::string_view, 4> kNames = {"", "legal_representative", "principal", "responsible_person"};
    return kNames[static_cast<std::size_t>(r)];
}

namespace detail {

/// The catalog arranged for checking: for each scenario, the measures that can apply in it.
struct CatalogIndex {
    std::shared_ptr<const Catalog> catalog;
    std::int64_t row_id = 0;
};

/// A value several threads read and one replaces now and then, behind a mutex: a check copies a
/// shared_ptr under it. (std::atomic<std::shared_ptr> in GCC 12's libstdc++ releases its internal lock
/// with relaxed order, which ThreadSanitizer reports as a race.)
template <class T> class SharedSlot {
public:
    std::shared_ptr<const T> load() const {
        std::lock_guard lock(mutex_);
        return value_;
    }
    void store(std::shared_ptr<const T> value) {
        std::lock_guard lock(mutex_);
        value_ = std::move(value);
    }

private:
    mutable std::mutex mutex_;
    std::shared_ptr<const T> value_;
};

/// What every Checker on one open file shares (store::OpenFile::shared_component): the parsed catalog,
/// the data facts, the decision-id source and the one check-log writer. Handles derived per request
/// (Database::as) therefore cost no catalog parse and no thread.
struct CheckerCore {
    store::OpenFile file;
    std::mutex catalog_mutex; // serialises reloads; checks read `index` without it
    SharedSlot<CatalogIndex> index;
    std::uint64_t id_prefix;
    mutable std::atomic<std::uint64_t> counter{0};

    std::unique_ptr<CheckLog> log; // null when checks are not recorded

    /// The data facts of the last data version seen (has it list data, as of when): read again only
    /// when the version changes, not on every check.
    SharedSlot<store::CheckReads::DataFacts> facts;
    std::shared_ptr<const store::CheckReads::DataFacts> facts_for(const store::CheckReads::Opening& opening, store::CheckReads& reads) {
        const auto current_for = [&](const store::CheckReads::DataFacts& f) {
            return f.data_version == opening.data_version && (f.replica ? f.replica->sequence : 0) == opening.feed_sequence;
        };
        if (auto current = facts.load(); current && current_for(*current)) return current;
        auto fresh = std::make_shared<const store::CheckReads::DataFacts>(reads.data_facts()); // the same read transaction
        if (current_for(*fresh)) facts.store(fresh);
        return fresh;
    }

    /// On a department replica, the key its natural persons' codes are digests under (store/projection.hpp).
    std::shared_ptr<const KeyedDigest> person_codes;

    CheckerCore(store::OpenFile open_file, bool record_checks)
        : file(open_file), id_prefix(std::random_device{}() * 0x100000001ULL ^ std::random_device{}()) {
        if (const auto replica = store::replica_state(*file.read())) person_codes = std::make_shared<const KeyedDigest>(replica->person_key);
        if (record_checks && !file.options().read_only) log = std::make_unique<CheckLog>(file);
    }

    /// The catalog for this data state; parsed again only when the database's catalog changed.
    std::shared_ptr<const CatalogIndex> catalog_for(std::int64_t row_id, sql::Connection& c, const std::filesystem::path& path) {
        if (auto current = index.load(); current && current->row_id == row_id) return current;
        std::lock_guard lock(catalog_mutex);
        if (auto current = index.load(); current && current->row_id == row_id) return current;
        if (row_id == 0) throw Error(Status::not_found, fmt::format("{} has no catalog: load one with `credcheck catalog load`", path.string()));
        const auto json = store::catalog_json_of_row(c, row_id);
        if (!json) throw Error(Status::database_error, "the installed catalog disappeared");
        auto fresh = std::make_shared<CatalogIndex>();
        fresh->catalog = std::make_shared<const Catalog>(parse_catalog(*json, "installed", true));
        fresh->row_id = row_id;
        index.store(fresh);
        return fresh;
    }
};

/// One Checker: who checks (its own handle on the file, which keeps the file open) and the file's core.
struct CheckerState {
    Database db;
    std::shared_ptr<CheckerCore> core;

    CheckerState(const Database& database, CheckerOptions options)
        : db(database.as(database.principal())),
          core(store::OpenFile(db).shared_component<CheckerCore>(options.record_checks ? "engine.checker" : "engine.checker.unlogged", [&] {
              return std::make_shared<CheckerCore>(store::OpenFile(db), options.record_checks);
          })) {}
};

} // namespace detail

namespace {

constexpr const char* kNoListData = "no list data loaded: the database holds no red, black or attention list entry, so no list was checked";

/// Birth date of a natural person (from the ID number), else the registered establishment date.
std::optional<Date> established_on(const store::SubjectFact& s) {
    if (engine::is_person(s.kind)) {
        CitizenIdOptions options;
        options.born_not_after = Date::from_days(INT32_MAX / 2);
        if (const auto id = CitizenId::parse(s.code, options)) return id->birth_date();
    }
    return s.established_on;
}

} // namespace

Checker::Checker(const Database& db, CheckerOptions options) : state_(std::make_unique<detail::CheckerState>(db, options)) {}

void Checker::flush_log() const {
    if (state_->core->log) state_->core->log->flush();
}

void flush_check_log(const Database& db) {
    if (const auto core = store::OpenFile(db).find_component<detail::CheckerCore>("engine.checker"); core && core->log) core->log->flush();
}

std::size_t Checker::log_threads(const Database& db) {
    const auto core = store::OpenFile(db).find_component<detail::CheckerCore>("engine.checker");
    return core && core->log ? 1 : 0;
}
Checker::~Checker() = default;
Checker::Checker(Checker&&) noexcept = default;
Checker& Checker::operator=(Checker&&) noexcept = default;

std::shared_ptr<const Catalog> Checker::catalog() const {
    const auto index = state_->core->index.load();
    return index ? index->catalog : nullptr;
}

namespace {

/// Why a replica's data is stale on `now`, if it is.
std::optional<std::string> staleness(const store::CheckReads::DataFacts::Replica& replica, const OpenOptions& options) {
    const UtcSeconds now = utc_now(options.clock_now);
    const auto expires = parse_utc(replica.expires_at);
    if (!expires || now >= *expires)
        return fmt::format("the replica's data expired at {} (feed file {}, published {}): no newer file from the credit office has been applied",
                           replica.expires_at, replica.sequence, replica.data_as_of);
    const auto published = parse_utc(replica.data_as_of);
    if (options.max_data_age && (!published || now - *published > *options.max_data_age))
        return fmt::format("the replica's data was published {} ({} ago), longer ago than the {} this application accepts", replica.data_as_of,
                           published ? format_duration(now - *published) : std::string("unknown"), format_duration(*options.max_data_age));
    return std::nullopt;
}

Decision decide(detail::CheckerState& state, store::CheckReads& reads, const CheckRequest& r, const engine::SubjectLookup& p,
                const store::CheckReads::Opening& opening, const std::shared_ptr<const detail::CatalogIndex>& index) {
    const auto facts = state.core->facts_for(opening, reads);
    const Catalog& catalog = *index->catalog;
    const std::int64_t data_version = opening.data_version;
    if (!catalog.find_scenario(r.scenario)) {
        std::string known;
        for (const auto& s : catalog.scenarios) known += (known.empty() ? "" : ", ") + s.code;
        throw Error(Status::invalid_argument, fmt::format("unknown scenario '{}' (the catalog has: {})", r.scenario, known));
    }
    Decision d;
    d.scenario = r.scenario;
    d.as_of = r.as_of.value_or(Date::today());
    d.receipt.id = fmt::format("{:016x}{:016x}", state.core->id_prefix, state.core->counter.fetch_add(1, std::memory_order_relaxed));
    d.receipt.data_version = data_version;
    d.receipt.data_as_of = facts->data_as_of;
    d.receipt.catalog_version = catalog.version;
    d.receipt.catalog_sha256 = catalog.sha256;
    d.receipt.library_version = library_version();
    d.receipt.as_of = d.as_of;
    d.receipt.checked_at = utc_timestamp();
    d.receipt.department = state.db.principal().department;
    d.receipt.purpose = r.purpose;
    if (!facts->has_list_data) d.caveats.emplace_back(kNoListData);
    if (facts->replica) { // the office's data version, as of when the office published it
        d.receipt.data_version = facts->replica->data_version;
        d.receipt.data_as_of = facts->replica->data_as_of;
        d.receipt.data_expires_at = facts->replica->expires_at;
        d.receipt.purpose = mask_personal_ids_in_text(r.purpose);
        if (auto why = staleness(*facts->replica, store::OpenFile(state.db).options())) {
            d.stale = true;
            d.stale_reason = *why;
            d.caveats.push_back("stale data: " + *why);
        }
    }
    for (const auto& caveat : p.caveats) d.caveats.push_back(caveat);
    if (p.masked) d.subject.matched_by = SubjectMatch::name;

    const auto& subject = opening.subject;
    if (!subject) {
        d.subject.code = p.normalized_code.value_or("");
        d.verdict = engine::verdict_of(d);
        d.green_channel = GreenChannel{false, d.caveats.empty() ? "no credit information on this subject" : d.caveats.front()};
        return d;
    }
    d.subject.found = true;
    d.subject.id = subject->id;
    d.subject.code = subject->code;
    d.subject.name = subject->name;
    d.subject.kind = subject->kind;
    d.subject.status = subject->status;

    engine::DecisionBuilder builder(catalog, d);
    for (const auto& e : opening.entries) builder.from_entry(e, Via::self);
    if (engine::is_person(subject->kind)) {
        // Punishment reaches the person (seed items 3, 12): black-list entries of organisations the
        // person represents or leads on the date, and entries that record the person by name.
        for (const auto& [e, role] : reads.entries_of_organizations_led_by(subject->id, d.as_of))
            if (const auto* list = catalog.find_list(e.list_code); list && list->colour == ListColour::black)
                builder.from_entry(e, Via::organization, role == Role::principal ? PersonRole::principal : PersonRole::legal_representative);
        for (const auto& e : reads.entries_naming_person(subject->id, d.as_of))
            if (const auto* list = catalog.find_list(e.list_code); list && list->colour == ListColour::black)
                builder.from_entry(e, Via::organization, PersonRole::responsible_person);
    } else if (std::find(catalog.people_of_candidates_scenarios.begin(), catalog.people_of_candidates_scenarios.end(), d.scenario) !=
               catalog.people_of_candidates_scenarios.end()) {
        // Candidates and their people (seed item 12): the legal representative's and principal's own
        // black-list entries disqualify the organisation too.
        for (const auto& [e, role] : reads.entries_of_people_leading(subject->id, d.as_of))
            if (const auto* list = catalog.find_list(e.list_code); list && list->colour == ListColour::black)
                builder.from_entry(e, role == Role::principal ? Via::principal : Via::legal_representative);
    }

    std::string clean_years_refusal;
    if (!d.caveats.empty()) {
        clean_years_refusal = d.caveats.front();
    } else if (builder.scenario_has_clean_years_incentive()) {
        const Date since = d.as_of.plus_years(-catalog.clean_years.years);
        const auto established = established_on(*subject);
        if (!established) clean_years_refusal = "establishment date unknown";
        else if (*established > since) clean_years_refusal = fmt::format("established {}, less than {} years ago", established->iso(), catalog.clean_years.years);
        else if (auto adverse = reads.first_adverse_item(subject->id, since, d.as_of, {catalog.clean_years.adverse_record_kinds, catalog.clean_years.adverse_penalty_severities})) clean_years_refusal = "adverse record: " + *adverse;
        else builder.from_clean_years(since);
    }
    engine::drop_incentives_if_punished(d);
    d.verdict = engine::verdict_of(d);

    d.green_channel = engine::green_channel_of(d, catalog, clean_years_refusal);
    return d;
}

/// Runs `work(reads, connection)` inside one read transaction on a pooled connection, so that every
/// read of a decision sees one committed state.
template <class Work> auto with_reads(detail::CheckerState& state, Work&& work) {
    auto lease = store::OpenFile(state.db).read();
    store::CheckReads reads(*lease);
    reads.begin();
    try {
        auto result = work(reads, *lease);
        reads.end();
        return result;
    } catch (...) {
        reads.end();
        throw;
    }
}

Decision check_one(detail::CheckerState& state, store::CheckReads& reads, sql::Connection& c, const CheckRequest& r, const engine::SubjectLookup& p) {
    const Date as_of = r.as_of.value_or(Date::today());
    const auto opening = engine::open_subject(reads, c, r, p, as_of);
    const auto index = state.core->catalog_for(opening.catalog_row, c, state.db.path());
    return decide(state, reads, r, p, opening, index);
}

/// Records the decisions in the check log, or says on each why it could not; with require_log, every
/// one is written before this returns (or the write's error is thrown).
void record(detail::CheckerState& state, std::span<Decision> decisions) {
    const bool required = store::OpenFile(state.db).options().require_log;
    detail::CheckLog* log = state.core->log.get();
    if (!log) {
        const std::string why = store::OpenFile(state.db).options().read_only ? "the database is open read-only: checks are not logged"
                                                                   : "this Checker does not record checks (CheckerOptions::record_checks)";
        if (required) throw Error(Status::permission_denied, fmt::format("the check cannot be logged ({}), and the handle requires it", why));
        for (Decision& d : decisions) d.log_error = why;
        return;
    }
    for (Decision& d : decisions) {
        const auto problem = log->append(d, state.db.principal());
        d.logged = !problem;
        d.log_error = problem.value_or("");
    }
    if (!required) return;
    try {
        log->flush();
    } catch (const Error& e) {
        throw Error(e.status(), fmt::format("the check could not be logged, and the handle requires it: {}", e.what()));
    }
    for (Decision& d : decisions) {
        d.logged = true;
        d.log_error.clear();
    }
}

} // namespace

Decision Checker::check(const CheckRequest& request) const {
    security::require_not_public(state_->db, "run the must-check");
    const engine::SubjectLookup prepared = engine::look_up(request, state_->core->person_codes.get());
    Decision d = with_reads(*state_, [&](store::CheckReads& reads, sql::Connection& c) { return check_one(*state_, reads, c, request, prepared); });
    record(*state_, std::span<Decision>(&d, 1));
    return d;
}

std::vector<Decision> Checker::check_batch(std::span<const std::string> subjects, const CheckRequest& common) const {
    security::require_not_public(state_->db, "run the must-check");
    std::vector<engine::SubjectLookup> prepared;
    prepared.reserve(subjects.size());
    for (std::size_t i = 0; i < subjects.size(); ++i) {
        CheckRequest r = common;
        r.subject = subjects[i];
        r.subject_id.reset();
        try {
            prepared.push_back(engine::look_up(r, state_->core->person_codes.get()));
        } catch (const Error& e) {
            throw Error(e.status(), fmt::format("subject #{}: {}", i + 1, e.what()));
        }
    }
    // One read transaction for the batch: every bidder of a tender is checked against the same data.
    auto decisions = with_reads(*state_, [&](store::CheckReads& reads, sql::Connection& c) {
        std::vector<Decision> out;
        out.reserve(subjects.size());
        CheckRequest r = common;
        for (std::size_t i = 0; i < subjects.size(); ++i) {
            r.subject = subjects[i];
            r.subject_id.reset();
            out.push_back(check_one(*state_, reads, c, r, prepared[i]));
        }
        return out;
    });
    record(*state_, decisions);
    return decisions;
}

std::vector<Checker::BatchOutcome> Checker::check_each(std::span<const BatchItem> items, const CheckRequest& common) const {
    security::require_not_public(state_->db, "run the must-check");
    std::vector<BatchOutcome> out(items.size());
    std::vector<std::optional<engine::SubjectLookup>> prepared(items.size());
    const auto failed = [&](std::size_t i, const Error& e) {
        out[i].status = e.status();
        out[i].error = e.what();
    };
    for (std::size_t i = 0; i < items.size(); ++i) {
        out[i].row = items[i].row;
        CheckRequest r = common;
        r.subject = items[i].subject;
        r.subject_name = items[i].name;
        r.subject_id.reset();
        try {
            prepared[i] = engine::look_up(r, state_->core->person_codes.get());
        } catch (const Error& e) {
            if (e.status() != Status::invalid_identifier) throw;
            failed(i, e);
        }
    }
    // One read transaction for the batch: every subject is checked against the same data.
    std::vector<Decision> decisions = with_reads(*state_, [&](store::CheckReads& reads, sql::Connection& c) {
        std::vector<Decision> made;
        CheckRequest r = common;
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (!prepared[i]) continue;
            r.subject = items[i].subject;
            r.subject_name = items[i].name;
            r.subject_id.reset();
            try {
                made.push_back(check_one(*state_, reads, c, r, *prepared[i]));
                out[i].decision.emplace(); // filled below, once logged
            } catch (const Error& e) {
                if (e.status() != Status::invalid_identifier) throw;
                failed(i, e);
                prepared[i].reset();
            }
        }
        return made;
    });
    record(*state_, decisions);
    std::size_t next = 0;
    for (auto& o : out)
        if (o.decision) *o.decision = std::move(decisions[next++]);
    return out;
}

} // namespace credcheck
