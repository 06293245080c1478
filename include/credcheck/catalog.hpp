// credcheck/catalog.hpp — the measures catalog: business scenarios, the red, black and attention lists,
// and (as the engine grows) the measures each list triggers. It is data the credit office edits
// (data/catalog.json is the default), versioned and hashed; the database records which one it uses.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(engine)

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credcheck/database.hpp"
#include "credcheck/model.hpp"

namespace credcheck {

struct Scenario {
    std::string code; // admin_license, gov_procurement, …
    std::string name;
};

struct ListDefinition {
    std::string code; // court.dishonest_debtor, …
    std::string name;
    ListColour colour = ListColour::black;
    std::string authority;
    std::string default_term;
    /// Whether an objection suspends this list's measures while it is verified (seed item 19,
    /// 核实期间暂不执行). False where the credit office cannot suspend them: a court's list
    /// (法释〔2017〕7号 §12: 复议期间，不停止原决定的执行) or a statutory debarment.
    bool objection_suspends = true;
};

/// How strong a text is. Since 国办发〔2020〕49号 a measure that restricts a subject's rights or adds to
/// its duties must rest directly on a law, an administrative regulation, a judicial interpretation or a
/// document of the Party Central Committee or the State Council (central_policy); memoranda and local
/// documents organise the work but cannot create such measures.
enum class BasisLevel {
    law, administrative_regulation, judicial_interpretation, central_policy, departmental_rule, local_regulation, local_normative,
    memorandum
};
std::string_view to_string(BasisLevel) noexcept;
/// law, administrative regulation, judicial interpretation or central policy document.
bool may_restrict_rights(BasisLevel) noexcept;

/// Whom a text's measure reaches: the listed subject itself; its legal representative, principal
/// (主要负责人), directly responsible persons, actual controller; or, for candidates (seed item 12), the
/// organisation whose legal representative or principal is listed.
enum class PersonReached {
    subject, legal_representative, principal, directly_responsible, actual_controller, organization_of_listed_person
};
std::string_view to_string(PersonReached) noexcept;

/// One text a measure rests on, with the scope it reaches (catalog "bases").
struct LegalBasis {
    std::string id;       // stable id, e.g. gov_procurement_law_77
    std::string title;    // 中华人民共和国政府采购法
    std::string number;   // 文号 (国办发〔2020〕42号), "" for a law
    std::string article;  // 第七十七条, (七)
    BasisLevel level = BasisLevel::law;
    std::optional<Date> in_force_from, in_force_to; // to: the first day no longer in force
    std::string excerpt;
    bool any_list = false;          // the text reaches whatever list its measure names
    std::vector<std::string> lists; // else the lists it covers
    std::vector<PersonReached> persons;
    std::string source;  // where the text was read; required when verified
    bool verified = false;

    bool in_force_on(Date d) const noexcept { return (!in_force_from || *in_force_from <= d) && (!in_force_to || d < *in_force_to); }
    bool covers(std::string_view list, PersonReached person) const noexcept;
    /// "中华人民共和国政府采购法 第七十七条", "国办发〔2020〕42号 (二)".
    std::string citation() const;
};

/// What a measure does to the application (catalog.md): deny it, allow it with limits, look closer,
/// or reward the applicant.
enum class Effect { prohibit, restrict, scrutinize, incentive };
std::string_view to_string(Effect) noexcept;

/// Whom a measure may reach: E the listed organisation itself, LR its legal representative, PR its
/// principal, DR a person recorded as responsible on the entry (落实到人), NP a listed natural person,
/// OL an organisation whose legal representative or principal is listed (candidates, seed item 12).
struct Targets {
    bool entity = false, legal_representative = false, principal = false, natural_person = false;
    bool directly_responsible = false, organization_of_listed = false;
};

struct Measure {
    std::string code; // P.procurement_ban, I.green_channel, …
    std::string name;
    Effect effect = Effect::prohibit;
    Targets targets;
    std::vector<std::string> scenarios;
    std::string implementing;  // who applies it
    /// The texts it rests on (indexes into Catalog::bases); format 1 catalogs have only legal_basis.
    std::vector<std::size_t> bases;
    /// It only withholds a discretionary benefit (honours, priority, the green channel): a local
    /// normative document such as the seed may carry it even with effect prohibit or restrict.
    bool withholds_benefit = false;
    std::string legal_basis;     // the bases' citations (format 1: as written)
    bool basis_verified = false; // every basis read from its text, with its source
    std::vector<ListColour> trigger_colours; // every list of these colours triggers it
    std::vector<std::string> trigger_lists;  // and these lists
    bool three_clean_years = false;          // and the seed's item 8 rule
    bool green_channel = false;              // granting it makes the applicant green-channel eligible

