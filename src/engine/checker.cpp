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
#include "security/permissions.hpp"
#include "store/catalog_tables.hpp"
#include "store/check_reads.hpp"
#include "store/feed_tables.hpp"
#include "store/masked_lookup.hpp"
#include "store/open_file.hpp"
#include "store/projection.hpp"
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

bool is_person(SubjectKind k) { return k == SubjectKind::natural_person; }

MeasureSource source_of(const store::EntryFact& e, const ListDefinition& list) {
    MeasureSource s;
    s.entry_id = e.id;
    s.list_code = e.list_code;
    s.list_name = list.name;
    s.subject_id = e.subject_id;
    s.subject_code = e.subject_code;
    s.subject_name = e.subject_name;
    s.subject_kind = e.subject_kind;
    s.department = e.department;
    s.document_no = e.document_no;
    s.legal_basis = e.legal_basis;
    s.entered_on = e.entered_on;
    s.expires_on = e.expires_on;
    return s;
}

/// The name a reason line gives a listed party: its name, and its code (an ID number masked).
std::string party(const store::EntryFact& e) {
    return fmt::format("{} ({})", e.subject_name, is_person(e.subject_kind) ? mask_personal_id(e.subject_code) : e.subject_code);
}

/// Collects one decision's measures.
class DecisionBuilder {
public:
    DecisionBuilder(const Catalog& catalog, Decision& d) : catalog_(catalog), d_(d) {}

    /// Every measure of the scenario that `entry`'s list triggers, that reaches the subject `via`
    /// (`role` for via organization) and that a basis in force on the date supports for that list and
    /// person: applied or — under a pending objection, on a list an objection suspends — suspended.
    void from_entry(const store::EntryFact& entry, Via via, PersonRole role = PersonRole::none) {
        const ListDefinition* list = catalog_.find_list(entry.list_code);
        if (!list) return; // an entry of a list the catalog dropped triggers nothing
        const PersonReached person = person_reached(via, role);
        for (const Measure& m : catalog_.measures) {
            if (!m.applies_in(d_.scenario) || !m.triggered_by(*list) || !reaches(m, person)) continue;
            if (already_from(m.code, entry.id)) continue; // a person both leading and recorded on the same entry
            AppliedMeasure a = base(m, via, role);
            if (catalog_.format >= 2 && !applied_bases(m, list->code, person, a)) continue; // no basis in force on the date
            a.source = source_of(entry, *list);
            a.reason = reason(m, entry, *list, via, role);
            if (entry.pending_objection && list->objection_suspends) {
                a.objection_id = entry.pending_objection;
                a.reason += fmt::format("; suspended while objection #{} is verified (核实期间暂不执行)", *entry.pending_objection);
                d_.suspended.push_back(std::move(a));
            } else {
                if (entry.pending_objection) {
                    a.objection_id = entry.pending_objection;
                    a.reason += fmt::format("; objection #{} is pending, but an objection does not suspend the measures of {} "
                                            "(复议期间，不停止原决定的执行)",
                                            *entry.pending_objection, list->code);
                }
                d_.measures.push_back(std::move(a));
            }
        }
    }

    /// The incentives the three-clean-years rule grants, when not already granted by a red list.
    void from_clean_years(Date since) {
        for (const Measure& m : catalog_.measures) {
            if (!m.three_clean_years || !m.applies_in(d_.scenario) || !targets_subject(m) || granted(m.code)) continue;
            AppliedMeasure a = base(m, Via::self, PersonRole::none);
            if (catalog_.format >= 2) { // the rule's own bases: those in force that reach the subject, whatever list they name
                a.legal_basis.clear();
                for (std::size_t i : m.bases) {
                    const LegalBasis& b = catalog_.bases[i];
                    if (!b.in_force_on(d_.as_of) ||
                        std::find(b.persons.begin(), b.persons.end(), PersonReached::subject) == b.persons.end())
                        continue;
                    a.bases.push_back(AppliedBasis{b.id, b.citation(), b.level, b.verified});
                    a.legal_basis += (a.legal_basis.empty() ? "" : "; ") + b.citation();
                }
                if (a.bases.empty()) continue;
            }
            a.reason = fmt::format("no adverse record since {} (seed item 8: {} clean years)", since.iso(), catalog_.clean_years.years);
            d_.measures.push_back(std::move(a));
        }
    }

