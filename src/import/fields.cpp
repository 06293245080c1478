#include "import/fields.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <unordered_map>

#include "credcheck/citizen_id.hpp"
#include "util/embedded.hpp"
#include "util/tsv.hpp"
#include "util/text.hpp"

namespace credcheck::import {

RowProblem RowProblems::make(std::string column, std::string_view value, std::string reason) const {
    constexpr std::size_t kMaxValue = 200;
    std::string shown = mask_personal_id(value);
    if (shown.size() > kMaxValue) {
        std::size_t cut = kMaxValue;
        while (cut > 0 && (static_cast<unsigned char>(shown[cut]) & 0xC0) == 0x80) --cut;
        shown = shown.substr(0, cut) + "…";
    }
    return RowProblem{line_, std::move(column), std::move(shown), std::move(reason)};
}

void RowProblems::add(std::string column, std::string_view value, std::string reason) {
    items_.push_back(make(std::move(column), value, std::move(reason)));
}

void RowProblems::warn(std::string column, std::string_view value, std::string reason) {
    warnings_.push_back(make(std::move(column), value, std::move(reason)));
}

void Field::problem(std::string reason) const { problems.add(std::string(column), text, std::move(reason)); }

std::optional<std::string> required_text(const Field& f) {
    if (f.empty()) {
        f.problem("is required");
        return std::nullopt;
    }
    return std::string(f.text);
}

std::optional<std::string> optional_text(const Field& f) {
    if (f.empty()) return std::nullopt;
    return std::string(f.text);
}

std::optional<Date> optional_date(const Field& f) {
    if (f.empty()) return std::nullopt;
    const auto d = parse_cell_date(f.text, f.dates);
    if (!d) f.problem("is not a date (expected 2017-08-03, 2017/8/3, 20170803, 2017年8月3日 or an Excel date serial such as 43659)");
    return d;
}

std::optional<Date> required_date(const Field& f) {
    if (f.empty()) {
        f.problem("is required");
        return std::nullopt;
    }
    return optional_date(f);
}

std::optional<std::int64_t> optional_amount_10k_yuan(const Field& f) {
    if (f.empty()) return std::nullopt;
    std::int64_t whole = 0;
    std::int64_t fraction = 0;
    int fraction_digits = 0;
    bool seen_digit = false, seen_point = false;
    for (std::size_t i = 0; i < f.text.size(); ++i) {
        const char c = f.text[i];
        if (c >= '0' && c <= '9') {
            seen_digit = true;
            if (seen_point) {
                if (++fraction_digits > 6) {
                    f.problem("has more than six decimals (万元 are exact to 0.01 yuan)");
                    return std::nullopt;
                }
                fraction = fraction * 10 + (c - '0');
            } else {
                if (whole > 100'000'000'000LL) {
                    f.problem("is too large");
                    return std::nullopt;
                }
                whole = whole * 10 + (c - '0');
            }
        } else if (c == ',' && !seen_point && seen_digit) {
            continue; // thousands separator
        } else if (c == '.' && !seen_point) {
            seen_point = true;
        } else {
            f.problem(c == '-' ? "is negative" : "is not an amount in 万元 (e.g. 0.2 or 1,000.50)");
            return std::nullopt;
        }
    }
    if (!seen_digit) {
        f.problem("is not an amount in 万元 (e.g. 0.2 or 1,000.50)");
        return std::nullopt;
    }
    while (fraction_digits < 6) {
        fraction *= 10;
        ++fraction_digits;
    }
    return whole * 1'000'000 + fraction; // 1 万元 = 1,000,000 fen
}

std::string format_amount_10k_yuan(std::int64_t fen) {
    std::string out = fmt::format("{}.{:06}", fen / 1'000'000, fen % 1'000'000);
    while (out.back() == '0') out.pop_back();
    if (out.back() == '.') out.pop_back();
    return out;
}

std::optional<Identification> identifier(const Field& f, std::initializer_list<IdentifierKind> accepted, const IdentifyOptions& options,
                                         bool admit_issued) {
    if (f.empty()) return std::nullopt;
    Identification id = identify(f.text, options);
    if (!id.ok() && admit_issued && id.fails_only_check_character() &&
        std::find(accepted.begin(), accepted.end(), IdentifierKind::uscc) != accepted.end()) {
        id = admit_as_issued(id);
        f.problems.warn(std::string(f.column), f.text,
                        fmt::format("{}: admitted as issued, as the file says (a code that fails its check character identifies its subject "
                                    "only by being recorded as it is)",
                                    id.get<AdmittedCode>()->diagnostic));
    }
    if (!id.ok()) {
        std::string message = id.error()->message;
        if (!id.masked() && f.text.size() >= 16 && std::all_of(f.text.begin(), f.text.end(), [](char c) { return c >= '0' && c <= '9'; }))
            message += " (if the file comes from a spreadsheet, the column may hold the code as a number, which keeps only 15 digits: "
                       "format it as text and type the code again)";
        f.problem(std::move(message));
        return std::nullopt;
    }
    if (std::find(accepted.begin(), accepted.end(), id.kind()) == accepted.end()) {
        // A text of two kinds at once (a 15-digit registration number may also read as a tax registration
        // number): the column says which it holds.
        for (const IdentifierKind kind : accepted) {
            Identification as = identify_as(f.text, kind, options);
            if (as.ok() && as.kind() == kind) {
                f.problems.note_changes(as.changes());
                return as;
            }
        }
        std::string names;
        for (auto k : accepted) names += (names.empty() ? "" : " or ") + std::string(identifier_kind_name(k));
        f.problem(fmt::format("is a {}, expected a {}", identifier_kind_name(id.kind()), names));
        return std::nullopt;
    }
    f.problems.note_changes(id.changes());
    return id;
}

std::optional<bool> yes_no(const Field& f) {
    if (f.empty()) return false;
    static constexpr std::string_view kYes[] = {"是", "yes", "Yes", "YES", "true", "TRUE", "1", "Y", "y"};
    static constexpr std::string_view kNo[] = {"否", "no", "No", "NO", "false", "FALSE", "0", "N", "n"};
    if (std::find(std::begin(kYes), std::end(kYes), f.text) != std::end(kYes)) return true;
    if (std::find(std::begin(kNo), std::end(kNo), f.text) != std::end(kNo)) return false;
    f.problem("is not 是 (yes) or 否 (no)");
    return std::nullopt;
}

template <class E> std::optional<E> enumeration(const Field& f) {
    if (f.empty()) return std::nullopt;
    const auto e = parse_enum<E>(f.text);
    if (!e) f.problem(fmt::format("is not one of {}", enum_names<E>()));
    return e;
}
template std::optional<SubjectKind> enumeration<SubjectKind>(const Field&);
template std::optional<SubjectStatus> enumeration<SubjectStatus>(const Field&);
template std::optional<Severity> enumeration<Severity>(const Field&);
template std::optional<RecordCategory> enumeration<RecordCategory>(const Field&);
template std::optional<RecordStatus> enumeration<RecordStatus>(const Field&);
template std::optional<EntryStatus> enumeration<EntryStatus>(const Field&);

std::optional<SubjectKind> subject_category(const Field& f) {
    if (f.empty()) return std::nullopt;
    if (f.text == "法人及非法人组织" || f.text == "法人" || f.text == "非法人组织") return SubjectKind::legal_person;
    if (f.text == "自然人") return SubjectKind::natural_person;
    if (f.text == "个体工商户") return SubjectKind::individual_business;
    if (auto kind = parse_enum<SubjectKind>(f.text)) return kind;
    f.problem("is not 法人及非法人组织, 自然人 or 个体工商户 (or " + enum_names<SubjectKind>() + ")");
    return std::nullopt;
}

std::string_view subject_category_name(SubjectKind kind) noexcept {
    switch (kind) {
    case SubjectKind::natural_person: return "自然人";
    case SubjectKind::individual_business: return "个体工商户";
    default: return "法人及非法人组织";
    }
}

std::optional<Role> role(const Field& f) {
    if (f.empty()) {
        f.problem("is required");
        return std::nullopt;
    }
    if (f.text == "法定代表人") return Role::legal_representative;
    if (f.text == "主要负责人" || f.text == "负责人") return Role::principal;
    if (auto r = parse_enum<Role>(f.text)) return r;
    f.problem("is not legal_representative (法定代表人) or principal (主要负责人)");
    return std::nullopt;
}

std::vector<std::string_view> split_list(std::string_view text) {
    std::vector<std::string_view> out;
    constexpr std::string_view full_width = "；";
    while (!text.empty()) {
        std::size_t cut = text.find(';');
        std::size_t width = 1;
        const std::size_t fw = text.find(full_width);
        if (fw != std::string_view::npos && (cut == std::string_view::npos || fw < cut)) {
            cut = fw;
            width = full_width.size();
        }
        const auto part = trim(text.substr(0, cut));
        if (!part.empty()) out.push_back(part);
        if (cut == std::string_view::npos) break;
        text.remove_prefix(cut + width);
    }
    return out;
}

namespace {

struct PenaltyTypeTable {
    std::unordered_map<std::string, std::optional<Severity>> severity_of; // nullopt: by amount
    std::int64_t minor_up_to_organization_fen = 0, minor_up_to_person_fen = 0; // inclusive
    std::int64_t fine_serious_from_fen = 0;
};

const PenaltyTypeTable& penalty_table() {
    static const auto table = [] {
        PenaltyTypeTable t;
        RowProblems ignored;
        tsv::for_each_row(embedded::penalty_types_tsv, [&](const auto& f, std::size_t) {
            if (f.size() < 2) return;
            if (f[0].starts_with('@')) {
                const auto fen = optional_amount_10k_yuan(Field{f[0], f[1], ignored}).value_or(0);
                if (f[0] == "@fine_minor_up_to_organization") t.minor_up_to_organization_fen = fen;
                else if (f[0] == "@fine_minor_up_to_person") t.minor_up_to_person_fen = fen;
                else if (f[0] == "@fine_serious_from") t.fine_serious_from_fen = fen;
                else throw Error(Status::internal, "data/penalty_types.tsv: unknown setting " + std::string(f[0]));
                return;
            }
            t.severity_of[std::string(f[0])] = f[1] == "by_amount" ? std::nullopt : parse_enum<Severity>(f[1]);
        });
        return t;
    }();
    return table;
}

} // namespace

std::optional<std::string> penalty_types(const Field& f) {
    if (f.empty()) {
        f.problem("is required");
        return std::nullopt;
    }
    const auto& table = penalty_table();
    std::string joined;
    for (std::string_view part : split_list(f.text)) {
        const bool other = part.starts_with("其他-") || part.starts_with("其他－");
        if (!other && !table.severity_of.contains(std::string(part))) {
            f.problem(fmt::format("'{}' is not a penalty type of 行政处罚法 §9 (警告, 通报批评, 罚款, 没收违法所得, …, or 其他-…)", part));
            return std::nullopt;
        }
        if (!joined.empty()) joined += ';';
        joined += part;
    }
    if (joined.empty()) f.problem("names no penalty type");
    if (joined.empty()) return std::nullopt;
    return joined;
}

Severity default_severity(std::string_view joined, std::optional<std::int64_t> fine_fen, bool natural_person) {
    const auto& table = penalty_table();
    Severity worst = Severity::minor;
    for (std::string_view part : split_list(joined)) {
        const std::string key = part.starts_with("其他") ? "其他" : std::string(part);
        const auto it = table.severity_of.find(key);
        Severity s = Severity::general;
        if (it != table.severity_of.end()) {
            if (it->second) s = *it->second;
            else if (fine_fen) { // 行政处罚法 §51: the simplified-procedure bound, included, by party
                const std::int64_t minor_up_to = natural_person ? table.minor_up_to_person_fen : table.minor_up_to_organization_fen;
                s = *fine_fen >= table.fine_serious_from_fen ? Severity::serious
                    : *fine_fen <= minor_up_to               ? Severity::minor
                                                             : Severity::general;
            } // a fine of unknown amount stays general
        }
        worst = std::max(worst, s);
    }
    return worst;
}

std::optional<std::string> license_category(const Field& f) {
    if (f.empty()) return std::nullopt;
    static constexpr std::string_view kNames[] = {"普通", "特许", "认可", "核准", "登记"};
    if (std::find(std::begin(kNames), std::end(kNames), f.text) != std::end(kNames) || f.text.starts_with("其他"))
        return std::string(f.text);
    f.problem("is not 普通, 特许, 认可, 核准, 登记 or 其他-…");
    return std::nullopt;
}

std::optional<RecordStatus> license_status(const Field& f) {
    if (f.empty()) return std::nullopt;
    if (f.text == "1" || f.text == "有效") return RecordStatus::active;
    if (f.text == "2" || f.text == "无效") return RecordStatus::revoked;
    if (auto s = parse_enum<RecordStatus>(f.text)) return s;
    f.problem("is not 1 (有效), 2 (无效) or " + enum_names<RecordStatus>());
    return std::nullopt;
}

} // namespace credcheck::import
