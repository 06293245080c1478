// The measures of one decision: which of the catalog's measures each list entry triggers for the
// subject in the scenario, on which legal bases, applied or suspended; the three-clean-years
// incentives; the verdict they add up to; the green channel. The checker (engine/checker.cpp) reads the
// facts and hands them over here.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(engine)

#include <string>
#include <string_view>

#include "credcheck/catalog.hpp"
#include "credcheck/check.hpp"
#include "store/check_reads.hpp"

namespace credcheck::engine {

/// Collects one decision's measures into `d` (whose scenario, date and subject are set).
class DecisionBuilder {
public:
    DecisionBuilder(const Catalog& catalog, Decision& d);

    /// Every measure of the scenario that `entry`'s list triggers, that reaches the subject `via`
    /// (`role` for via organization) and that a basis in force on the date supports for that list and
    /// person: applied or — under a pending objection, on a list an objection suspends — suspended.
    void from_entry(const store::EntryFact& entry, Via via, PersonRole role = PersonRole::none);
    /// The incentives the three-clean-years rule grants, when not already granted by a red list.
    void from_clean_years(Date since);
    bool scenario_has_clean_years_incentive() const;

private:
    bool applied_bases(const Measure& m, const std::string& list, PersonReached person, AppliedMeasure& a) const;
    static AppliedMeasure base(const Measure& m, Via via, PersonRole role);
    bool targets_subject(const Measure& m) const;
    static PersonReached person_reached(Via via, PersonRole role);
    bool reaches(const Measure& m, PersonReached person) const;
    bool already_from(const std::string& code, EntryId entry) const;
    bool granted(const std::string& code) const;
    std::string reason(const Measure& m, const store::EntryFact& e, const ListDefinition& list, Via via, PersonRole role) const;

    const Catalog& catalog_;
    Decision& d_;
};

/// deny for a prohibiting measure, restrict for a restricting one, review for scrutiny, a suspended
/// measure, a revoked subject or any caveat, favor for incentives only, else allow.
Verdict verdict_of(const Decision& d);

/// 奖惩并重: a subject any punishment measure reaches gets no incentive in the same check; nor does
/// one checked on grounds the decision cannot vouch for.
void drop_incentives_if_punished(Decision& d);

/// The green channel (容缺受理) of a decision whose measures are settled: eligible through a measure
/// that grants it, else why not (`clean_years_refusal`: why the three-clean-years rule did not apply).
GreenChannel green_channel_of(const Decision& d, const Catalog& catalog, std::string_view clean_years_refusal);

bool is_person(SubjectKind k) noexcept;

} // namespace credcheck::engine
