#include "import/handlers.hpp"

#include <fmt/format.h>

#include "credcheck/error.hpp"

namespace credcheck::import {

namespace {

/// Canonical column indexes of a kind, looked up by name once.
struct Columns {
    const ColumnMap& map;
    std::size_t operator()(std::string_view name) const {
        const auto i = map.canonical_index(name);
        if (i == ColumnMap::npos) throw Error(Status::internal, fmt::format("no canonical column '{}'", name));
        return i;
    }
};


/// The division a code implies: a USCC's registering division, an ID number's address code, a tax
/// office's division, a registration number's registering authority.
std::optional<std::string> division_of(const Identification& id) {
    if (const auto* u = id.get<Uscc>()) return std::string(u->division_code());
    if (const auto* c = id.get<CitizenId>()) return std::string(c->address_code());
    if (const auto* t = id.get<TaxRegistrationNo>()) return t->division();
    if (const auto* t = id.get<TaxpayerNo>()) return std::string(t->citizen_id().address_code());
    if (const auto* r = id.get<RegistrationNo13>()) return std::string(r->division());
    return std::nullopt;
}

SubjectKind kind_implied_by(const Identification& id) {
    if (id.kind() == IdentifierKind::citizen_id) return SubjectKind::natural_person;
    if (id.kind() == IdentifierKind::taxpayer_no) return SubjectKind::individual_business; // a person's business, numbered by the tax office
    if (const auto* u = id.get<Uscc>(); u && u->authority() == '9' && u->category() == '2') return SubjectKind::individual_business;
    return SubjectKind::legal_person;
}

/// The kinds a subject's own code may be, and those of its legacy codes.
constexpr std::initializer_list<IdentifierKind> kSubjectCodeKinds = {
    IdentifierKind::uscc,        IdentifierKind::citizen_id,         IdentifierKind::org_code,  IdentifierKind::registration_no,
    IdentifierKind::tax_registration_no, IdentifierKind::taxpayer_no, IdentifierKind::registration_no_13, IdentifierKind::foreign_registration_no};
constexpr std::initializer_list<IdentifierKind> kRegistrationNoKinds = {IdentifierKind::registration_no, IdentifierKind::registration_no_13,
                                                                         IdentifierKind::foreign_registration_no};

// Every handler checks everything that can fail against the database before it writes anything, so
// that a rejected row leaves nothing behind without a per-row savepoint (which cost a third of the
// import time in statement journals).

/// True when `code` is free or already belongs to `subject`; else a problem of `field`.
bool code_available(store::Writer& w, std::optional<SubjectId> subject, const Identification& id, const Field& field) {
    const auto owner = w.owner_of_code(id.normalized());
    if (!owner || owner == subject) return true;
    field.problem(fmt::format("belongs to another subject ({})", mask_personal_id(id.normalized())));
    return false;
}

/// The organisation code a code carries: a USCC's (存量代码转换) or a tax registration number's.
std::optional<OrgCode> embedded_org_code(const Identification& id) {
    if (const auto* u = id.get<Uscc>()) return u->org_code();
    if (const auto* t = id.get<TaxRegistrationNo>()) return t->org_code();
    return std::nullopt;
}

/// A code's embedded organisation code resolves to the same subject, when still free.
void add_embedded_org_code(store::Writer& w, SubjectId subject, const Identification& id) {
    if (const auto org = embedded_org_code(id)) w.add_code(subject, org->str(), IdentifierKind::org_code);
}

/// True when the person with this ID number is known, or the row gives a name to record them by.
bool person_resolvable(store::Writer& w, const Identification& id, const std::optional<std::string>& name, const Field& id_field) {
    if (name || w.owner_of_code(id.normalized())) return true;
    id_field.problem("names a person credcheck does not know, and the row gives no name to record");
    return false;
}

struct Person {
    SubjectId id;
    bool created;
};

/// Finds or creates the natural person with this ID number; person_resolvable() must hold.
Person ensure_person(store::Writer& w, const Identification& id, const std::optional<std::string>& name, HandlerCounters& counters) {
    if (const auto existing = w.owner_of_code(id.normalized())) return Person{*existing, false};
    if (!name) throw Error(Status::internal, "ensure_person without a name: person_resolvable() was not checked");
    store::Writer::SubjectFields person;
    person.kind = SubjectKind::natural_person;
    person.name = *name;
    person.code = id.normalized();
    person.code_kind = IdentifierKind::citizen_id;
    person.division = division_of(id);
    ++counters.subjects_created;
    return Person{w.insert_subject(person), true};
}

/// Records `person` as the organisation's legal representative (open-ended) unless already recorded.
void link_legal_representative(store::Writer& w, SubjectId organization, const Person& person, bool organization_created) {
    if (person.created || organization_created || !w.has_relation(organization, person.id, Role::legal_representative))
        w.upsert_relation(organization, person.id, Role::legal_representative, std::nullopt, std::nullopt);
}

/// Checks a subject's primary code: free, or the primary code of the subject owning it (not a
/// legacy code of another subject). Returns the owner, if any, through `owner`.
bool primary_code_usable(store::Writer& w, const Identification& code, const Field& field, std::optional<SubjectId>& owner) {
    owner = w.owner_of_code(code.normalized());
    if (!owner || w.is_primary_code(*owner, code.normalized())) return true;
    field.problem("is a legacy code of another subject; use that subject's primary code");
    return false;
}

/// Subjects named by a licence, penalty or list row: found by code, or created from the row.
struct SubjectColumns {
    std::size_t code, id_number, name, category, registration_no, org_code, lr_name, lr_id;
    std::size_t admitted = ColumnMap::npos; // code_admitted: a USCC failing its check character was really issued
};

class SubjectFromRow {
public:
    SubjectFromRow(const IdentifyOptions& options, SubjectColumns cols, HandlerPolicy policy) : options_(options), cols_(cols), policy_(policy) {}

