#include "decision_text.hpp"

#include <fmt/format.h>

#include "credcheck/citizen_id.hpp"

namespace credcheck::cli {

namespace {

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    return out;
}

void measure_lines(std::string& out, const AppliedMeasure& m) {
    out += fmt::format("  {:<10} {} {}\n", to_string(m.effect), m.code, m.name);
    out += fmt::format("             why: {}\n", m.reason);
    if (!m.legal_basis.empty()) out += fmt::format("             basis: {}; applied by {}\n", m.legal_basis, m.implementing);
}

} // namespace

std::string decision_text(const Decision& d, bool unmask) {
    std::string out;
    const bool person = d.subject.kind == SubjectKind::natural_person;
    const std::string code = person && !unmask ? mask_personal_id(d.subject.code) : d.subject.code;
    if (!d.subject.found) {
        out += fmt::format("{}  {}: no credit information on {} (as of {})\n", upper(to_string(d.verdict)), d.scenario, code, d.as_of.iso());
    } else {
        out += fmt::format("{}  {}: {} {} ({}, {}) as of {}\n", upper(to_string(d.verdict)), d.scenario, d.subject.name, code,
                           to_string(*d.subject.kind), to_string(*d.subject.status), d.as_of.iso());
    }
    if (!d.measures.empty()) {
        out += fmt::format("measures ({}):\n", d.measures.size());
        for (const auto& m : d.measures) measure_lines(out, m);
    }
    if (!d.suspended.empty()) {
        out += fmt::format("suspended pending objection ({}):\n", d.suspended.size());
        for (const auto& m : d.suspended) measure_lines(out, m);
    }
    out += fmt::format("green channel: {} — {}\n", d.green_channel.eligible ? "eligible" : "not eligible", d.green_channel.reason);
    out += fmt::format("receipt: {} (data version {}, catalog {}, credcheck {})\n", d.receipt.id, d.receipt.data_version,
                       d.receipt.catalog_version, d.receipt.library_version);
    return out;
}

} // namespace credcheck::cli
