#include "engine/decision_builder.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "credcheck/citizen_id.hpp"

namespace credcheck::engine {

bool is_person(SubjectKind k) noexcept { return k == SubjectKind::natural_person; }

namespace {

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

} // namespace

DecisionBuilder::DecisionBuilder(const Catalog& catalog, Decision& d) : catalog_(catalog), d_(d) {}

/// Every measure of the scenario that `entry`'s list triggers, that reaches the subject `via`
/// (`role` for via organization) and that a basis in force on the date supports for that list and
/// person: applied or — under a pending objection, on a list an objection suspends — suspended.
void DecisionBuilder::from_entry(const store::EntryFact& entry, Via via, PersonRole role) {
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
void DecisionBuilder::from_clean_years(Date since) {
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
bool DecisionBuilder::applied_bases(const Measure& m, const std::string& list, PersonReached person, AppliedMeasure& a) const {
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

bool DecisionBuilder::scenario_has_clean_years_incentive() const {
    return std::any_of(catalog_.measures.begin(), catalog_.measures.end(),
                       [&](const Measure& m) { return m.three_clean_years && m.applies_in(d_.scenario) && targets_subject(m); });
}

AppliedMeasure DecisionBuilder::base(const Measure& m, Via via, PersonRole role) {
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

bool DecisionBuilder::targets_subject(const Measure& m) const {
    return d_.subject.kind && (is_person(*d_.subject.kind) ? m.targets.natural_person : m.targets.entity);
}

/// Whom the measure would reach, in the catalog's terms.
PersonReached DecisionBuilder::person_reached(Via via, PersonRole role) {
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
bool DecisionBuilder::reaches(const Measure& m, PersonReached person) const {
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

bool DecisionBuilder::already_from(const std::string& code, EntryId entry) const {
    const auto same = [&](const AppliedMeasure& a) { return a.code == code && a.source && a.source->entry_id == entry; };
    return std::any_of(d_.measures.begin(), d_.measures.end(), same) || std::any_of(d_.suspended.begin(), d_.suspended.end(), same);
}

bool DecisionBuilder::granted(const std::string& code) const {
    return std::any_of(d_.measures.begin(), d_.measures.end(), [&](const AppliedMeasure& a) { return a.code == code; });
}

std::string DecisionBuilder::reason(const Measure& m, const store::EntryFact& e, const ListDefinition& list, Via via, PersonRole role) const {
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

void drop_incentives_if_punished(Decision& d) {
    const auto punished = std::find_if(d.measures.begin(), d.measures.end(), [](const AppliedMeasure& a) { return a.effect != Effect::incentive; });
    if (punished == d.measures.end() && d.caveats.empty()) return;
    std::erase_if(d.measures, [](const AppliedMeasure& a) { return a.effect == Effect::incentive; });
}

GreenChannel green_channel_of(const Decision& d, const Catalog& catalog, std::string_view clean_years_refusal) {
    GreenChannel g;
    const auto green = std::find_if(d.measures.begin(), d.measures.end(), [&](const AppliedMeasure& a) {
        return std::any_of(catalog.measures.begin(), catalog.measures.end(), [&](const Measure& m) { return m.green_channel && m.code == a.code; });
    });
    if (green != d.measures.end()) {
        g.eligible = true;
        g.reason = green->source ? fmt::format("on the red list {} ({}), {} {}", green->source->list_name, green->source->list_code,
                                               green->source->department, green->source->document_no)
                                 : fmt::format("no adverse record since {}", d.as_of.plus_years(-catalog.clean_years.years).iso());
        return g;
    }
    const bool scenario_has_green = std::any_of(catalog.measures.begin(), catalog.measures.end(),
                                                [&](const Measure& m) { return m.green_channel && m.applies_in(d.scenario); });
    const auto punishment = std::find_if(d.measures.begin(), d.measures.end(), [](const AppliedMeasure& a) { return a.effect != Effect::incentive; });
    if (!scenario_has_green) g.reason = fmt::format("scenario {} has no green channel", d.scenario);
    else if (!d.caveats.empty()) g.reason = d.caveats.front();
    else if (punishment != d.measures.end()) g.reason = fmt::format("punishment applies ({})", punishment->code);
    else if (!d.suspended.empty()) g.reason = "a measure is suspended pending an objection";
    else g.reason = fmt::format("not on a red list, and no {} clean years: {}", catalog.clean_years.years,
                                clean_years_refusal.empty() ? std::string_view("not applicable") : clean_years_refusal);
    return g;
}

} // namespace credcheck::engine
