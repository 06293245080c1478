// credcheck/org_code.hpp — the organisation code, GB 11714-1997 (组织机构代码), the legacy code of
// organisations registered before the unified social credit code (存量代码).
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <array>
#include <string>
#include <string_view>

#include "credcheck/normalize.hpp"
#include "credcheck/parsed.hpp"

namespace credcheck {

class Uscc;

/// A valid organisation code: 8 body characters (0-9, A-Z) and a check character (0-9, X).
class OrgCode {
public:
    /// Accepts `XXXXXXXXC` and the printed form `XXXXXXXX-C`.
    static Parsed<OrgCode> parse(std::string_view text, Normalization normalization = Normalization::none);

    /// The 9 characters without hyphen, as stored: `D2143569X`.
    std::string str() const { return {chars_.data(), chars_.size()}; }
    /// The printed form with hyphen: `D2143569-X`.
    std::string display() const;
    char check_character() const noexcept { return chars_[8]; }

    /// The unified social credit code this organisation code becomes (存量代码转换), given the
    /// registration authority, organisation category and six-digit division code it is issued with.
    Parsed<Uscc> to_uscc(char authority, char category, std::string_view division) const;

    /// The check character GB 11714 requires for an 8-character body, or '\0' if the body has a
    /// character outside 0-9 A-Z.
    static char compute_check_character(std::string_view body) noexcept;

    friend bool operator==(const OrgCode&, const OrgCode&) = default;

private:
    friend class Uscc;
    explicit OrgCode(std::string_view nine) noexcept;
    std::array<char, 9> chars_{};
};

} // namespace credcheck

// OrgCode::to_uscc returns a Parsed<Uscc>: make Uscc complete for whoever includes only this header.
#include "credcheck/uscc.hpp"