    /// The bases of `m` in force on the check date that cover `list` for `person`, at the level its
    /// effect needs; false when there is none.
    bool applied_bases(const Measure& m, const std::string& list, PersonReached person, AppliedMeasure& a) const {
        const bool restricts = (m.effect == Effect::prohibit || m.effect == Effect::restrict) && !m.withholds_benefit;
        a.legal_basis.clear();
        for (std::size_t i : m.bases) {
            const LegalBasis& b = catalog_.bases[i];
            if (!b.in_force_on(d_.as_of) || !b.covers(list, person) || (restricts && !may_restrict_rights(b.level))) continue;
            a.bases.push_back(AppliedBasis{b.id, b.citation(), b.level, b.verified});
            a.legal_basis += (a.legal_basis.empty() ? "" : "; ") + b.citation();
        }
        return !a.bases.empty();
    }

    bool scenario_has_clean_years_incentive() const {
        return std::any_of(catalog_.measures.begin(), catalog_.measures.end(),
                           [&](const Measure& m) { return m.three_clean_years && m.applies_in(d_.scenario) && targets_subject(m); });
    }

private:
    static AppliedMeasure base(const Measure& m, Via via, PersonRole role) {
        AppliedMeasure a;
        a.code = m.code;
        a.name = m.name;
        a.effect = m.effect;
        a.via = via;
        a.role = role;
        a.legal_basis = m.legal_basis;
        a.implementing = m.implementing;
        return a;
    }

    bool targets_subject(const Measure& m) const {
        return d_.subject.kind && (is_person(*d_.subject.kind) ? m.targets.natural_person : m.targets.entity);
    }

    /// Whom the measure would reach, in the catalog's terms.
    static PersonReached person_reached(Via via, PersonRole role) {
        switch (via) {
        case Via::self: return PersonReached::subject;
        case Via::organization:
            return role == PersonRole::legal_representative ? PersonReached::legal_representative
                   : role == PersonRole::principal          ? PersonReached::principal
                                                            : PersonReached::directly_responsible;
        case Via::legal_representative:
        case Via::principal: return PersonReached::organization_of_listed_person;
        }
        return PersonReached::subject;
    }

    /// catalog.md's targets: a measure reaches the listed party itself (E or NP), a person through
    /// a listed organisation (LR, PR by role; DR when recorded on the entry), an organisation through
    /// a listed person (OL).
    bool reaches(const Measure& m, PersonReached person) const {
        switch (person) {
        case PersonReached::subject: return d_.subject.kind && is_person(*d_.subject.kind) ? m.targets.natural_person : m.targets.entity;
        case PersonReached::legal_representative: return m.targets.legal_representative;
        case PersonReached::principal: return m.targets.principal;
        case PersonReached::directly_responsible: return m.targets.directly_responsible;
        case PersonReached::organization_of_listed_person: return m.targets.organization_of_listed;
        case PersonReached::actual_controller: return false; // credcheck records no actual controllers yet
        }
        return false;
    }

    bool already_from(const std::string& code, EntryId entry) const {
        const auto same = [&](const AppliedMeasure& a) { return a.code == code && a.source && a.source->entry_id == entry; };
        return std::any_of(d_.measures.begin(), d_.measures.end(), same) || std::any_of(d_.suspended.begin(), d_.suspended.end(), same);
    }

    bool granted(const std::string& code) const {
        return std::any_of(d_.measures.begin(), d_.measures.end(), [&](const AppliedMeasure& a) { return a.code == code; });
    }

    std::string reason(const Measure& m, const store::EntryFact& e, const ListDefinition& list, Via via, PersonRole role) const {
        const std::string on_list = fmt::format("{} ({}) since {}, {} {}", list.name, list.code, e.entered_on.iso(), e.department, e.document_no);
        switch (via) {
        case Via::self: return fmt::format("{}: the subject is on {}", m.code, on_list);
        case Via::organization:
            return fmt::format("{}: the subject is {} of {}, which is on {} (落实到人)", m.code,
                               role == PersonRole::responsible_person ? std::string_view("recorded as responsible person") : to_string(role), party(e),
                               on_list);
        case Via::legal_representative:
        case Via::principal:
            return fmt::format("{}: the subject's {} {} is on {}", m.code, to_string(via), party(e), on_list);
        }
        return {};
    }

