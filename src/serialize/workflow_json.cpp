#include "credcheck/json.hpp"

#include "credcheck/citizen_id.hpp"

namespace credcheck::serialize {

namespace {

using Json = nlohmann::ordered_json;

Json date_or_null(const std::optional<Date>& d) { return d ? Json(d->iso()) : Json(nullptr); }

Json period_end_json(const std::optional<WorkingCalendar::PeriodEnd>& p) {
    if (!p) return nullptr;
    return Json{{"date", p->date.iso()}, {"provisional", p->provisional}};
}

} // namespace

Json notices_json(const std::vector<Notice>& notices) {
    Json out = Json::array();
    for (const auto& n : notices)
        out.push_back(Json{{"id", n.id},
                           {"kind", to_string(n.kind)},
                           {"cause", to_string(n.cause)},
                           {"created_on", n.created_on.iso()},
                           {"measure", n.measure_code},
                           {"department", n.department},
                           {"entry_id", n.entry_id},
                           {"list", n.list_code},
                           {"subject_code", mask_personal_id(n.subject_code)},
                           {"subject_name", n.subject_name},
                           {"initiating_department", n.initiating_department},
                           {"document_no", n.document_no},
                           {"entered_on", n.entered_on.iso()},
                           {"expires_on", date_or_null(n.expires_on)},
                           {"feedback", n.feedback ? Json(to_string(*n.feedback)) : Json(nullptr)}});
    return out;
}

Json dispatch_status_json(const std::vector<EntryDispatchStatus>& entries) {
    Json out = Json::array();
    for (const auto& e : entries)
        out.push_back(Json{{"entry_id", e.entry_id},
                           {"list", e.list_code},
                           {"document_no", e.document_no},
                           {"subject_code", mask_personal_id(e.subject_code)},
                           {"subject_name", e.subject_name},
                           {"status", to_string(e.status)},
                           {"notices", e.notices},
                           {"answered", e.answered},
                           {"applied", e.applied},
                           {"not_applied", e.not_applied},
                           {"not_applicable", e.not_applicable},
                           {"lift_notices", e.lifts}});
    return out;
}

Json objection_json(const Objection& o) {
    return Json{{"id", o.id},
                {"target", to_string(o.target)},
                {"target_id", o.target_id},
                {"description", o.description},
                {"department", o.department},
                {"filed_on", o.filed_on.iso()},
                {"filed_by", o.filed_by},
                {"reason", o.reason},
                {"due_on", date_or_null(o.due_on)},
                {"status", o.outcome ? Json(to_string(*o.outcome)) : Json("pending")},
                {"resolved_on", date_or_null(o.resolved_on)},
                {"resolved_by", o.outcome ? Json(o.resolved_by) : Json(nullptr)},
                {"resolution", o.outcome ? Json(o.resolution) : Json(nullptr)}};
}

Json objections_json(const std::vector<Objection>& objections) {
    Json out = Json::array();
    for (const auto& o : objections) out.push_back(objection_json(o));
    return out;
}

Json publication_json(const std::vector<PublicationItem>& items) {
    Json out = Json::array();
    for (const auto& i : items)
        out.push_back(Json{{"record_id", i.record_id},
                           {"kind", to_string(i.kind)},
                           {"department", i.department},
                           {"document_no", i.document_no},
                           {"subject_code", i.subject_code},
                           {"subject_name", i.subject_name},
                           {"decided_on", i.decided_on.iso()},
                           {"severity", i.severity ? Json(to_string(*i.severity)) : Json(nullptr)},
                           {"state", to_string(i.state)},
                           {"deadline", date_or_null(i.terms.publication_deadline)},
                           {"deadline_rule", i.terms.deadline_rule},
                           {"working_days_overdue", i.days_overdue},
                           {"published_on", date_or_null(i.published_on)},
                           {"publicity_end", period_end_json(i.terms.publicity_end)},
                           {"earliest_repair", period_end_json(i.terms.earliest_repair)},
                           {"regime", i.terms.regime},
                           {"note", i.terms.note}});
    return out;
}

Json report_json(const std::vector<DepartmentReport>& rows) {
    Json out = Json::array();
    for (const auto& r : rows) {
        Json checks = Json::array();
        for (const auto& c : r.checks) checks.push_back(Json{{"scenario", c.scenario}, {"verdict", c.verdict}, {"count", c.count}});
        out.push_back(Json{
            {"department", r.department},
            {"records", Json{{"licenses", r.licenses}, {"penalties", r.penalties}}},
            {"publication", Json{{"on_time", r.published_on_time}, {"late", r.published_late}, {"overdue", r.overdue}, {"pending", r.pending},
                                 {"not_to_publish", r.not_to_publish}}},
            {"list_entries", Json{{"added", r.entries_added}, {"ended", r.entries_ended}}},
            {"checks", Json{{"total", r.checks_total}, {"by_scenario_and_verdict", checks}}},
            {"feedback", Json{{"notices", r.notices}, {"answered", r.notices_answered}, {"rate", r.feedback_rate},
                              {"applied", r.measures_applied}, {"not_applied", r.measures_not_applied}, {"not_applicable", r.not_applicable},
                              {"on_decisions", r.decision_feedback}, {"applied_on_decisions", r.decision_measures_applied}}},
            {"objections", Json{{"filed", r.objections_filed}, {"resolved", r.objections_resolved},
                                {"resolved_in_time", r.objections_resolved_in_time}, {"overdue", r.objections_overdue}}},
            {"repairs", r.repairs}});
    }
    return out;
}

Json audit_verification_json(const AuditVerification& v) {
    return Json{{"intact", v.intact},
                {"entries", v.entries},
                {"first_broken", v.first_broken ? Json(*v.first_broken) : Json()},
                {"problem", v.problem},
                {"algorithm", to_string(v.algorithm)},
                {"head", v.head},
                {"rows_checked", v.rows_checked},
                {"images", v.images},
                {"data_problems", v.data_problems},
                {"data_problems_total", v.data_problems_total}};
}

Json audit_json(const std::vector<AuditEntry>& entries) {
    Json out = Json::array();
    for (const auto& e : entries)
        out.push_back(Json{{"seq", e.seq},         {"at", e.at},         {"department", e.department}, {"role", e.role},
                           {"officer", e.officer}, {"action", e.action}, {"subject", e.subject},       {"target", e.target},
                           {"details", Json::parse(e.details, nullptr, false)}, {"hash", e.hash}});
    return out;
}

} // namespace credcheck::serialize