    struct Parsed {
        Identification code;
        std::string name;
        std::optional<SubjectKind> kind;
        std::optional<Identification> registration_no, org_code, lr_id;
        std::optional<std::string> lr_name;
    };

    std::optional<Parsed> parse(const RowView& row) const {
        std::optional<Identification> code;
        if (cols_.code != ColumnMap::npos && !row[cols_.code].empty()) {
            const bool admit = policy_.admit_failed_check_character ||
                               (cols_.admitted != ColumnMap::npos && yes_no(row[cols_.admitted]).value_or(false));
            code = identifier(row[cols_.code], kSubjectCodeKinds, options_, admit);
        } else if (cols_.id_number != ColumnMap::npos && !row[cols_.id_number].empty()) {
            code = identifier(row[cols_.id_number], {IdentifierKind::citizen_id}, options_);
        } else {
            row[cols_.code].problem(cols_.id_number == ColumnMap::npos
                                        ? "is required"
                                        : fmt::format("is required (or {} for a natural person)", row[cols_.id_number].column));
        }
        auto name = required_text(row[cols_.name]);
        const auto kind = cols_.category == ColumnMap::npos ? std::nullopt : subject_category(row[cols_.category]);
        std::optional<Identification> reg, org, lr;
        if (cols_.registration_no != ColumnMap::npos) reg = identifier(row[cols_.registration_no], kRegistrationNoKinds, options_);
        if (cols_.org_code != ColumnMap::npos) org = identifier(row[cols_.org_code], {IdentifierKind::org_code}, options_);
        if (cols_.lr_id != ColumnMap::npos) lr = identifier(row[cols_.lr_id], {IdentifierKind::citizen_id}, options_);
        const auto lr_name = cols_.lr_name == ColumnMap::npos ? std::nullopt : optional_text(row[cols_.lr_name]);
        if (code && org) {
            if (const auto embedded = embedded_org_code(*code); embedded && embedded->str() != org->normalized())
                row[cols_.org_code].problem(fmt::format("is not the organisation code embedded in the {} ({})",
                                                        code->kind() == IdentifierKind::uscc ? "USCC" : "tax registration number", embedded->display()));
        }
        if (code && lr && code->normalized() == lr->normalized()) row[cols_.lr_id].problem("is the subject itself");
        if (!code || !name) return std::nullopt;
        return Parsed{*code, *name, kind, reg, org, lr, lr_name};
    }

