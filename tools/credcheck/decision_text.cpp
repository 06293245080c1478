#include "decision_text.hpp"

#include <fmt/format.h>

#include "credcheck/display.hpp"

#include "credcheck/citizen_id.hpp"

namespace credcheck::cli {

namespace {

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    return out;
}

void measure_lines(std::string& out, const AppliedMeasure& m, bool unmask) {
    const auto shown = [&](const std::string& text) { return unmask ? text : mask_personal_ids_in_text(text); };
    out += fmt::format("  {:<10} {} {}\n", to_string(m.effect), display_text(m.code), display_text(m.name));
    out += fmt::format("             why: {}\n", display_text(shown(m.reason)));
    if (!m.bases.empty()) {
        for (const AppliedBasis& b : m.bases)
            out += fmt::format("             basis: {} ({}, {})\n", display_text(b.citation), to_string(b.level),
                               b.verified ? "text read" : "text NOT read");
        if (!m.implementing.empty()) out += fmt::format("             applied by {}\n", display_text(m.implementing));
    } else if (!m.legal_basis.empty()) {
        out += fmt::format("             basis: {}; applied by {}\n", display_text(shown(m.legal_basis)), display_text(m.implementing));
    }
}

} // namespace

std::string decision_text(const Decision& d, bool unmask) {
    std::string out;
    const bool person = d.subject.kind == SubjectKind::natural_person;
    // A code not found has no kind: mask it when it could be an ID number.
    const std::string code = (person || !d.subject.found) && !unmask ? mask_personal_id(d.subject.code) : d.subject.code;
    if (!d.subject.found) {
        out += fmt::format("{}  {}: no credit information on {} (as of {})\n", upper(to_string(d.verdict)), d.scenario, code, d.as_of.iso());
    } else {
        out += fmt::format("{}  {}: {} {} ({}, {}) as of {}\n", upper(to_string(d.verdict)), d.scenario, display_text(d.subject.name), code,
                           to_string(*d.subject.kind), to_string(*d.subject.status), d.as_of.iso());
    }
    if (!d.measures.empty()) {
        out += fmt::format("measures ({}):\n", d.measures.size());
        for (const auto& m : d.measures) measure_lines(out, m, unmask);
    }
    if (!d.suspended.empty()) {
        out += fmt::format("suspended pending objection ({}):\n", d.suspended.size());
        for (const auto& m : d.suspended) measure_lines(out, m, unmask);
    }
    for (const auto& caveat : d.caveats) out += fmt::format("caveat: {}\n", caveat);
    out += fmt::format("green channel: {} — {}\n", d.green_channel.eligible ? "eligible" : "not eligible", display_text(d.green_channel.reason));
    out += fmt::format("receipt: {} (data version {}{}{}, catalog {}, credcheck {}){}\n", d.receipt.id, d.receipt.data_version,
                       d.receipt.data_as_of.empty() ? "" : ", data as of " + d.receipt.data_as_of,
                       d.receipt.data_expires_at.empty() ? "" : ", expires " + d.receipt.data_expires_at, d.receipt.catalog_version,
                       d.receipt.library_version, d.logged ? "" : " — NOT LOGGED: " + display_text(d.log_error));
    if (d.stale) out += "STALE: " + display_text(d.stale_reason) + "\n";
    return out;
}

} // namespace credcheck::cli
