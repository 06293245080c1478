#include "credcheck/model.hpp"

#include <string>

#include "credcheck/objection_types.hpp"


namespace credcheck {

namespace {

template <class E> struct Names;
template <> struct Names<SubjectKind> {
    static constexpr std::array<std::string_view, 4> value = {"legal_person", "other_organization", "individual_business", "natural_person"};
};
template <> struct Names<SubjectStatus> {
    static constexpr std::array<std::string_view, 3> value = {"active", "deregistered", "revoked"};
};
template <> struct Names<Role> {
    static constexpr std::array<std::string_view, 2> value = {"legal_representative", "principal"};
};
template <> struct Names<RecordKind> {
    static constexpr std::array<std::string_view, 6> value = {"license", "penalty", "judgment", "commitment", "honor", "rating"};
};
template <> struct Names<Severity> {
    static constexpr std::array<std::string_view, 3> value = {"minor", "general", "serious"};
};
template <> struct Names<RecordStatus> {
    static constexpr std::array<std::string_view, 3> value = {"active", "revoked", "repaired"};
};
template <> struct Names<EntryStatus> {
    static constexpr std::array<std::string_view, 4> value = {"active", "removed", "revoked", "repaired"};
};
template <> struct Names<ListColour> {
    static constexpr std::array<std::string_view, 3> value = {"black", "attention", "red"};
};
template <> struct Names<RecordCategory> {
    static constexpr std::array<std::string_view, 23> value = {
        "food_drug", "environment", "engineering_quality", "work_safety", "fire_safety", "product_certification",
        "tax_evasion", "debt_evasion", "wage_arrears", "illegal_fundraising", "contract_fraud", "pyramid_selling",
        "unlicensed_operation", "counterfeit", "ip_infringement", "bid_rigging", "false_advertising", "consumer_rights",
        "cyberspace_order", "public_order", "refusal_to_perform", "defense_obligation", "other"};
};

template <> struct Names<NoticeKind> {
    static constexpr std::array<std::string_view, 2> value = {"apply", "lift"};
};
template <> struct Names<NoticeCause> {
    static constexpr std::array<std::string_view, 5> value = {"entered", "removed", "expired", "revoked", "repaired"};
};
template <> struct Names<FeedbackOutcome> {
    static constexpr std::array<std::string_view, 3> value = {"applied", "not_applied", "not_applicable"};
};

template <> struct Names<ObjectionTarget> {
    static constexpr std::array<std::string_view, 2> value = {"record", "entry"};
};
template <> struct Names<ObjectionOutcome> {
    static constexpr std::array<std::string_view, 3> value = {"upheld", "corrected", "revoked"};
};

template <class E> std::string_view name_of(E e) noexcept {
    const auto i = static_cast<std::size_t>(e);
    return i < Names<E>::value.size() ? Names<E>::value[i] : std::string_view("unknown");
}

} // namespace

std::string_view to_string(SubjectKind e) noexcept { return name_of(e); }
std::string_view to_string(SubjectStatus e) noexcept { return name_of(e); }
std::string_view to_string(Role e) noexcept { return name_of(e); }
std::string_view to_string(RecordKind e) noexcept { return name_of(e); }
std::string_view to_string(Severity e) noexcept { return name_of(e); }
std::string_view to_string(RecordStatus e) noexcept { return name_of(e); }
std::string_view to_string(EntryStatus e) noexcept { return name_of(e); }
std::string_view to_string(ListColour e) noexcept { return name_of(e); }
std::string_view to_string(RecordCategory e) noexcept { return name_of(e); }
std::string_view to_string(NoticeKind e) noexcept { return name_of(e); }
std::string_view to_string(NoticeCause e) noexcept { return name_of(e); }
std::string_view to_string(FeedbackOutcome e) noexcept { return name_of(e); }
std::string_view to_string(ObjectionTarget e) noexcept { return name_of(e); }
std::string_view to_string(ObjectionOutcome e) noexcept { return name_of(e); }

template <class E> std::optional<E> parse_enum(std::string_view name) noexcept {
    const auto& names = Names<E>::value;
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return static_cast<E>(i);
    return std::nullopt;
}

template <class E> std::string enum_names() {
    std::string out;
    for (std::string_view n : Names<E>::value) {
        if (!out.empty()) out += ", ";
        out += n;
    }
    return out;
}

#define CREDCHECK_INSTANTIATE(E) \
    template std::optional<E> parse_enum<E>(std::string_view) noexcept; \
    template std::string enum_names<E>();
CREDCHECK_INSTANTIATE(SubjectKind)
CREDCHECK_INSTANTIATE(SubjectStatus)
CREDCHECK_INSTANTIATE(Role)
CREDCHECK_INSTANTIATE(RecordKind)
CREDCHECK_INSTANTIATE(Severity)
CREDCHECK_INSTANTIATE(RecordStatus)
CREDCHECK_INSTANTIATE(EntryStatus)
CREDCHECK_INSTANTIATE(ListColour)
CREDCHECK_INSTANTIATE(RecordCategory)
CREDCHECK_INSTANTIATE(NoticeKind)
CREDCHECK_INSTANTIATE(NoticeCause)
CREDCHECK_INSTANTIATE(FeedbackOutcome)
CREDCHECK_INSTANTIATE(ObjectionTarget)
CREDCHECK_INSTANTIATE(ObjectionOutcome)
#undef CREDCHECK_INSTANTIATE

} // namespace credcheck