    /// Checks what the database must allow (codes free, persons resolvable); nullopt with problems if not.
    struct Checked {
        std::optional<SubjectId> existing;
        bool through_org_code = false; // found by the organisation code a tax registration number carries
    };
    std::optional<Checked> check(const RowView& row, const Parsed& p, store::Writer& w) const {
        Checked c;
        bool ok = primary_code_usable(w, p.code, row[cols_.code], c.existing);
        // A tax registration number names the subject of its organisation code, when one is known.
        if (ok && !c.existing && p.code.kind() == IdentifierKind::tax_registration_no) {
            c.existing = w.owner_of_code(embedded_org_code(p.code)->str());
            c.through_org_code = c.existing.has_value();
        }
        if (p.registration_no) ok &= code_available(w, c.existing, *p.registration_no, row[cols_.registration_no]);
        if (p.org_code) ok &= code_available(w, c.existing, *p.org_code, row[cols_.org_code]);
        if (p.lr_id && links_legal_representative(c)) ok &= person_resolvable(w, *p.lr_id, p.lr_name, row[cols_.lr_id]);
        if (!ok) return std::nullopt;
        return c;
    }

    /// Finds or creates the subject; a subject it creates gets the row's legacy codes and (for a
    /// principal that may write registry facts) its legal representative. An existing subject is the
    /// registry's: the row adds codes to it only for such a principal, and never a relation — the row's
    /// 法定代表人 stays on the record (落实到人 for that record), not a standing fact about the company.
    /// check() passed.
    SubjectId apply(const Parsed& p, const Checked& checked, store::Writer& w, HandlerCounters& counters) const {
        SubjectId id = 0;
        if (checked.existing) {
            id = *checked.existing;
            if (!policy_.registry_facts) return id;
            if (checked.through_org_code) w.add_code(id, p.code.normalized(), p.code.kind());
        } else {
            store::Writer::SubjectFields fields;
            fields.kind = p.kind.value_or(kind_implied_by(p.code));
            fields.name = p.name;
            fields.code = p.code.normalized();
            fields.code_kind = p.code.kind();
            fields.division = division_of(p.code);
            id = w.insert_subject(fields);
            ++counters.subjects_created;
            add_embedded_org_code(w, id, p.code);
        }
        if (p.registration_no) w.add_code(id, p.registration_no->normalized(), IdentifierKind::registration_no);
        if (p.org_code) w.add_code(id, p.org_code->normalized(), IdentifierKind::org_code);
        if (p.lr_id && links_legal_representative(checked))
            w.upsert_relation(id, ensure_person(w, *p.lr_id, p.lr_name, counters).id, Role::legal_representative, std::nullopt, std::nullopt);
        return id;
    }

private:
    /// A row's legal representative becomes a relation only of a subject the row creates, and only
    /// for a principal that may write registry facts.
    bool links_legal_representative(const Checked& c) const { return !c.existing && policy_.registry_facts; }

    const IdentifyOptions& options_;
    SubjectColumns cols_;
    HandlerPolicy policy_;
};

// ---- subjects -----------------------------------------------------------------------------------

class SubjectsHandler : public RowHandler {
public:
    SubjectsHandler(const ColumnMap& map, const IdentifyOptions& options, HandlerPolicy policy) : options_(options), policy_(policy) {
        const Columns c{map};
        admitted_ = c("code_admitted");
        code_ = c("code"), name_ = c("name"), kind_ = c("kind"), established_ = c("established_on"), status_ = c("status");
        division_ = c("division"), legacy_ = c("legacy_codes"), lr_id_ = c("legal_representative_id"), lr_name_ = c("legal_representative_name");
    }

