#include "credcheck/principal.hpp"

#include <array>
#include <fmt/format.h>

#include "credcheck/error.hpp"

namespace credcheck {

namespace {
constexpr std::array<std::string_view, 4> kRoleNames = {"credit_office", "initiating", "implementing", "public"};
}

std::string_view to_string(AccessRole r) noexcept { return kRoleNames[static_cast<std::size_t>(r)]; }

std::optional<AccessRole> parse_access_role(std::string_view name) noexcept {
    for (std::size_t i = 0; i < kRoleNames.size(); ++i)
        if (kRoleNames[i] == name) return static_cast<AccessRole>(i);
    return std::nullopt;
}

std::string Principal::describe() const {
    std::string out = department.empty() ? std::string(role == AccessRole::credit_office ? "the credit office" : "the public")
                                         : fmt::format("{} ({})", department, to_string(role));
    if (!officer.empty()) out += " " + officer;
    return out;
}

bool Principal::may_act_as(const Principal& other) const noexcept {
    switch (role) {
    case AccessRole::credit_office: return true;
    case AccessRole::initiating:
        return other.role == AccessRole::public_reader ||
               (other.department == department && (other.role == AccessRole::initiating || other.role == AccessRole::implementing));
    case AccessRole::implementing:
        return other.role == AccessRole::public_reader || (other.department == department && other.role == AccessRole::implementing);
    case AccessRole::public_reader: return other.role == AccessRole::public_reader;
    }
    return false;
}

namespace {
bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n\v\f") == std::string_view::npos; }
} // namespace

Principal parse_principal(std::string_view text) {
    if (blank(text))
        throw Error(Status::invalid_argument,
                    "principal is empty: expected DEPARTMENT:ROLE[:OFFICER], ROLE one of credit_office, initiating, implementing, public");
    const auto first = text.find(':');
    if (first == std::string_view::npos)
        throw Error(Status::invalid_argument,
                    fmt::format("principal '{}': expected DEPARTMENT:ROLE[:OFFICER], ROLE one of credit_office, initiating, implementing, public", text));
    const auto second = text.find(':', first + 1);
    Principal p;
    p.department = std::string(text.substr(0, first));
    const std::string_view role = text.substr(first + 1, second == std::string_view::npos ? std::string_view::npos : second - first - 1);
    if (second != std::string_view::npos) p.officer = std::string(text.substr(second + 1));
    const auto parsed = parse_access_role(role);
    if (!parsed)
        throw Error(Status::invalid_argument,
                    fmt::format("principal '{}': role '{}' is not one of credit_office, initiating, implementing, public", text, role));
    p.role = *parsed;
    if (blank(p.department) && (p.role == AccessRole::initiating || p.role == AccessRole::implementing))
        throw Error(Status::invalid_argument, fmt::format("principal '{}': a {} principal must name its department", text, role));
    return p;
}

} // namespace credcheck
