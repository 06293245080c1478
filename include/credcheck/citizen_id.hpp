// credcheck/citizen_id.hpp — the citizen identity number, GB 11643-1999 (公民身份号码). Also the
// Hong Kong, Macao and Taiwan residence permits (810000, 820000, 830000) and the foreign permanent
// resident ID with a leading 9, which use the same layout and check.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "credcheck/date.hpp"
#include "credcheck/normalize.hpp"
#include "credcheck/parsed.hpp"

namespace credcheck {

enum class Sex { female, male };

struct CitizenIdOptions {
    /// A birth date after this day is rejected. Defaults to today (China Standard Time).
    std::optional<Date> born_not_after;
    Normalization normalization = Normalization::none;
    /// Accept a 15-digit number (pre-1999: no century, no check) and upgrade it to 18 digits.
    bool accept_legacy_15 = true;
};

/// A valid 18-character citizen ID number. It is personal information: show masked() to anyone
/// whose role does not allow the full number.
class CitizenId {
public:
    static Parsed<CitizenId> parse(std::string_view text, const CitizenIdOptions& options = {});

    /// The check character for 17 digits, or '\0' if they are not all digits.
    static char compute_check_character(std::string_view first17) noexcept;

    /// The full number. Never log or display it without knowing the reader may see it.
    std::string str() const { return {chars_.data(), chars_.size()}; }
    /// `420704********1237`: address code and the last four characters kept.
    std::string masked() const;

    std::string_view address_code() const noexcept { return {chars_.data(), 6}; }
    Date birth_date() const noexcept { return birth_date_; }
    Sex sex() const noexcept { return ((chars_[16] - '0') % 2) ? Sex::male : Sex::female; }
    /// True when parse() upgraded a 15-digit legacy number to this one.
    bool upgraded_from_15() const noexcept { return upgraded_; }

    friend bool operator==(const CitizenId& a, const CitizenId& b) noexcept { return a.chars_ == b.chars_; }

private:
    CitizenId(std::string_view eighteen, Date birth, bool upgraded) noexcept;
    std::array<char, 18> chars_{};
    Date birth_date_;
    bool upgraded_ = false;
};

/// True for what could be an ID number, valid or not: 15 to 20 ASCII letters and digits, at most one
/// of them a letter (the check character X, or a typo). A mistyped 19-digit ID number is as personal as
/// a valid one. A USCC with two letters or more is not caught; an all-digit one is (masking it in a
/// message is the safe mistake).
bool looks_like_personal_id(std::string_view text) noexcept;

/// Masks a string that looks_like_personal_id(): keeps the first 6 and the last 4 characters (the last
/// 3 of 15), stars in between (`420704********1237`); other strings are returned unchanged. For every
/// error, diagnostic, report and echo of something a user typed or a file held.
std::string mask_personal_id(std::string_view id);

/// Free text (a reason, the facts of a penalty, a resolution) with every run of ASCII or full-width
/// letters and digits of at least 15 characters, at most one of them a letter, masked as above: an ID
/// number written into a sentence (`身份证号420704198001011237的`) does not escape masking.
std::string mask_personal_ids_in_text(std::string_view text);

} // namespace credcheck