    std::optional<store::Outcome> apply(const RowView& row, store::Writer& w, HandlerCounters& counters) override {
        const auto code = identifier(row[code_], kSubjectCodeKinds, options_,
                                     policy_.admit_failed_check_character || yes_no(row[admitted_]).value_or(false));
        if (row[code_].empty()) row[code_].problem("is required");
        const auto name = required_text(row[name_]);
        const auto kind = enumeration<SubjectKind>(row[kind_]);
        const auto status = enumeration<SubjectStatus>(row[status_]);
        const auto established = optional_date(row[established_]);
        auto division = optional_text(row[division_]);
        if (division && (division->size() != 6 || division->find_first_not_of("0123456789") != std::string::npos))
            row[division_].problem("is not a six-digit division code");
        std::vector<Identification> legacy;
        for (std::string_view part : split_list(row[legacy_].text)) {
            Field f{row[legacy_].column, part, row.problems()};
            if (auto id = identifier(f, {IdentifierKind::org_code, IdentifierKind::registration_no, IdentifierKind::citizen_id,
                                         IdentifierKind::tax_registration_no, IdentifierKind::taxpayer_no, IdentifierKind::registration_no_13,
                                         IdentifierKind::foreign_registration_no},
                                     options_))
                legacy.push_back(*id);
        }
        const auto lr_id = identifier(row[lr_id_], {IdentifierKind::citizen_id}, options_);
        const auto lr_name = optional_text(row[lr_name_]);
        if (code && kind && ((*kind == SubjectKind::natural_person) != (code->kind() == IdentifierKind::citizen_id)))
            row[kind_].problem(fmt::format("does not fit the code, a {}", identifier_kind_name(code->kind())));
        if (code && lr_id && code->kind() == IdentifierKind::citizen_id)
            row[lr_id_].problem("a natural person has no legal representative");
        for (const auto& l : legacy) {
            if (const auto* u = code ? code->get<Uscc>() : nullptr; u && l.kind() == IdentifierKind::org_code && u->org_code().str() != l.normalized())
                row[legacy_].problem(fmt::format("organisation code {} is not the one embedded in the USCC ({})", l.normalized(), u->org_code().display()));
        }
        if (code && lr_id && code->normalized() == lr_id->normalized()) row[lr_id_].problem("is the subject itself");
        if (!row.problems().empty() || !code || !name) return std::nullopt;

        std::optional<SubjectId> existing;
        bool ok = primary_code_usable(w, *code, row[code_], existing);
        for (const auto& l : legacy) ok &= code_available(w, existing, l, row[legacy_]);
        if (lr_id) ok &= person_resolvable(w, *lr_id, lr_name, row[lr_id_]);
        if (!ok) return std::nullopt;

        store::Writer::SubjectFields fields;
        fields.kind = kind.value_or(kind_implied_by(*code));
        fields.name = *name;
        fields.code = code->normalized();
        fields.code_kind = code->kind();
        fields.status = status.value_or(SubjectStatus::active);
        fields.established_on = established;
        fields.division = division ? division : division_of(*code);
        SubjectId id = 0;
        const auto outcome = w.upsert_subject(fields, id);
        if (outcome == store::Outcome::inserted) add_embedded_org_code(w, id, *code);
        bool aliases_added = false;
        for (const auto& l : legacy) {
            if (w.owner_of_code(l.normalized())) continue; // already this subject's: code_available() checked
            w.add_code(id, l.normalized(), l.kind());
            aliases_added = true;
        }
        if (lr_id) link_legal_representative(w, id, ensure_person(w, *lr_id, lr_name, counters), outcome == store::Outcome::inserted);
        return outcome == store::Outcome::unchanged && aliases_added ? store::Outcome::updated : outcome;
    }

private:
    const IdentifyOptions& options_;
    HandlerPolicy policy_;
    std::size_t code_, name_, kind_, established_, status_, division_, legacy_, lr_id_, lr_name_, admitted_;
};

// ---- relations ----------------------------------------------------------------------------------

class RelationsHandler : public RowHandler {
public:
    RelationsHandler(const ColumnMap& map, const IdentifyOptions& options) : options_(options) {
        const Columns c{map};
        org_ = c("organization_code"), person_ = c("person_id"), name_ = c("person_name"), role_ = c("role");
        from_ = c("valid_from"), to_ = c("valid_to");
    }

