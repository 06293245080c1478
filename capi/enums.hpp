// The C ABI's pinned numbers and the C++ enumerations they mirror. Every conversion is a switch over
// named enumerators (-Wswitch makes a new C++ enumerator without a C number a build error), never a
// cast of C++ declaration order; the static_asserts pin each pair. Internal to the library.
#pragma once

#include "credcheck.h"

#include <optional>

#include "credcheck/catalog.hpp"
#include "credcheck/check.hpp"
#include "credcheck/dispatch.hpp"
#include "credcheck/error.hpp"
#include "credcheck/identify.hpp"
#include "credcheck/import.hpp"
#include "credcheck/model.hpp"
#include "credcheck/objections.hpp"
#include "credcheck/principal.hpp"

namespace credcheck::capi {

constexpr int to_c(Status s) noexcept { return static_cast<int>(s); } // Status's numbers are pinned in error.hpp
static_assert(to_c(Status::ok) == CREDCHECK_OK && to_c(Status::invalid_argument) == CREDCHECK_INVALID_ARGUMENT &&
              to_c(Status::invalid_identifier) == CREDCHECK_INVALID_IDENTIFIER && to_c(Status::not_found) == CREDCHECK_NOT_FOUND &&
              to_c(Status::io_error) == CREDCHECK_IO_ERROR && to_c(Status::database_error) == CREDCHECK_DATABASE_ERROR &&
              to_c(Status::schema_too_new) == CREDCHECK_SCHEMA_TOO_NEW && to_c(Status::import_rejected) == CREDCHECK_IMPORT_REJECTED &&
              to_c(Status::catalog_invalid) == CREDCHECK_CATALOG_INVALID && to_c(Status::permission_denied) == CREDCHECK_PERMISSION_DENIED &&
              to_c(Status::conflict) == CREDCHECK_CONFLICT && to_c(Status::calendar_not_covered) == CREDCHECK_CALENDAR_NOT_COVERED &&
              to_c(Status::busy) == CREDCHECK_BUSY && to_c(Status::out_of_memory) == CREDCHECK_OUT_OF_MEMORY &&
              to_c(Status::internal) == CREDCHECK_INTERNAL && to_c(Status::misuse) == CREDCHECK_MISUSE &&
              to_c(Status::struct_too_new) == CREDCHECK_STRUCT_TOO_NEW && to_c(Status::feed_refused) == CREDCHECK_FEED_REFUSED);

constexpr int to_c(Verdict v) noexcept {
    switch (v) {
    case Verdict::deny: return CREDCHECK_VERDICT_DENY;
    case Verdict::restrict: return CREDCHECK_VERDICT_RESTRICT;
    case Verdict::review: return CREDCHECK_VERDICT_REVIEW;
    case Verdict::allow: return CREDCHECK_VERDICT_ALLOW;
    case Verdict::favor: return CREDCHECK_VERDICT_FAVOR;
    }
    return -1;
}
static_assert(to_c(Verdict::deny) == 0 && to_c(Verdict::restrict) == 1 && to_c(Verdict::review) == 2 && to_c(Verdict::allow) == 3 &&
              to_c(Verdict::favor) == 4);

constexpr int to_c(Effect e) noexcept {
    switch (e) {
    case Effect::prohibit: return CREDCHECK_EFFECT_PROHIBIT;
    case Effect::restrict: return CREDCHECK_EFFECT_RESTRICT;
    case Effect::scrutinize: return CREDCHECK_EFFECT_SCRUTINIZE;
    case Effect::incentive: return CREDCHECK_EFFECT_INCENTIVE;
    }
    return -1;
}
static_assert(to_c(Effect::prohibit) == 0 && to_c(Effect::restrict) == 1 && to_c(Effect::scrutinize) == 2 && to_c(Effect::incentive) == 3);

constexpr int to_c(Via v) noexcept {
    switch (v) {
    case Via::self: return CREDCHECK_VIA_SELF;
    case Via::organization: return CREDCHECK_VIA_ORGANIZATION;
    case Via::legal_representative: return CREDCHECK_VIA_LEGAL_REPRESENTATIVE;
    case Via::principal: return CREDCHECK_VIA_PRINCIPAL;
    }
    return -1;
}
static_assert(to_c(Via::self) == 0 && to_c(Via::organization) == 1 && to_c(Via::legal_representative) == 2 && to_c(Via::principal) == 3);

constexpr int to_c(PersonRole r) noexcept {
    switch (r) {
    case PersonRole::none: return CREDCHECK_PERSON_ROLE_NONE;
    case PersonRole::legal_representative: return CREDCHECK_PERSON_ROLE_LEGAL_REPRESENTATIVE;
    case PersonRole::principal: return CREDCHECK_PERSON_ROLE_PRINCIPAL;
    case PersonRole::responsible_person: return CREDCHECK_PERSON_ROLE_RESPONSIBLE_PERSON;
    }
    return -1;
}
static_assert(to_c(PersonRole::none) == 0 && to_c(PersonRole::legal_representative) == 1 && to_c(PersonRole::principal) == 2 &&
              to_c(PersonRole::responsible_person) == 3);

constexpr int to_c(BasisLevel l) noexcept {
    switch (l) {
    case BasisLevel::law: return CREDCHECK_BASIS_LAW;
    case BasisLevel::administrative_regulation: return CREDCHECK_BASIS_ADMINISTRATIVE_REGULATION;
    case BasisLevel::judicial_interpretation: return CREDCHECK_BASIS_JUDICIAL_INTERPRETATION;
    case BasisLevel::central_policy: return CREDCHECK_BASIS_CENTRAL_POLICY;
    case BasisLevel::departmental_rule: return CREDCHECK_BASIS_DEPARTMENTAL_RULE;
    case BasisLevel::local_regulation: return CREDCHECK_BASIS_LOCAL_REGULATION;
    case BasisLevel::local_normative: return CREDCHECK_BASIS_LOCAL_NORMATIVE;
    case BasisLevel::memorandum: return CREDCHECK_BASIS_MEMORANDUM;
    }
    return -1;
}
static_assert(to_c(BasisLevel::law) == 0 && to_c(BasisLevel::central_policy) == 3 && to_c(BasisLevel::memorandum) == 7);

constexpr int to_c(IdentifierKind k) noexcept {
    switch (k) {
    case IdentifierKind::none: return CREDCHECK_ID_NONE;
    case IdentifierKind::uscc: return CREDCHECK_ID_USCC;
    case IdentifierKind::org_code: return CREDCHECK_ID_ORG_CODE;
    case IdentifierKind::registration_no: return CREDCHECK_ID_REGISTRATION_NO;
    case IdentifierKind::citizen_id: return CREDCHECK_ID_CITIZEN_ID;
    case IdentifierKind::tax_registration_no: return CREDCHECK_ID_TAX_REGISTRATION_NO;
    case IdentifierKind::taxpayer_no: return CREDCHECK_ID_TAXPAYER_NO;
    case IdentifierKind::registration_no_13: return CREDCHECK_ID_REGISTRATION_NO_13;
    case IdentifierKind::foreign_registration_no: return CREDCHECK_ID_FOREIGN_REGISTRATION_NO;
    }
    return -1;
}
static_assert(to_c(IdentifierKind::none) == 0 && to_c(IdentifierKind::uscc) == 1 && to_c(IdentifierKind::citizen_id) == 4 &&
              to_c(IdentifierKind::tax_registration_no) == 5 && to_c(IdentifierKind::foreign_registration_no) == 8);

constexpr unsigned to_c(CodeChanges c) noexcept {
    unsigned out = 0;
    if (has(c, CodeChanges::spaces)) out |= CREDCHECK_NORMALIZED_SPACES;
    if (has(c, CodeChanges::hyphens)) out |= CREDCHECK_NORMALIZED_HYPHENS;
    if (has(c, CodeChanges::full_width)) out |= CREDCHECK_NORMALIZED_FULL_WIDTH;
    if (has(c, CodeChanges::lower_case)) out |= CREDCHECK_NORMALIZED_LOWER_CASE;
    if (has(c, CodeChanges::apostrophe)) out |= CREDCHECK_NORMALIZED_APOSTROPHE;
    if (has(c, CodeChanges::quotes)) out |= CREDCHECK_NORMALIZED_QUOTES;
    return out;
}

constexpr int to_c(SubjectKind k) noexcept {
    switch (k) {
    case SubjectKind::legal_person: return CREDCHECK_SUBJECT_LEGAL_PERSON;
    case SubjectKind::other_organization: return CREDCHECK_SUBJECT_OTHER_ORGANIZATION;
    case SubjectKind::individual_business: return CREDCHECK_SUBJECT_INDIVIDUAL_BUSINESS;
    case SubjectKind::natural_person: return CREDCHECK_SUBJECT_NATURAL_PERSON;
    }
    return -1;
}
static_assert(to_c(SubjectKind::legal_person) == 1 && to_c(SubjectKind::natural_person) == 4);

constexpr int to_c(SubjectStatus s) noexcept {
    switch (s) {
    case SubjectStatus::active: return CREDCHECK_SUBJECT_ACTIVE;
    case SubjectStatus::deregistered: return CREDCHECK_SUBJECT_DEREGISTERED;
    case SubjectStatus::revoked: return CREDCHECK_SUBJECT_REVOKED;
    }
    return -1;
}
static_assert(to_c(SubjectStatus::active) == 1 && to_c(SubjectStatus::revoked) == 3);

constexpr int to_c(SubjectMatch m) noexcept {
    switch (m) {
    case SubjectMatch::code: return CREDCHECK_MATCH_CODE;
    case SubjectMatch::name: return CREDCHECK_MATCH_NAME;
    }
    return -1;
}
static_assert(to_c(SubjectMatch::code) == 0 && to_c(SubjectMatch::name) == 1);

// From C: nullopt for a number the enumeration does not have.
constexpr std::optional<AccessRole> access_role_from_c(int role) noexcept {
    switch (role) {
    case CREDCHECK_ROLE_CREDIT_OFFICE: return AccessRole::credit_office;
    case CREDCHECK_ROLE_INITIATING: return AccessRole::initiating;
    case CREDCHECK_ROLE_IMPLEMENTING: return AccessRole::implementing;
    case CREDCHECK_ROLE_PUBLIC: return AccessRole::public_reader;
    default: return std::nullopt;
    }
}

constexpr std::optional<ImportKind> import_kind_from_c(int kind) noexcept {
    switch (kind) {
    case CREDCHECK_IMPORT_KIND_SUBJECTS: return ImportKind::subjects;
    case CREDCHECK_IMPORT_KIND_RELATIONS: return ImportKind::relations;
    case CREDCHECK_IMPORT_KIND_LISTS: return ImportKind::lists;
    case CREDCHECK_IMPORT_KIND_LICENSES: return ImportKind::licenses;
    case CREDCHECK_IMPORT_KIND_PENALTIES: return ImportKind::penalties;
    default: return std::nullopt;
    }
}

constexpr std::optional<ObjectionTarget> target_from_c(int target) noexcept {
    switch (target) {
    case CREDCHECK_TARGET_RECORD: return ObjectionTarget::record;
    case CREDCHECK_TARGET_ENTRY: return ObjectionTarget::entry;
    default: return std::nullopt;
    }
}

constexpr std::optional<ObjectionOutcome> objection_outcome_from_c(int outcome) noexcept {
    switch (outcome) {
    case CREDCHECK_OBJECTION_UPHELD: return ObjectionOutcome::upheld;
    case CREDCHECK_OBJECTION_CORRECTED: return ObjectionOutcome::corrected;
    case CREDCHECK_OBJECTION_REVOKED: return ObjectionOutcome::revoked;
    default: return std::nullopt;
    }
}

constexpr std::optional<FeedbackOutcome> feedback_outcome_from_c(int outcome) noexcept {
    switch (outcome) {
    case CREDCHECK_FEEDBACK_APPLIED: return FeedbackOutcome::applied;
    case CREDCHECK_FEEDBACK_NOT_APPLIED: return FeedbackOutcome::not_applied;
    case CREDCHECK_FEEDBACK_NOT_APPLICABLE: return FeedbackOutcome::not_applicable;
    default: return std::nullopt;
    }
}

constexpr std::optional<FileFormat> file_format_from_c(int format) noexcept {
    switch (format) {
    case CREDCHECK_FORMAT_CSV: return FileFormat::csv;
    case CREDCHECK_FORMAT_JSONL: return FileFormat::jsonl;
    default: return std::nullopt;
    }
}

constexpr std::optional<ListColour> colour_from_c(int colour) noexcept {
    switch (colour) {
    case CREDCHECK_COLOUR_BLACK: return ListColour::black;
    case CREDCHECK_COLOUR_RED: return ListColour::red;
    default: return std::nullopt;
    }
}

} // namespace credcheck::capi
