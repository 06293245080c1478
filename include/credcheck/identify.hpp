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
#include "credcheck/org_code.hpp"
#include "credcheck/registration_no.hpp"
#include "credcheck/uscc.hpp"

namespace credcheck {

enum class IdentifierKind { none, uscc, org_code, registration_no, citizen_id };

/// Stable lower-case name used in JSON and the C ABI: "uscc", "org_code", "registration_no",
/// "citizen_id"; "none" for none.
std::string_view identifier_kind_name(IdentifierKind kind) noexcept;

struct IdentifyOptions {
    UsccCheck uscc_check = UsccCheck::strict;
    Normalization normalization = Normalization::lenient;
    /// Birth dates after this day are rejected; defaults to today.
    std::optional<Date> born_not_after;
};

/// The outcome of identify(): exactly one of the parsed values, or the reason none fits.
class Identification {
public:
    using Value = std::variant<std::monostate, Uscc, OrgCode, RegistrationNo, CitizenId>;

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

private:
    Value value_;
    IdentifierKind guessed_ = IdentifierKind::none;
    std::optional<IdentifierError> error_;
};

/// Decides by shape, then by the standards' checks:
/// 18 characters → a USCC, else a citizen ID (the one whose checks pass; when neither does, the
/// diagnostic of the one the string resembles more); 15 digits → a registration number, else a
/// legacy citizen ID with a real birth date; 9 characters or `XXXXXXXX-C` → an organisation code.
Identification identify(std::string_view text, const IdentifyOptions& options = {});

} // namespace credcheck