    std::optional<store::Outcome> apply(const RowView& row, store::Writer& w, HandlerCounters& counters) override {
        const auto org = identifier(row[org_], {IdentifierKind::uscc, IdentifierKind::org_code, IdentifierKind::registration_no}, options_);
        if (row[org_].empty()) row[org_].problem("is required");
        const auto person = identifier(row[person_], {IdentifierKind::citizen_id}, options_);
        if (row[person_].empty()) row[person_].problem("is required");
        const auto name = required_text(row[name_]);
        const auto r = role(row[role_]);
        const auto from = optional_date(row[from_]);
        const auto to = optional_date(row[to_]);
        if (from && to && *to <= *from) row[to_].problem(fmt::format("is not after {} ({})", row[from_].column, from->iso()));
        if (!row.problems().empty()) return std::nullopt;

        const auto org_id = w.owner_of_code(org->normalized());
        if (!org_id) {
            row[org_].problem("is not a subject in the database: import the organisation with --kind subjects first");
            return std::nullopt;
        }
        if (!person_resolvable(w, *person, name, row[person_])) return std::nullopt;
        if (w.owner_of_code(person->normalized()) == org_id) {
            row[person_].problem("is the organisation itself");
            return std::nullopt;
        }
        return w.upsert_relation(*org_id, ensure_person(w, *person, name, counters).id, *r, from, to);
    }

private:
    const IdentifyOptions& options_;
    std::size_t org_, person_, name_, role_, from_, to_;
};

// ---- list entries -------------------------------------------------------------------------------

class ListsHandler : public RowHandler {
public:
    ListsHandler(const ColumnMap& map, const IdentifyOptions& options, HandlerPolicy policy)
        : options_(options),
          subject_(options,
                   SubjectColumns{map.canonical_index("subject_code"), ColumnMap::npos, map.canonical_index("subject_name"),
                                  map.canonical_index("subject_kind"), ColumnMap::npos, ColumnMap::npos, ColumnMap::npos, ColumnMap::npos,
                                  map.canonical_index("code_admitted")},
                   policy) {
        const Columns c{map};
        list_ = c("list"), department_ = c("department"), document_ = c("document_no"), entered_ = c("entered_on");
        expires_ = c("expires_on"), reason_ = c("reason"), basis_ = c("legal_basis"), person_id_ = c("responsible_person_id");
        person_name_ = c("responsible_person_name"), status_ = c("status");
    }

    std::optional<store::Outcome> apply(const RowView& row, store::Writer& w, HandlerCounters& counters) override {
        const auto list = required_text(row[list_]);
        const auto subject = subject_.parse(row);
        const auto department = required_text(row[department_]);
        const auto document = required_text(row[document_]);
        const auto entered = required_date(row[entered_]);
        const auto expires = optional_date(row[expires_]);
        if (entered && expires && *expires <= *entered)
            row[expires_].problem(fmt::format("is not after {} ({})", row[entered_].column, entered->iso()));
        const auto status = enumeration<EntryStatus>(row[status_]);
        std::vector<Identification> person_ids;
        for (std::string_view part : split_list(row[person_id_].text)) {
            Field f{row[person_id_].column, part, row.problems()};
            if (auto id = identifier(f, {IdentifierKind::citizen_id}, options_)) person_ids.push_back(*id);
        }
        const auto person_names = split_list(row[person_name_].text);
        if (!person_names.empty() && person_names.size() != split_list(row[person_id_].text).size())
            row[person_name_].problem(fmt::format("names {} persons but {} gives {}", person_names.size(), row[person_id_].column,
                                                  split_list(row[person_id_].text).size()));
        if (list && !w.list_exists(*list)) row[list_].problem("is not a list of the catalog (credcheck catalog show lists them)");
        if (!row.problems().empty() || !subject) return std::nullopt;
        const auto checked = subject_.check(row, *subject, w);
        bool ok = checked.has_value();
        for (std::size_t i = 0; i < person_ids.size(); ++i)
            ok &= person_resolvable(w, person_ids[i], i < person_names.size() ? std::optional<std::string>(person_names[i]) : std::nullopt,
                                    row[person_id_]);
        if (!ok) return std::nullopt;

        const SubjectId subject_id = subject_.apply(*subject, *checked, w, counters);
        const auto department_id = department_of(w, *department);
        std::int64_t entry_id = 0;
        const auto outcome = w.upsert(store::kEntriesTable,
                                      {*list, subject_id, *document, department_id, entered->iso(), store::date_or_null(expires),
                                       std::string(row[reason_].text), std::string(row[basis_].text), std::string(to_string(status.value_or(EntryStatus::active)))},
                                      entry_id);
        bool persons_added = false;
        for (std::size_t i = 0; i < person_ids.size(); ++i) {
            const auto name = i < person_names.size() ? std::optional<std::string>(person_names[i]) : std::nullopt;
            persons_added |= w.add_entry_person(entry_id, ensure_person(w, person_ids[i], name, counters).id);
        }
        return outcome == store::Outcome::unchanged && persons_added ? store::Outcome::updated : outcome;
    }

private:
    static DepartmentId department_of(store::Writer& w, const std::string& text) {
        // A department is named, or given by its USCC.
        if (Uscc::is_valid(text)) return w.department(text, text);
        return w.department(text, std::nullopt);
    }

