#include "credcheck/json.hpp"

#include "credcheck/citizen_id.hpp"

namespace credcheck::serialize {

namespace {

using Json = nlohmann::ordered_json;

/// A code as the principal may see it: a person's masked; so is a code not found (it has no kind) that
/// could be an ID number.
std::string shown_code(const std::string& code, std::optional<SubjectKind> kind, PersonalData personal) {
    return personal == PersonalData::masked && (!kind || kind == SubjectKind::natural_person) ? mask_personal_id(code) : code;
}

/// Free text with any ID number in it masked, unless the principal may see them.
std::string shown_text(const std::string& text, PersonalData personal) {
    return personal == PersonalData::masked ? mask_personal_ids_in_text(text) : text;
}

Json date_or_null(const std::optional<Date>& d) { return d ? Json(d->iso()) : Json(nullptr); }

Json measure_json(const AppliedMeasure& m, PersonalData personal, bool suspended) {
    Json j;
    j["code"] = m.code;
    j["name"] = m.name;
    j["effect"] = to_string(m.effect);
    j["via"] = to_string(m.via);
    j["role"] = m.role == PersonRole::none ? Json(nullptr) : Json(to_string(m.role));
    j["bases"] = Json::array();
    for (const AppliedBasis& b : m.bases)
        j["bases"].push_back(Json{{"id", b.id}, {"citation", b.citation}, {"level", to_string(b.level)}, {"verified", b.verified}});
    if (m.source) {
        const MeasureSource& s = *m.source;
        j["source"] = Json{{"list", s.list_code},
                           {"entry_id", s.entry_id},
                           {"subject_code", shown_code(s.subject_code, s.subject_kind, personal)},
                           {"subject_name", shown_text(s.subject_name, personal)},
                           {"department", s.department},
                           {"document_no", s.document_no},
                           {"legal_basis", shown_text(s.legal_basis, personal)},
                           {"entered_on", s.entered_on.iso()},
                           {"expires_on", date_or_null(s.expires_on)}};
    } else {
        j["source"] = nullptr;
    }
    if (suspended) j["objection_id"] = m.objection_id ? Json(*m.objection_id) : Json(nullptr);
    return j;
}

} // namespace

nlohmann::ordered_json decision_json(const Decision& d, PersonalData personal) {
    Json j;
    j["verdict"] = to_string(d.verdict);
    j["subject"] = Json{{"found", d.subject.found},
                        {"code", shown_code(d.subject.code, d.subject.kind, personal)},
                        {"name", d.subject.found ? Json(d.subject.name) : Json(nullptr)},
                        {"kind", d.subject.kind ? Json(to_string(*d.subject.kind)) : Json(nullptr)},
                        {"status", d.subject.status ? Json(to_string(*d.subject.status)) : Json(nullptr)},
                        {"matched_by", d.subject.found ? Json(to_string(d.subject.matched_by)) : Json(nullptr)}};
    j["scenario"] = d.scenario;
    j["as_of"] = d.as_of.iso();
    j["measures"] = Json::array();
    for (const auto& m : d.measures) j["measures"].push_back(measure_json(m, personal, false));
    j["suspended"] = Json::array();
    for (const auto& m : d.suspended) j["suspended"].push_back(measure_json(m, personal, true));
    j["green_channel"] = Json{{"eligible", d.green_channel.eligible}, {"reason", d.green_channel.reason}};
    j["receipt"] = Json{{"id", d.receipt.id},
                        {"data_version", d.receipt.data_version},
                        {"data_as_of", d.receipt.data_as_of.empty() ? Json(nullptr) : Json(d.receipt.data_as_of)},
                        {"catalog_version", d.receipt.catalog_version},
                        {"library_version", d.receipt.library_version},
                        {"data_expires_at", d.receipt.data_expires_at.empty() ? Json(nullptr) : Json(d.receipt.data_expires_at)}};
    j["caveats"] = d.caveats;
    j["logged"] = d.logged;
    j["log_error"] = d.logged ? Json(nullptr) : Json(d.log_error);
    j["stale"] = d.stale;
    j["stale_reason"] = d.stale ? Json(d.stale_reason) : Json(nullptr);
    return j;
}

} // namespace credcheck::serialize
