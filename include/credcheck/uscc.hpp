// credcheck/uscc.hpp — the unified social credit code, GB 32100-2015 (统一社会信用代码).
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <array>
#include <string>
#include <string_view>

#include "credcheck/normalize.hpp"
#include "credcheck/org_code.hpp"
#include "credcheck/parsed.hpp"

namespace credcheck {

/// How hard a USCC parser looks.
enum class UsccCheck {
    /// Alphabet, length, digits in the division, and the check character: what most validators do.
    check_character,
    /// Also a registration authority + organisation category pair in use, and the embedded
    /// GB 11714 organisation code's own check character. Every real code passes; this catches
    /// strings that pass the 1-in-31 check character by chance. Importers use this.
    strict,
};

struct UsccOptions {
    UsccCheck check = UsccCheck::strict;
    Normalization normalization = Normalization::none;
};

/// A valid unified social credit code: 18 characters from `0123456789ABCDEFGHJKLMNPQRTUWXY`.
/// Layout: authority (1) · category (2) · division (3–8) · organisation code (9–17) · check (18).
class Uscc {
public:
    static Parsed<Uscc> parse(std::string_view text, UsccOptions options = {});

    /// True when `text` is a canonical code passing `check`. Allocates nothing; the fast path for
    /// bulk screening (tens of millions per second).
    static bool is_valid(std::string_view text, UsccCheck check = UsccCheck::strict) noexcept;

    /// The check character for the first 17 characters, or '\0' if any is outside the alphabet.
    static char compute_check_character(std::string_view first17) noexcept;

    std::string str() const { return {chars_.data(), chars_.size()}; }
    char authority() const noexcept { return chars_[0]; }
    char category() const noexcept { return chars_[1]; }
    std::string_view division_code() const noexcept { return {chars_.data() + 2, 6}; }
    OrgCode org_code() const noexcept { return OrgCode(std::string_view(chars_.data() + 8, 9)); }
    char check_character() const noexcept { return chars_[17]; }

    /// 登记管理部门 name ("工商（市场监管）"), or empty when the authority is not in the table.
    std::string_view authority_name() const noexcept;
    /// 机构类别 name ("企业"), or empty when the pair is not in the table.
    std::string_view category_name() const noexcept;

    friend bool operator==(const Uscc&, const Uscc&) = default;

private:
    friend class OrgCode;
    explicit Uscc(std::string_view eighteen) noexcept;
    std::array<char, 18> chars_{};
};

/// Name of a registration authority character, or empty if unknown.
std::string_view uscc_authority_name(char authority) noexcept;
/// Name of an authority + category pair, or empty if the pair is not in use.
std::string_view uscc_category_name(char authority, char category) noexcept;

} // namespace credcheck