    const IdentifyOptions& options_;
    SubjectFromRow subject_;
    std::size_t list_, department_, document_, entered_, expires_, reason_, basis_, person_id_, person_name_, status_;
};

// ---- licences and penalties ---------------------------------------------------------------------

class RecordsHandler : public RowHandler {
public:
    RecordsHandler(ImportKind kind, const ColumnMap& map, const IdentifyOptions& options, HandlerPolicy policy)
        : kind_(kind), options_(options),
          subject_(options,
                   SubjectColumns{map.canonical_index("subject_code"), map.canonical_index("subject_id_number"),
                                  map.canonical_index("subject_name"), map.canonical_index("subject_category"),
                                  map.canonical_index("registration_no"), map.canonical_index("org_code"),
                                  map.canonical_index("legal_representative"), map.canonical_index("legal_representative_id"),
                                  map.canonical_index("code_admitted")},
                   policy) {
        const Columns c{map};
        document_ = c("document_no"), department_ = c("department"), department_code_ = c("department_code");
        decided_ = c("decided_on"), content_ = c("content"), valid_to_ = c("valid_to"), status_ = c("status");
        published_ = c("published_on");
        lr_name_ = c("legal_representative"), lr_id_ = c("legal_representative_id");
        if (kind == ImportKind::penalties) {
            violation_ = c("violation_type"), facts_ = c("facts"), basis_ = c("basis"), types_ = c("penalty_types");
            fine_ = c("fine_10k_yuan"), confiscated_ = c("confiscated_10k_yuan"), publicity_ = c("publicity_until");
            severity_ = c("severity"), category_ = c("category");
        } else {
            license_category_ = c("license_category"), license_name_ = c("license_name"), license_no_ = c("license_no");
            valid_from_ = c("valid_from");
        }
    }

