// Parsing one field of an import row. Each parser returns the value or records a problem naming the
// column, the value and the reason, so that a row reports all of its problems at once.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credcheck/identify.hpp"
#include "credcheck/tables.hpp"
#include "credcheck/model.hpp"
#include "util/text.hpp"
#include "import/cell_values.hpp"

namespace credcheck::import {

/// Collects the problems of one row.
class RowProblems {
public:
    void add(std::string column, std::string_view value, std::string reason);
    bool empty() const noexcept { return items_.empty(); }
    const std::vector<RowProblem>& items() const noexcept { return items_; }
    /// Something the report says of a row that is imported (a code admitted as issued): not a problem.
    void warn(std::string column, std::string_view value, std::string reason);
    const std::vector<RowProblem>& warnings() const noexcept { return warnings_; }
    /// What normalisation changed in the row's codes (explicit, so that the report can count it).
    void note_changes(CodeChanges changes) noexcept { changes_ = changes_ | changes; }
    CodeChanges changes() const noexcept { return changes_; }
    void clear() noexcept {
        items_.clear();
        warnings_.clear();
        changes_ = CodeChanges::none;
    }
    void set_line(std::size_t line) noexcept { line_ = line; }

private:
    RowProblem make(std::string column, std::string_view value, std::string reason) const;
    std::size_t line_ = 0;
    std::vector<RowProblem> items_, warnings_;
    CodeChanges changes_ = CodeChanges::none;
};

/// A field being parsed: its column title (as in the file), its trimmed text, where problems go.
struct Field {
    std::string_view column;
    std::string_view text;
    RowProblems& problems;
    DateSystem dates = DateSystem::excel_1900; // for a date typed as an Excel serial

    bool empty() const noexcept { return text.empty(); }
    void problem(std::string reason) const;
};

std::optional<std::string> required_text(const Field& f);
std::optional<std::string> optional_text(const Field& f);

/// A date as departments write it (2017-08-03, 2017/8/3, 20170803, 2017.8.3, 2017年8月3日, a time after
/// it) or an Excel serial of five digits (import/cell_values.hpp).
std::optional<Date> required_date(const Field& f);
std::optional<Date> optional_date(const Field& f);

/// An amount in 万元 ("0.2", "1,000.50") → fen (0.01 yuan); at most six decimals; not negative.
std::optional<std::int64_t> optional_amount_10k_yuan(const Field& f);
/// fen → 万元 text without trailing zeros ("0.2").
std::string format_amount_10k_yuan(std::int64_t fen);

/// Any identifier; `accepted` limits the kinds (a text of two kinds at once is read as the first accepted).
/// Returns the identification when valid and accepted; what normalisation changed is noted on the row.
/// With `admit_issued`, a USCC that fails only its check character is admitted as issued (kind uscc,
/// Identification::admitted()) and the row gets a warning saying so; never otherwise.
std::optional<Identification> identifier(const Field& f, std::initializer_list<IdentifierKind> accepted, const IdentifyOptions& options,
                                         bool admit_issued = false);

/// A yes/no column: 是/否, yes/no, true/false, 1/0 (empty is no).
std::optional<bool> yes_no(const Field& f);

template <class E> std::optional<E> enumeration(const Field& f);

/// 行政相对人类别 (法人及非法人组织, 自然人, 个体工商户) or a canonical subject kind.
std::optional<SubjectKind> subject_category(const Field& f);
/// The 双公示 category of a subject kind, for export.
std::string_view subject_category_name(SubjectKind kind) noexcept;

/// The role of a relation: legal_representative / principal, or 法定代表人 / 主要负责人 / 负责人.
std::optional<Role> role(const Field& f);

/// 处罚类别: names separated by ';' (or '；'), each from data/penalty_types.tsv or "其他-…";
/// returned canonical, joined by ';'.
std::optional<std::string> penalty_types(const Field& f);
/// The severity the penalty types and fine imply (data/penalty_types.tsv).
/// The severity a penalty of these types and fine has when the file does not say (data/penalty_types.tsv):
/// a fine is minor up to the simplified-procedure bound of 行政处罚法 §51 for the party (3,000 yuan for an
/// organisation, 200 for a natural person or individual business), general above, serious from the office's
/// threshold; a fine of no given amount is general.
Severity default_severity(std::string_view joined_penalty_types, std::optional<std::int64_t> fine_fen, bool natural_person);

/// 许可类别: 普通, 特许, 认可, 核准, 登记, or 其他-….
std::optional<std::string> license_category(const Field& f);

/// A licence's 当前状态: 1/有效/active → active; 2/无效/revoked → revoked.
std::optional<RecordStatus> license_status(const Field& f);

/// Splits "a;b；c" into trimmed non-empty parts.
std::vector<std::string_view> split_list(std::string_view text);

} // namespace credcheck::import
