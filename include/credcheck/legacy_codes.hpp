// credcheck/legacy_codes.hpp — the older identifiers real registries and tax lists still carry, beside the
// unified social credit code: about 1 in 50 codes in published files is one of these, not a typo.
//
// - 税务登记号 (tax registration number), 15 characters: the tax office's six-digit division and the
//   subject's GB 11714 organisation code, whose own check character is verified. It resolves to the
//   subject through that organisation code.
// - Taxpayer number of 20 characters: a citizen ID number (checked) and two digits — how tax offices number
//   the businesses of one person.
// - Registration number of 13 digits (工商注册号 before the 15-digit form of 2007): it has no check digit,
//   so it is recognised by its shape and its province only, and said so.
// - Registration number of a foreign-invested enterprise: 企合浙绍总字第002112号 (企 + 合/独/作/外 +
//   the province and city abbreviations + 总(副)字 + 第 + the number + 号).
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <string>
#include <string_view>

#include "credcheck/citizen_id.hpp"
#include "credcheck/org_code.hpp"
#include "credcheck/parsed.hpp"

namespace credcheck {

class TaxRegistrationNo {
public:
    /// 15 characters: six digits, then an organisation code (8 characters 0-9 A-Z, its check 0-9 or X).
    static Parsed<TaxRegistrationNo> parse(std::string_view text);
    std::string str() const { return division_ + org_code_.str(); }
    const std::string& division() const noexcept { return division_; }
    const OrgCode& org_code() const noexcept { return org_code_; }
    friend bool operator==(const TaxRegistrationNo&, const TaxRegistrationNo&) = default;

private:
    TaxRegistrationNo(std::string division, OrgCode org) : division_(std::move(division)), org_code_(org) {}
    std::string division_;
    OrgCode org_code_;
};

class TaxpayerNo {
public:
    /// 20 characters: an 18-character citizen ID number (its check and birth date verified) and two digits.
    static Parsed<TaxpayerNo> parse(std::string_view text, const CitizenIdOptions& options = {});
    std::string str() const { return person_.str() + sequence_; }
    const CitizenId& citizen_id() const noexcept { return person_; }
    const std::string& sequence() const noexcept { return sequence_; }
    /// The ID number's part masked: `420704********123701`.
    std::string masked() const { return person_.masked() + sequence_; }
    friend bool operator==(const TaxpayerNo&, const TaxpayerNo&) = default;

private:
    TaxpayerNo(CitizenId person, std::string sequence) : person_(person), sequence_(std::move(sequence)) {}
    CitizenId person_;
    std::string sequence_;
};

class RegistrationNo13 {
public:
    /// 13 digits, the first two a province's (11 Beijing … 82 Macao). No check digit exists to verify.
    static Parsed<RegistrationNo13> parse(std::string_view text);
    std::string str() const { return digits_; }
    std::string_view division() const noexcept { return std::string_view(digits_).substr(0, 6); }
    friend bool operator==(const RegistrationNo13&, const RegistrationNo13&) = default;

private:
    explicit RegistrationNo13(std::string digits) : digits_(std::move(digits)) {}
    std::string digits_;
};

class ForeignRegistrationNo {
public:
    /// 企合浙绍总字第002112号 and its kin; digits may be full-width (normalisation folds them).
    static Parsed<ForeignRegistrationNo> parse(std::string_view text);
    std::string str() const { return text_; }
    /// 合 (joint venture), 独 (wholly foreign-owned), 作 (co-operative) or 外.
    std::string_view form() const noexcept { return std::string_view(text_).substr(3, 3); }
    /// The number itself: 002112.
    std::string_view number() const noexcept { return number_; }
    friend bool operator==(const ForeignRegistrationNo&, const ForeignRegistrationNo&) = default;

private:
    ForeignRegistrationNo(std::string text, std::string number) : text_(std::move(text)), number_(std::move(number)) {}
    std::string text_, number_;
};

/// Whether the first two digits of a division code are a province's, autonomous region's, municipality's
/// or special administrative region's (GB/T 2260: 11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, 81, 82).
bool is_province_prefix(std::string_view two_digits) noexcept;

} // namespace credcheck