    std::optional<store::Outcome> apply(const RowView& row, store::Writer& w, HandlerCounters& counters) override {
        const bool penalty = kind_ == ImportKind::penalties;
        const auto subject = subject_.parse(row);
        const auto document = required_text(row[document_]);
        const auto department = required_text(row[department_]);
        const auto department_code = identifier(row[department_code_], {IdentifierKind::uscc}, options_);
        const auto decided = required_date(row[decided_]);
        const auto valid_to = optional_date(row[valid_to_]);
        const auto published = optional_date(row[published_]);
        std::optional<Date> valid_from;
        std::optional<std::string> types, license_cat;
        std::optional<std::int64_t> fine, confiscated;
        std::optional<Date> publicity;
        std::optional<Severity> severity;
        std::optional<RecordCategory> category;
        std::optional<RecordStatus> status;
        if (penalty) {
            types = penalty_types(row[types_]);
            fine = optional_amount_10k_yuan(row[fine_]);
            confiscated = optional_amount_10k_yuan(row[confiscated_]);
            publicity = optional_date(row[publicity_]);
            severity = enumeration<Severity>(row[severity_]);
            category = enumeration<RecordCategory>(row[category_]);
            status = enumeration<RecordStatus>(row[status_]);
            if (decided && publicity && *publicity < *decided)
                row[publicity_].problem(fmt::format("is before {} ({})", row[decided_].column, decided->iso()));
        } else {
            license_cat = license_category(row[license_category_]);
            valid_from = optional_date(row[valid_from_]);
            status = license_status(row[status_]);
            if (valid_from && valid_to && *valid_to < *valid_from)
                row[valid_to_].problem(fmt::format("is before {} ({})", row[valid_from_].column, valid_from->iso()));
        }
        if (decided && valid_to && *valid_to < *decided)
            row[valid_to_].problem(fmt::format("is before {} ({})", row[decided_].column, decided->iso()));
        if (decided && published && *published < *decided)
            row[published_].problem(fmt::format("is before {} ({})", row[decided_].column, decided->iso()));
        if (!row.problems().empty() || !subject) return std::nullopt;
        const auto checked = subject_.check(row, *subject, w);
        if (!checked) return std::nullopt;

        const SubjectId subject_id = subject_.apply(*subject, *checked, w, counters);
        const auto department_id =
            w.department(*department, department_code ? std::optional<std::string>(department_code->normalized()) : std::nullopt);
        if (penalty && !severity) {
            // 行政处罚法 §51 bounds a simplified-procedure fine by party: 公民 (an individual business among them) or organisation.
            const SubjectKind party = subject->kind.value_or(kind_implied_by(subject->code));
            severity = default_severity(*types, fine, party == SubjectKind::natural_person || party == SubjectKind::individual_business);
        }
        const auto text = [&](std::size_t column) -> store::SqlValue {
            if (column == ColumnMap::npos || row[column].empty()) return std::monostate{};
            return std::string(row[column].text);
        };
        const auto amount = [](std::optional<std::int64_t> v) -> store::SqlValue {
            if (!v) return std::monostate{};
            return *v;
        };
        std::vector<store::SqlValue> values = {
            std::string(to_string(penalty ? RecordKind::penalty : RecordKind::license)),
            department_id,
            *document,
            subject_id,
            decided->iso(),
            store::date_or_null(valid_from),
            store::date_or_null(valid_to),
            severity ? store::SqlValue(std::string(to_string(*severity))) : store::SqlValue(std::monostate{}),
            category ? store::SqlValue(std::string(to_string(*category))) : store::SqlValue(std::monostate{}),
            penalty ? std::string(row[basis_].text) : std::string(),
            std::string(row[content_].text),
            std::string(to_string(status.value_or(RecordStatus::active))),
            penalty ? text(violation_) : std::monostate{},
            penalty ? text(facts_) : std::monostate{},
            types ? store::SqlValue(*types) : store::SqlValue(std::monostate{}),
            amount(fine),
            amount(confiscated),
            store::date_or_null(publicity),
            store::text_or_null(license_cat),
            penalty ? std::monostate{} : text(license_name_),
            penalty ? std::monostate{} : text(license_no_),
            text(lr_name_),
            subject->lr_id ? store::SqlValue(subject->lr_id->normalized()) : store::SqlValue(std::monostate{}),
        };
        std::int64_t id = 0;
        const store::Outcome outcome = w.upsert(store::kRecordsTable, values, id);
        // A publication date the file gives is recorded once; a file without it never clears one.
        if (published && w.set_published_if_unset(id, *published) && outcome == store::Outcome::unchanged) return store::Outcome::updated;
        return outcome;
    }

private:
    ImportKind kind_;
    const IdentifyOptions& options_;
    SubjectFromRow subject_;
    std::size_t document_, department_, department_code_, decided_, content_, valid_to_, status_, published_, lr_name_, lr_id_;
    std::size_t violation_ = ColumnMap::npos, facts_ = ColumnMap::npos, basis_ = ColumnMap::npos, types_ = ColumnMap::npos;
    std::size_t fine_ = ColumnMap::npos, confiscated_ = ColumnMap::npos, publicity_ = ColumnMap::npos;
    std::size_t severity_ = ColumnMap::npos, category_ = ColumnMap::npos;
    std::size_t license_category_ = ColumnMap::npos, license_name_ = ColumnMap::npos, license_no_ = ColumnMap::npos;
    std::size_t valid_from_ = ColumnMap::npos;
};

} // namespace

std::unique_ptr<RowHandler> make_handler(ImportKind kind, const ColumnMap& map, const IdentifyOptions& options, HandlerPolicy policy) {
    switch (kind) {
    case ImportKind::subjects: return std::make_unique<SubjectsHandler>(map, options, policy);
    case ImportKind::relations: return std::make_unique<RelationsHandler>(map, options);
    case ImportKind::lists: return std::make_unique<ListsHandler>(map, options, policy);
    case ImportKind::licenses:
    case ImportKind::penalties: return std::make_unique<RecordsHandler>(kind, map, options, policy);
    }
    throw Error(Status::internal, "unknown import kind");
}

} // namespace credcheck::import