    const Catalog& catalog_;
    Decision& d_;
};

Verdict verdict_of(const Decision& d) {
    const auto any = [&](Effect e) {
        return std::any_of(d.measures.begin(), d.measures.end(), [&](const AppliedMeasure& a) { return a.effect == e; });
    };
    if (any(Effect::prohibit)) return Verdict::deny;
    if (any(Effect::restrict)) return Verdict::restrict;
    if (any(Effect::scrutinize) || !d.suspended.empty() || d.subject.status == SubjectStatus::revoked || !d.caveats.empty())
        return Verdict::review;
    if (any(Effect::incentive)) return Verdict::favor;
    return Verdict::allow;
}

/// 奖惩并重: a subject any punishment measure reaches gets no incentive in the same check; nor does
/// one checked on grounds the decision cannot vouch for.
void drop_incentives_if_punished(Decision& d) {
    const auto punished = std::find_if(d.measures.begin(), d.measures.end(), [](const AppliedMeasure& a) { return a.effect != Effect::incentive; });
    if (punished == d.measures.end() && d.caveats.empty()) return;
    std::erase_if(d.measures, [](const AppliedMeasure& a) { return a.effect == Effect::incentive; });
}

constexpr const char* kNoListData = "no list data loaded: the database holds no red, black or attention list entry, so no list was checked";

