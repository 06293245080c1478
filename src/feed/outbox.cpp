// Returns from department replicas to the credit office: export on the replica, import at the office.
#include "credcheck/returns.hpp"

#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>

#include "credcheck/check.hpp"
#include "credcheck/citizen_id.hpp"
#include "credcheck/error.hpp"
#include "feed/feed_file.hpp"
#include "security/permissions.hpp"
#include "store/audit_log.hpp"
#include "store/open_file.hpp"
#include "store/feed_tables.hpp"
#include "store/reads.hpp"
#include "store/returns.hpp"
#include "util/clock.hpp"
#include "util/keyed_digest.hpp"
#include "util/sm2.hpp"
#include "credcheck/utc_time.hpp"
#include "workflows/objections_internal.hpp"

namespace credcheck {

namespace {

constexpr std::string_view kFormat = "credcheck-outbox 1";

[[noreturn]] void refuse(const std::filesystem::path& file, std::string_view why) {
    throw Error(Status::feed_refused, fmt::format("{}: refused, nothing imported: {}", file.string(), why));
}

Department department_named(sql::Connection& c, const std::string& key) {
    const auto d = store::department_by_key(c, key);
    if (!d) throw Error(Status::not_found, fmt::format("no department '{}'", key));
    return *d;
}

} // namespace

void register_department_key(const Database& db, const std::string& department, const std::filesystem::path& public_key) {
    security::require_credit_office(db, "register a department's signing key");
    const Sm2Key key = Sm2Key::load(public_key);
    store::OpenFile(db).write([&](sql::Connection& c) {
        sql::Transaction tx(c);
        const Department d = department_named(c, department);
        store::save_department_key(c, store::DepartmentKey{d.id, key.public_pem(), key.fingerprint(), utc_timestamp(), db.principal().describe()});
        store::AuditScope audit(c, db.principal(), "keys.register");
        audit.target = d.name;
        audit.details = {{"department", d.name}, {"fingerprint", key.fingerprint()}};
        audit.append();
        tx.commit();
    });
}

std::int64_t receive_objection(const Database& db, const ReceivedObjection& o) {
    if (o.filed_by.empty() || o.reason.empty()) throw Error(Status::invalid_argument, "an objection needs who lodges it and why");
    const Principal& p = db.principal();
    security::require(p, p.role == AccessRole::initiating || p.role == AccessRole::implementing, "receive an objection at a department's window");
    return store::OpenFile(db).write([&](sql::Connection& c) {
        sql::Transaction tx(c);
        if (!store::is_replica(c))
            throw Error(Status::conflict, "the office's own database files objections itself (`credcheck objection file`); a department's "
                                          "replica receives them");
        const std::string kind(to_string(o.target));
        if (!store::target_exists(c, kind, o.target_id)) throw Error(Status::not_found, fmt::format("no {} with id {} on this replica", kind, o.target_id));
        // A replica holds no full ID number, not even one typed into the window's form.
        const std::string filed_by = mask_personal_ids_in_text(o.filed_by), reason = mask_personal_ids_in_text(o.reason);
        const std::int64_t id = store::insert_received_objection(
            c, store::ReceivedObjectionRow{0, kind, o.target_id, o.received_on.iso(), filed_by, reason, p.officer, utc_timestamp()});
        store::AuditScope audit(c, p, "objection.receive");
        audit.target = fmt::format("{} {}", kind, o.target_id);
        audit.details = {{"received", id}, {"received_on", o.received_on.iso()}, {"filed_by", filed_by}, {"reason", reason}};
        audit.append();
        tx.commit();
        return id;
    });
}

OutboxInfo export_outbox(const Database& db, const OutboxOptions& o) {
    const Principal& p = db.principal();
    security::require(p, (p.role == AccessRole::initiating || p.role == AccessRole::implementing) && !p.department.empty(),
                      "export a department's return (act as the department: --as DEPARTMENT:implementing:OFFICER)");
    const Sm2Key key = Sm2Key::load(o.key);
    if (!key.has_private()) throw Error(Status::invalid_argument, fmt::format("{} is a public key: a return is signed with the department's private key", o.key.string()));
    std::error_code ec;
    if (std::filesystem::exists(o.file, ec)) throw Error(Status::conflict, fmt::format("{} exists: a return never replaces a file", o.file.string()));
    flush_check_log(db); // every check so far is in the trail the return reads
    const UtcSeconds now = utc_now(o.now);
    OutboxInfo info;
    info.file = o.file;
    store::OpenFile(db).write([&](sql::Connection& c) {
        sql::Transaction tx(c);
        const auto replica = store::replica_state(c);
        if (!replica) throw Error(Status::conflict, fmt::format("{} is not a department replica", db.path().string()));
        const Department department = department_named(c, p.department);
        const auto last = store::last_outbox_export(c);
        store::OutboxExport next{last ? last->sequence + 1 : 1, last ? last->audit_up_to : 0, last ? last->feedback_up_to : 0,
                                 last ? last->received_up_to : 0, "", format_utc(now)};
        nlohmann::ordered_json checks = nlohmann::ordered_json::array(), feedback = nlohmann::ordered_json::array(),
                               objections = nlohmann::ordered_json::array();
        const std::int64_t audit_from = next.audit_up_to;
        store::each_logged_check(c, audit_from, [&](const store::LoggedCheck& k) {
            const auto d = nlohmann::json::parse(k.details);
            checks.push_back({{"decision_id", d.value("decision_id", "")},
                              {"checked_at", k.at},
                              {"as_of", d.value("as_of", "")},
                              {"recorded_department", k.department},
                              {"role", k.role},
                              {"officer", k.officer},
                              {"purpose", mask_personal_ids_in_text(d.value("purpose", ""))},
                              {"subject_id", k.subject_id ? nlohmann::ordered_json(*k.subject_id) : nlohmann::ordered_json(nullptr)},
                              {"subject_code", mask_personal_id(k.subject)},
                              {"scenario", d.value("scenario", "")},
                              {"verdict", d.value("verdict", "")},
                              {"measures", d.value("measures", "")},
                              {"data_version", d.value("data_version", std::int64_t{0})},
                              {"catalog_version", d.value("catalog_version", "")}});
        });
        next.audit_up_to = store::last_audit_seq(c);
        store::each_local_feedback(c, next.feedback_up_to, [&](const store::LocalFeedback& f) {
            feedback.push_back({{"decision_id", f.decision_id}, {"measure", f.measure},       {"outcome", f.outcome}, {"reason", f.reason},
                                {"officer", f.officer},         {"decided_on", f.decided_on}, {"case_ref", f.case_ref}, {"recorded_at", f.recorded_at}});
            next.feedback_up_to = f.id;
        });
        store::each_received_objection(c, next.received_up_to, [&](const store::ReceivedObjectionRow& r) {
            objections.push_back({{"target", r.target_kind}, {"target_id", r.target_id}, {"received_on", r.received_on}, {"filed_by", r.filed_by},
                                  {"reason", r.reason},      {"officer", r.officer},     {"recorded_at", r.recorded_at}});
            next.received_up_to = r.id;
        });
        info.department = department.name;
        info.sequence = next.sequence;
        info.checks = static_cast<std::int64_t>(checks.size());
        info.feedback = static_cast<std::int64_t>(feedback.size());
        info.objections = static_cast<std::int64_t>(objections.size());
        const nlohmann::ordered_json document = {{"format", kFormat},
                                                 {"department", department.name},
                                                 {"department_code", department.code},
                                                 {"key", key.fingerprint()},
                                                 {"feed_id", replica->feed_id},
                                                 {"replica_sequence", replica->sequence},
                                                 {"sequence", next.sequence},
                                                 {"created_at", next.created_at},
                                                 {"checks", std::move(checks)},
                                                 {"feedback", std::move(feedback)},
                                                 {"objections", std::move(objections)}};
        const std::string text = document.dump();
        next.digest = digest_hex(DigestAlgorithm::sm3, text);
        feed::write_file_atomically(o.file, text + "\n" + hex_of(key.sign(text)) + "\n", false);
        store::record_outbox_export(c, next);
        store::AuditScope audit(c, p, "outbox.export");
        audit.target = o.file.filename().string();
        audit.details = {{"sequence", next.sequence}, {"checks", info.checks}, {"feedback", info.feedback}, {"objections", info.objections},
                         {"digest", next.digest}};
        audit.append();
        tx.commit();
    });
    return info;
}

OutboxInfo import_outbox(const Database& db, const std::filesystem::path& file) {
    security::require_credit_office(db, "import a department's return");
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(Status::not_found, fmt::format("no return file {}", file.string()));
    std::string text, signature_hex, rest;
    std::getline(in, text);
    std::getline(in, signature_hex);
    std::getline(in, rest);
    if (text.empty() || signature_hex.empty() || !rest.empty() || !in.eof()) refuse(file, "not a credcheck return (a JSON line, then a signature line)");
    nlohmann::json d;
    try {
        d = nlohmann::json::parse(text);
        if (d.at("format").get<std::string>() != kFormat) refuse(file, fmt::format("its format is not '{}'", kFormat));
    } catch (const nlohmann::json::exception& e) {
        refuse(file, fmt::format("not a credcheck return: {}", e.what()));
    }
    OutboxInfo info;
    info.file = file;
    store::OpenFile(db).write([&](sql::Connection& c) {
        sql::Transaction tx(c);
        try {
            const std::string named = d.at("department").get<std::string>();
            const auto department = store::department_by_key(c, named);
            if (!department) refuse(file, fmt::format("it comes from '{}', a department this office does not know", named));
            const auto registered = store::department_key(c, department->id);
            if (!registered)
                refuse(file, fmt::format("no key is registered for {} (`credcheck keys register DB --department … --public-key FILE`)", department->name));
            const Sm2Key key = Sm2Key::from_pem(registered->public_key, fmt::format("{}'s registered key", department->name));
            std::string signature;
            try {
                signature = bytes_of_hex(signature_hex, "the signature line");
            } catch (const Error&) {
                refuse(file, "its signature line is not hex");
            }
            if (!key.verify(text, signature))
                refuse(file, fmt::format("its signature does not verify under the key registered for {} ({}): altered, or signed by another key",
                                         department->name, registered->fingerprint));
            info.department = department->name;
            info.sequence = d.at("sequence").get<std::int64_t>();
            const std::string digest = digest_hex(DigestAlgorithm::sm3, text);
            if (const auto before = store::outbox_import(c, department->id, info.sequence)) {
                if (before->digest != digest)
                    throw Error(Status::conflict, fmt::format("{}: {}'s return {} was imported on {} with other contents: two returns under one sequence",
                                                              file.string(), department->name, info.sequence, before->imported_at));
                info.imported = false;
                info.checks = before->checks;
                info.feedback = before->feedback;
                info.objections = before->objections;
                return; // the same return again: nothing changes
            }
            const auto as_department = [&](const std::string& officer) {
                return Principal{department->name, AccessRole::implementing, officer.empty() ? "replica" : officer};
            };
            for (const auto& k : d.at("checks")) {
                store::ReturnedCheck r;
                r.decision_id = k.at("decision_id").get<std::string>();
                r.checked_at = k.at("checked_at").get<std::string>();
                r.as_of = k.at("as_of").get<std::string>();
                r.department = department->name;
                r.purpose = k.at("purpose").get<std::string>();
                if (!k.at("subject_id").is_null() && store::subject_exists(c, k.at("subject_id").get<std::int64_t>()))
                    r.subject_id = k.at("subject_id").get<std::int64_t>();
                r.subject_code = k.at("subject_code").get<std::string>();
                r.scenario = k.at("scenario").get<std::string>();
                r.verdict = k.at("verdict").get<std::string>();
                r.measures = k.at("measures").get<std::string>();
                r.data_version = k.at("data_version").get<std::int64_t>();
                r.catalog_version = k.at("catalog_version").get<std::string>();
                if (!store::insert_returned_check(c, r)) continue; // a decision recorded before
                ++info.checks;
                const nlohmann::ordered_json details = {{"decision_id", r.decision_id}, {"scenario", r.scenario}, {"as_of", r.as_of},
                                                        {"verdict", r.verdict}, {"measures", r.measures}, {"purpose", r.purpose},
                                                        {"department", r.department}, {"data_version", r.data_version},
                                                        {"catalog_version", r.catalog_version}, {"replica", true},
                                                        {"return", info.sequence}, {"recorded_department", k.at("recorded_department")}};
                store::append_audit(c, as_department(k.at("officer").get<std::string>()), "check", r.subject_code, r.scenario, details, r.checked_at);
            }
            for (const auto& f : d.at("feedback")) {
                store::ReturnedFeedback r;
                r.decision_id = f.at("decision_id").get<std::string>();
                r.measure = f.at("measure").get<std::string>();
                r.outcome = f.at("outcome").get<std::string>();
                r.reason = f.at("reason").get<std::string>();
                r.officer = f.at("officer").get<std::string>();
                r.decided_on = f.at("decided_on").get<std::string>();
                r.case_ref = f.at("case_ref").get<std::string>();
                r.recorded_at = f.at("recorded_at").get<std::string>();
                r.department_id = department->id;
                if (!store::check_recorded(c, r.decision_id))
                    refuse(file, fmt::format("its feedback names decision {}, which no check of the office or this return recorded", r.decision_id));
                const std::int64_t id = store::insert_returned_feedback(c, r);
                ++info.feedback;
                const Principal by = as_department(r.officer);
                store::AuditScope audit(c, by, "feedback");
                audit.target = fmt::format("decision {}", r.decision_id);
                audit.details = {{"feedback", id},           {"department", department->name}, {"measure", r.measure}, {"outcome", r.outcome},
                                 {"reason", r.reason},       {"officer", r.officer},           {"decided_on", r.decided_on},
                                 {"case_ref", r.case_ref},   {"return", info.sequence}};
                audit.append();
            }
            for (const auto& o : d.at("objections")) {
                const std::string target = o.at("target").get<std::string>();
                if (target != "record" && target != "entry") refuse(file, fmt::format("an objection names target kind '{}'", target));
                const auto kind = target == "record" ? ObjectionTarget::record : ObjectionTarget::entry;
                const std::int64_t target_id = o.at("target_id").get<std::int64_t>();
                const Date received_on = Date::parse_or_throw(o.at("received_on").get<std::string>(), "received_on");
                const std::string filed_by = o.at("filed_by").get<std::string>(), reason = o.at("reason").get<std::string>();
                {
                    const Principal by = as_department(o.at("officer").get<std::string>());
                    store::AuditScope audit(c, by, "objection.receive");
                    audit.target = fmt::format("{} {}", target, target_id);
                    audit.details = {{"received_on", received_on.iso()}, {"filed_by", filed_by}, {"reason", reason}, {"return", info.sequence}};
                    audit.append();
                }
                ++info.objections;
                try { // filed by the office, from the day the department received it; refused before it writes anything
                    detail::file_objection_in(c, db, kind, target_id, received_on, filed_by, reason);
                } catch (const Error& e) {
                    if (e.status() != Status::conflict && e.status() != Status::not_found) throw;
                    info.notes.push_back(fmt::format("the objection to {} {} received on {} was not filed: {}", target, target_id, received_on.iso(),
                                                     e.what()));
                }
            }
            store::record_outbox_import(c, store::OutboxImport{department->id, info.sequence, digest, utc_timestamp(), info.checks, info.feedback,
                                                               info.objections});
            store::AuditScope audit(c, db.principal(), "outbox.import");
            audit.target = fmt::format("{} return {}", department->name, info.sequence);
            audit.details = {{"department", department->name}, {"sequence", info.sequence}, {"checks", info.checks}, {"feedback", info.feedback},
                             {"objections", info.objections}, {"digest", digest}, {"file", file.filename().string()}};
            audit.append();
        } catch (const nlohmann::json::exception& e) {
            refuse(file, fmt::format("a field is missing or of the wrong type: {}", e.what()));
        }
        tx.commit();
    });
    return info;
}

} // namespace credcheck
