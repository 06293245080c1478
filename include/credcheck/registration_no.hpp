// credcheck/registration_no.hpp — the 15-digit business registration number (工商注册号), the
// legacy code of market entities before 2015 (ISO 7064 MOD 11,10 check digit).
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <array>
#include <string>
#include <string_view>

#include "credcheck/normalize.hpp"
#include "credcheck/parsed.hpp"

namespace credcheck {

/// A valid registration number. It does not determine a USCC: link the two as aliases of a subject.
class RegistrationNo {
public:
    static Parsed<RegistrationNo> parse(std::string_view text, Normalization normalization = Normalization::none);

    /// The check digit ISO 7064 MOD 11,10 requires for 14 digits, or '\0' if they are not all digits.
    static char compute_check_digit(std::string_view first14) noexcept;

    std::string str() const { return {chars_.data(), chars_.size()}; }
    /// The first registering authority's six-digit code.
    std::string_view authority_code() const noexcept { return {chars_.data(), 6}; }

    friend bool operator==(const RegistrationNo&, const RegistrationNo&) = default;

private:
    explicit RegistrationNo(std::string_view fifteen) noexcept;
    std::array<char, 15> chars_{};
};

} // namespace credcheck
