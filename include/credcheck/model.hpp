// credcheck/model.hpp — the things credcheck stores: subjects and their codes, the relations that make
// punishment reach a person (落实到人), departments, records (双公示 licences and penalties, judgments,
// commitments, honours, ratings) and list entries (red, black and attention lists).
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credcheck/date.hpp"

namespace credcheck {

enum class SubjectKind { legal_person, other_organization, individual_business, natural_person };
enum class SubjectStatus { active, deregistered, revoked };
enum class Role { legal_representative, principal };
enum class RecordKind { license, penalty, judgment, commitment, honor, rating };
enum class Severity { minor, general, serious };
enum class RecordStatus { active, revoked, repaired };
enum class EntryStatus { active, removed, revoked, repaired };
enum class ListColour { black, attention, red };

/// The seed's serious-dishonesty domains (item 11) a record may be filed under.
enum class RecordCategory {
    food_drug, environment, engineering_quality, work_safety, fire_safety, product_certification, tax_evasion,
    debt_evasion, wage_arrears, illegal_fundraising, contract_fraud, pyramid_selling, unlicensed_operation,
    counterfeit, ip_infringement, bid_rigging, false_advertising, consumer_rights, cyberspace_order, public_order,
    refusal_to_perform, defense_obligation, other
};

/// Dispatch (dispatch.hpp): a notice tells a department to apply a measure or to lift it.
enum class NoticeKind { apply, lift };
/// Why a notice went out: the entry was entered, or it ended for one of these reasons.
enum class NoticeCause { entered, removed, expired, revoked, repaired };
/// A department's answer to a notice or a check decision.
enum class FeedbackOutcome { applied, not_applied, not_applicable };

/// Stable lower-case names of every enumerator ("legal_person"), used in files, JSON, SQL and the C ABI.
std::string_view to_string(SubjectKind) noexcept;
std::string_view to_string(SubjectStatus) noexcept;
std::string_view to_string(Role) noexcept;
std::string_view to_string(RecordKind) noexcept;
std::string_view to_string(Severity) noexcept;
std::string_view to_string(RecordStatus) noexcept;
std::string_view to_string(EntryStatus) noexcept;
std::string_view to_string(ListColour) noexcept;
std::string_view to_string(RecordCategory) noexcept;
std::string_view to_string(NoticeKind) noexcept;
std::string_view to_string(NoticeCause) noexcept;
std::string_view to_string(FeedbackOutcome) noexcept;

/// The enumerator named `name`, or nullopt. parse_enum<SubjectKind>("natural_person"). Defined for the
/// enumerations of this header and of objection_types.hpp.
template <class E> std::optional<E> parse_enum(std::string_view name) noexcept;

/// Every name of an enumeration, in declaration order ("minor, general, serious"), for messages.
template <class E> std::string enum_names();

using SubjectId = std::int64_t;
using RecordId = std::int64_t;
using EntryId = std::int64_t;
using DepartmentId = std::int64_t;

struct Department {
    DepartmentId id = 0;
    std::string code; // the department's USCC when known, else its name
    std::string name;
    std::optional<std::string> uscc;
};

struct Subject {
    SubjectId id = 0;
    SubjectKind kind = SubjectKind::legal_person;
    std::string name;
    std::string code;                 // primary code: USCC, 18-digit citizen ID, or a legacy code when no USCC is known
    std::vector<std::string> aliases; // legacy organisation codes, registration numbers, 15-digit ID numbers
    SubjectStatus status = SubjectStatus::active;
    std::optional<Date> established_on;
    std::optional<std::string> division; // six-digit division code
};

struct Relation {
    std::int64_t id = 0;
    SubjectId organization_id = 0;
    SubjectId person_id = 0;
    Role role = Role::legal_representative;
    std::optional<Date> valid_from; // unknown start: since ever
    std::optional<Date> valid_to;   // exclusive; open: still in office
};

struct Record {
    RecordId id = 0;
    RecordKind kind = RecordKind::penalty;
    SubjectId subject_id = 0;
    DepartmentId department_id = 0;
    std::string document_no;
    Date decided_on = Date::from_days(0);
    std::optional<Date> valid_from;
    std::optional<Date> valid_to; // exclusive end of validity; open: long-term
    std::optional<Severity> severity;
    std::optional<RecordCategory> category;
    std::string legal_basis;
    std::string content;
    RecordStatus status = RecordStatus::active;
};

struct ListEntry {
    EntryId id = 0;
    std::string list_code;
    SubjectId subject_id = 0;
    DepartmentId department_id = 0;
    std::string document_no;
    Date entered_on = Date::from_days(0);
    std::optional<Date> expires_on; // exclusive; open: until removed
    std::string reason;
    std::string legal_basis;
    std::vector<SubjectId> responsible_persons;
    EntryStatus status = EntryStatus::active;
};

} // namespace credcheck