    bool is_incentive() const noexcept { return effect == Effect::incentive; }
    bool triggered_by(const ListDefinition& list) const noexcept;
    bool applies_in(std::string_view scenario) const noexcept;
};

/// The three-clean-years rule (seed item 8): what counts as adverse, over how many years.
struct CleanYearsRule {
    int years = 3;
    std::vector<Severity> adverse_penalty_severities = {Severity::general, Severity::serious};
    std::vector<RecordKind> adverse_record_kinds = {RecordKind::judgment};
};

struct Catalog {
    /// 1: legal bases as free text (the 0.1 catalogs; still read when installed, never loaded anew);
    /// 2: structured bases whose scope the loader checks against every trigger and person reached.
    int format = 2;
    std::string version;
    std::string title;
    std::string sha256; // of the exact JSON text it was parsed from
    std::string json;   // that text
    std::vector<Scenario> scenarios;
    std::vector<ListDefinition> lists;
    std::vector<Measure> measures;
    std::vector<LegalBasis> bases;
    CleanYearsRule clean_years;
    /// Scenarios where checking an organisation also checks its legal representative and principal
    /// (seed item 12: candidates for honours and posts, and their people).
    std::vector<std::string> people_of_candidates_scenarios = {"honors", "post_appointment"};

    const ListDefinition* find_list(std::string_view code) const noexcept;
    const Scenario* find_scenario(std::string_view code) const noexcept;
    /// The lists that trigger `m` (colours expanded), in catalog order.
    std::vector<const ListDefinition*> triggers_of(const Measure& m) const;
};

/// The persons a measure reaches (from its targets), in PersonReached order.
std::vector<PersonReached> persons_reached(const Measure& m);

/// Parses and validates a catalog. Throws Error(catalog_invalid) naming `source` and what is wrong:
/// missing fields, duplicate codes, unknown colours, scenarios or lists, a measure without
/// triggers, a punishment measure without a legal basis or triggered by a red list, an incentive
/// triggered by a black or attention list — and, in format 2, a measure not covered for every list
/// that triggers it and every person it reaches by one of its bases, at the level of law,
/// administrative regulation, judicial interpretation or central policy document for a prohibit or
/// restrict measure (any level for one that only withholds a benefit, scrutinises or rewards), or a
/// basis marked verified without a source. A format 1 catalog is parsed only with `legacy`: it is
/// what a 0.1 database has installed; loading one anew is refused.
Catalog parse_catalog(std::string_view json_text, std::string_view source, bool legacy = false);

/// One row of the catalog's legal review: a measure, a list that triggers it and a person it reaches,
/// with every basis that covers them (empty: none).
struct CatalogAuditRow {
    const Measure* measure;
    const ListDefinition* list;
    PersonReached person;
    std::vector<const LegalBasis*> bases;
    bool lawful; // covered at the level the measure's effect needs
};
std::vector<CatalogAuditRow> audit_catalog(const Catalog& catalog);
/// The review as a Markdown table, for the credit office (`credcheck catalog audit`).
std::string catalog_audit_text(const Catalog& catalog);

/// The catalog credcheck ships (data/catalog.json, compiled in).
Catalog default_catalog();

/// Makes `catalog` the database's catalog in one transaction. Lists still used by entries cannot be
/// dropped (Error(conflict) names them).
void install_catalog(Database& db, const Catalog& catalog);

/// The catalog the database uses. Throws Error(not_found) if none was installed.
Catalog installed_catalog(const Database& db);

// A new database with this catalog: init_database() in credcheck/init.hpp.

} // namespace credcheck