/// Birth date of a natural person (from the ID number), else the registered establishment date.
std::optional<Date> established_on(const store::SubjectFact& s) {
    if (is_person(s.kind)) {
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

struct Prepared {
    std::optional<std::string> normalized_code; // when the request names a code: as shown and logged
    std::string lookup_code;                    // as the store knows it
    /// Looked up when the code itself is unknown: the organisation code a tax registration number carries.
    std::optional<std::string> fallback_code;
    /// A masked code with the subject's name: the subject is the one candidate (check_one finds it).
    std::optional<MaskedCode> masked;
    std::string name;
    /// A USCC failing only its check character: checked only when a subject holds it as recorded
    /// (admitted as issued on import); else `invalid` is the answer.
    std::optional<std::string> invalid;
    std::vector<std::string> caveats;
};

/// On a replica a citizen ID number is looked up by its keyed digest and shown masked: the replica
/// never holds the number itself, not even in its check log.
Prepared prepare(const CheckRequest& r, const KeyedDigest* person_codes) {
    Prepared p;
    if (r.subject_id) return p;
    const Identification id = identify(r.subject);
    if (id.ok()) {
        p.normalized_code = id.normalized();
        p.lookup_code = id.normalized();
        if (person_codes && id.kind() == IdentifierKind::citizen_id) {
            p.lookup_code = std::string(store::kPersonCodePrefix) + person_codes->mac_hex(id.normalized());
            p.normalized_code = mask_personal_id(id.normalized());
        } else if (const auto* taxpayer = id.get<TaxpayerNo>(); person_codes && taxpayer) { // an ID number and 2 digits
            p.lookup_code = std::string(store::kPersonCodePrefix) + person_codes->mac_hex(id.normalized());
            p.normalized_code = taxpayer->masked();
        }
        if (const auto* tax = id.get<TaxRegistrationNo>()) p.fallback_code = tax->org_code().str();
        return p;
    }
    const std::string invalid = fmt::format("subject '{}' is not a valid identifier: {}", mask_personal_id(r.subject), id.error()->message);
    if (id.masked() && !r.subject_name.empty()) {
        p.masked = id.masked();
        p.name = r.subject_name;
        p.caveats.push_back("found by its name and the characters a masked code shows, not by a code: confirm that it is the same subject "
                            "before acting on this answer");
        return p;
    }
    if (id.fails_only_check_character()) {
        p.normalized_code = admit_as_issued(id).normalized();
        p.lookup_code = *p.normalized_code;
        p.invalid = invalid;
        p.caveats.push_back(fmt::format("the code fails its check character ({}); it is the code recorded for this subject, admitted on "
                                        "import as really issued",
                                        id.error()->message));
        return p;
    }
    throw Error(Status::invalid_identifier, invalid);
}

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

Decision decide(detail::CheckerState& state, store::CheckReads& reads, const CheckRequest& r, const Prepared& p,
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
        d.verdict = verdict_of(d);
        d.green_channel = GreenChannel{false, d.caveats.empty() ? "no credit information on this subject" : d.caveats.front()};
        return d;
    }
    d.subject.found = true;
    d.subject.id = subject->id;
    d.subject.code = subject->code;
    d.subject.name = subject->name;
    d.subject.kind = subject->kind;
    d.subject.status = subject->status;

    DecisionBuilder builder(catalog, d);
    for (const auto& e : opening.entries) builder.from_entry(e, Via::self);
    if (is_person(subject->kind)) {
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
    drop_incentives_if_punished(d);
    d.verdict = verdict_of(d);

    const auto green = std::find_if(d.measures.begin(), d.measures.end(), [&](const AppliedMeasure& a) {
        return std::any_of(catalog.measures.begin(), catalog.measures.end(), [&](const Measure& m) { return m.green_channel && m.code == a.code; });
    });
    if (green != d.measures.end()) {
        d.green_channel.eligible = true;
        d.green_channel.reason = green->source ? fmt::format("on the red list {} ({}), {} {}", green->source->list_name, green->source->list_code,
                                                             green->source->department, green->source->document_no)
                                               : fmt::format("no adverse record since {}", d.as_of.plus_years(-catalog.clean_years.years).iso());
    } else {
        const bool scenario_has_green = std::any_of(catalog.measures.begin(), catalog.measures.end(),
                                                    [&](const Measure& m) { return m.green_channel && m.applies_in(d.scenario); });
        const auto punishment = std::find_if(d.measures.begin(), d.measures.end(), [](const AppliedMeasure& a) { return a.effect != Effect::incentive; });
        if (!scenario_has_green) d.green_channel.reason = fmt::format("scenario {} has no green channel", d.scenario);
        else if (!d.caveats.empty()) d.green_channel.reason = d.caveats.front();
        else if (punishment != d.measures.end()) d.green_channel.reason = fmt::format("punishment applies ({})", punishment->code);
        else if (!d.suspended.empty()) d.green_channel.reason = "a measure is suspended pending an objection";
        else d.green_channel.reason = "not on a red list, and no " + std::to_string(catalog.clean_years.years) + " clean years: " +
                                      (clean_years_refusal.empty() ? "not applicable" : clean_years_refusal);
    }
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

Decision check_one(detail::CheckerState& state, store::CheckReads& reads, sql::Connection& c, const CheckRequest& r, const Prepared& p) {
    const Date as_of = r.as_of.value_or(Date::today());
    SubjectId by_name = 0;
    if (p.masked) {
        const auto candidates = store::subjects_fitting_mask(c, *p.masked, p.name, 2);
        if (candidates.empty())
            throw Error(Status::invalid_identifier,
                        fmt::format("subject '{}' is a masked code, and no subject named '{}' has a code that fits it", mask_personal_id(r.subject), p.name));
        if (candidates.size() > 1)
            throw Error(Status::invalid_identifier,
                        fmt::format("subject '{}' is a masked code, and several subjects named '{}' have a code that fits it: the full code is needed",
                                    mask_personal_id(r.subject), p.name));
        by_name = candidates.front();
    }
    auto opening = reads.open(p.masked ? "" : p.lookup_code, by_name ? by_name : r.subject_id.value_or(0), as_of);
    if (!opening.subject && p.fallback_code) opening = reads.open(*p.fallback_code, 0, as_of);
    if (!opening.subject && p.invalid) throw Error(Status::invalid_identifier, *p.invalid);
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
    const Prepared prepared = prepare(request, state_->core->person_codes.get());
    Decision d = with_reads(*state_, [&](store::CheckReads& reads, sql::Connection& c) { return check_one(*state_, reads, c, request, prepared); });
    record(*state_, std::span<Decision>(&d, 1));
    return d;
}

std::vector<Decision> Checker::check_batch(std::span<const std::string> subjects, const CheckRequest& common) const {
    security::require_not_public(state_->db, "run the must-check");
    std::vector<Prepared> prepared;
    prepared.reserve(subjects.size());
    for (std::size_t i = 0; i < subjects.size(); ++i) {
        CheckRequest r = common;
        r.subject = subjects[i];
        r.subject_id.reset();
        try {
            prepared.push_back(prepare(r, state_->core->person_codes.get()));
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
    std::vector<std::optional<Prepared>> prepared(items.size());
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
            prepared[i] = prepare(r, state_->core->person_codes.get());
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
