// credcheck/identify.hpp — which kind of identifier a string is, or why it is none. Importers and
// the must-check accept "any code" through this.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "credcheck/citizen_id.hpp"
#include "credcheck/legacy_codes.hpp"
#include "credcheck/org_code.hpp"
#include "credcheck/registration_no.hpp"
#include "credcheck/uscc.hpp"

namespace credcheck {

enum class IdentifierKind {
    none,
    uscc,
    org_code,
    registration_no,
    citizen_id,
    tax_registration_no,     // 税务登记号: division + organisation code (legacy_codes.hpp)
    taxpayer_no,             // 20 characters: a citizen ID number + two digits
    registration_no_13,      // 13-digit registration number before 2007: shape and province only
    foreign_registration_no, // 企合浙绍总字第002112号
};

/// Stable lower-case name used in JSON and the C ABI: "uscc", "org_code", "registration_no",
/// "citizen_id", "tax_registration_no", "taxpayer_no", "registration_no_13", "foreign_registration_no";
/// "none" for none.
std::string_view identifier_kind_name(IdentifierKind kind) noexcept;

/// A code from a published list with characters hidden (9114082306****333G, 3208191960****6833): it
/// cannot identify a subject; with a name it can point to a candidate, as a name match (check.hpp).
struct MaskedCode {
    IdentifierKind kind = IdentifierKind::none; // what it would be: uscc or citizen_id (none when unclear)
    std::string pattern;                         // normalised, '*' for each hidden character
    /// Whether `code` fits the pattern: same length, same characters where the pattern shows them.
    bool fits(std::string_view code) const noexcept;
};

/// A unified social credit code that fails only its check character, admitted because the file (a row's
/// column, or the import's profile) says it was really issued — some cities' 2015 pilot codes were.
/// Never made by normalisation or by identify(): only by admit_as_issued().
struct AdmittedCode {
    std::string code;
    std::string diagnostic; // "check character is '3', expected '8'"
    std::string str() const { return code; }
    friend bool operator==(const AdmittedCode&, const AdmittedCode&) = default;
};

struct IdentifyOptions {
    UsccCheck uscc_check = UsccCheck::strict;
    Normalization normalization = Normalization::lenient;
    /// Birth dates after this day are rejected; defaults to today.
    std::optional<Date> born_not_after;
};

/// The outcome of identify(): exactly one of the parsed values, or the reason none fits.
class Identification {
public:
    using Value = std::variant<std::monostate, Uscc, OrgCode, RegistrationNo, CitizenId, TaxRegistrationNo, TaxpayerNo, RegistrationNo13,
                               ForeignRegistrationNo, AdmittedCode>;

    Identification(Value value) : value_(std::move(value)) {}               // NOLINT
    Identification(IdentifierKind guessed, IdentifierError error)
        : guessed_(guessed), error_(std::move(error)) {}

    bool ok() const noexcept { return value_.index() != 0; }
    /// The kind found, or IdentifierKind::none.
    IdentifierKind kind() const noexcept;
    /// For a failure, the kind the string most resembles (decides which diagnostic is shown);
    /// none when it resembles nothing.
    IdentifierKind closest_kind() const noexcept { return ok() ? kind() : guessed_; }
    /// The canonical text (18-digit form for an upgraded ID number); empty on failure.
    std::string normalized() const;
    const Value& value() const noexcept { return value_; }
    const std::optional<IdentifierError>& error() const noexcept { return error_; }

    template <class T> const T* get() const noexcept { return std::get_if<T>(&value_); }

    /// What normalisation changed in the text (CodeChanges::none when it was canonical already).
    CodeChanges changes() const noexcept { return changes_; }
    /// For a failure: the masked code the text is, if it is one.
    const std::optional<MaskedCode>& masked() const noexcept { return masked_; }
    /// For a failure: true when the text is a USCC in every respect but its check character, which only
    /// admit_as_issued() may accept.
    bool fails_only_check_character() const noexcept { return check_character_only_; }
    /// A code admitted as issued despite its check character (AdmittedCode); its kind() is uscc.
    bool admitted() const noexcept { return std::holds_alternative<AdmittedCode>(value_); }
    /// Whether the code is or holds a person's ID number (a citizen ID, a taxpayer number): personal data,
    /// masked where it is shown and keyed where it is copied (department replicas).
    bool holds_personal_id() const noexcept { return get<CitizenId>() != nullptr || get<TaxpayerNo>() != nullptr; }
    /// normalized(), with the ID number a personal code holds masked (`420704********1237`,
    /// `420704********123701`).
    std::string masked_normalized() const;
    /// What a reader should know of a valid code: how little a 13-digit registration number is checked,
    /// that a code was admitted as issued. Empty for most codes.
    std::string note() const;

private:
    friend Identification identify(std::string_view, const IdentifyOptions&);
    friend Identification admit_as_issued(const Identification&);
    friend Identification identify_as(std::string_view, IdentifierKind, const IdentifyOptions&);
    Value value_;
    IdentifierKind guessed_ = IdentifierKind::none;
    std::optional<IdentifierError> error_;
    CodeChanges changes_ = CodeChanges::none;
    std::optional<MaskedCode> masked_;
    bool check_character_only_ = false;
    std::string attempted_; // the normalised text of a code failing only its check character
};

/// Decides by shape, then by the standards' checks:
/// 18 characters → a USCC, else a citizen ID (the one whose checks pass; when neither does, the
/// diagnostic of the one the string resembles more); 15 characters → a registration number, else a
/// legacy citizen ID with a real birth date, else a tax registration number (division + organisation
/// code); 20 → a taxpayer number (ID number + 2 digits); 13 digits → a pre-2007 registration number;
/// 9 characters or `XXXXXXXX-C` → an organisation code; 企合浙绍总字第002112号 → a foreign-invested
/// enterprise's registration number. A code with '*' for hidden characters is a masked code: never
/// valid, masked() says what it is.
Identification identify(std::string_view text, const IdentifyOptions& options = {});

/// The kind of code `text` would be when read as `kind` (for a column that says which it holds):
/// identify()'s answer when it is that kind, else the parse as `kind` (valid, or why not).
Identification identify_as(std::string_view text, IdentifierKind kind, const IdentifyOptions& options = {});

/// A code that fails_only_check_character() admitted as issued (kind uscc, admitted() true); any other
/// identification is returned as it is.
Identification admit_as_issued(const Identification& failed);

} // namespace credcheck
