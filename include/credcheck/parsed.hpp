// credcheck/parsed.hpp — the result of parsing untrusted text: a value, or a diagnostic saying why not.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <cstddef>
#include <string>
#include <utility>
#include <variant>

#include "credcheck/error.hpp"

namespace credcheck {

/// Why a string is not a valid identifier. `position` is the 1-based character position the problem
/// was found at, or 0 when it concerns the whole string (its length, say).
struct IdentifierError {
    std::size_t position = 0;
    std::string message; // complete sentence fragment, e.g. "check character is 'X', expected '3'"
};

/// Either a T or an IdentifierError. Test with `if (result)`, read with `*result` or `result.error()`.
template <class T>
class Parsed {
public:
    Parsed(T value) : state_(std::move(value)) {}                   // NOLINT: implicit by design
    Parsed(IdentifierError error) : state_(std::move(error)) {}     // NOLINT: implicit by design

    explicit operator bool() const noexcept { return std::holds_alternative<T>(state_); }
    bool ok() const noexcept { return static_cast<bool>(*this); }

    const T& operator*() const { return value(); }
    const T* operator->() const { return &value(); }

    /// The value; throws Error(invalid_identifier) with the diagnostic when there is none.
    const T& value() const {
        if (const T* v = std::get_if<T>(&state_)) return *v;
        throw Error(Status::invalid_identifier, std::get<IdentifierError>(state_).message);
    }
    /// The diagnostic; only meaningful when !ok().
    const IdentifierError& error() const { return std::get<IdentifierError>(state_); }

private:
    std::variant<T, IdentifierError> state_;
};

} // namespace credcheck
