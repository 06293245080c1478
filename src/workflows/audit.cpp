#include "credcheck/check.hpp"
#include "credcheck/audit.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "credcheck/citizen_id.hpp"
#include "credcheck/error.hpp"
#include "security/permissions.hpp"
#include "store/audit_log.hpp"
#include "store/open_file.hpp"
#include "store/row_images.hpp"

namespace credcheck {

std::vector<AuditEntry> audit_entries(const Database& db, const AuditQuery& query) {
    const std::string department = security::department_scope(db, query.department, "read the audit trail");
    flush_check_log(db); // the checks just made, on any handle of the file, are in the trail
    auto c = store::OpenFile(db).read();
    sql::Query q(c->prepared("SELECT seq, at, department, role, officer, action, subject, target, details, hash FROM audit_log "
                             "WHERE (?1 = '' OR subject = ?1) AND (?2 = '' OR department = ?2) "
                             "  AND (?3 = '' OR (action = 'check' AND json_extract(details, '$.decision_id') = ?3)) "
                             "  AND (?4 IS NULL OR substr(at, 1, 10) >= ?4) AND (?5 IS NULL OR substr(at, 1, 10) <= ?5) "
                             "ORDER BY seq LIMIT ?6"));
    q.bind(query.subject).bind(department).bind(query.decision_id).bind(query.from).bind(query.to)
        .bind(static_cast<std::int64_t>(query.limit));
    const bool full = db.principal().sees_full_ids();
    std::vector<AuditEntry> out;
    while (q.step()) {
        AuditEntry e;
        e.seq = q.integer(0);
        e.at = q.text(1);
        e.department = q.text(2);
        e.role = q.text(3);
        e.officer = q.text(4);
        e.action = q.text(5);
        e.subject = full ? std::string(q.text(6)) : mask_personal_id(q.text(6));
        e.target = full ? std::string(q.text(7)) : mask_personal_ids_in_text(q.text(7));
        e.details = full ? std::string(q.text(8)) : mask_personal_ids_in_text(q.text(8));
        e.hash = q.text(9);
        out.push_back(std::move(e));
    }
    return out;
}

AuditVerification verify_audit(const Database& db) {
    security::require_not_public(db, "verify the audit trail");
    flush_check_log(db);
    auto c = store::OpenFile(db).read();
    const sql::ReadTransaction snapshot(*c); // the chain and the data as of one committed state
    const DigestAlgorithm algorithm = store::audit_algorithm(*c);
    AuditVerification v;
    v.algorithm = to_string(algorithm);
    sql::Query q(c->prepared("SELECT seq, at, department, role, officer, action, subject, target, details, prev_hash, hash "
                             "FROM audit_log ORDER BY seq"));
    std::string previous(64, '0');
    std::int64_t expected = 1;
    std::vector<std::pair<std::int64_t, std::int64_t>> history_ranges;
    std::vector<store::ImagesRef> images;
    const auto broken = [&](std::int64_t seq, std::string why) {
        v.intact = false;
        v.first_broken = seq;
        v.problem = std::move(why);
    };
    const auto range_of = [](const nlohmann::json& j) {
        return std::pair<std::int64_t, std::int64_t>{j.value("after", std::int64_t{0}), j.value("up_to", std::int64_t{0})};
    };
    while (q.step()) {
        ++v.entries;
        const std::int64_t seq = q.integer(0);
        if (seq != expected) {
            broken(expected, fmt::format("entry {} is missing (the next one is {})", expected, seq));
            break;
        }
        if (q.text(9) != previous) {
            broken(seq, fmt::format("entry {} does not follow entry {}: its previous hash differs (an entry deleted, inserted or moved)", seq, seq - 1));
            break;
        }
        const std::string canonical = store::audit_canonical(seq, q.text(1), q.text(2), q.text(3), q.text(4), q.text(5), q.text(6), q.text(7),
                                                             q.text(8), q.text(9));
        if (digest_hex(algorithm, canonical) != q.text(10)) {
            broken(seq, fmt::format("entry {} was altered: its hash does not match its content", seq));
            break;
        }
        const auto details = nlohmann::json::parse(q.text(8), nullptr, false);
        if (details.is_object() && details.contains("history")) {
            const auto [after, up_to] = range_of(details["history"]);
            if (store::history_digest(*c, algorithm, after, up_to) != details["history"].value("digest", std::string())) {
                broken(seq, fmt::format("the history rows {}–{} written with entry {} were altered", after + 1, up_to, seq));
                break;
            }
            history_ranges.emplace_back(after, up_to);
        }
        if (details.is_object() && details.contains("images")) {
            const auto& j = details["images"];
            const auto [after, up_to] = range_of(j);
            store::ImagesRef ref{after, up_to, j.value("rows", std::uint64_t{0}), j.value("digest", std::string())};
            if (store::chunk_digest(*c, algorithm, after, up_to) != ref.digest) {
                broken(seq, fmt::format("the row images {}–{} written with entry {} were altered or removed", after + 1, up_to, seq));
                break;
            }
            images.push_back(std::move(ref));
        }
        previous = q.text(10);
        ++expected;
    }
    v.head = previous;
    if (!v.intact) return v;

    const store::Uncovered orphans = store::history_not_covered(*c, history_ranges, 1);
    if (orphans.total > 0) {
        v.intact = false;
        v.problem = fmt::format("{} history rows belong to no audit entry (the first: row {}): written or kept outside the trail",
                                orphans.total, orphans.first.front());
        return v;
    }
    store::DataCheck data = store::check_data(*c, algorithm, images);
    v.rows_checked = data.rows;
    v.images = data.images;
    v.data_problems_total = data.problems_total;
    v.data_problems = std::move(data.problems);
    if (!v.data_problems.empty()) {
        v.intact = false;
        v.problem = v.data_problems_total == 1 ? v.data_problems.front()
                                               : fmt::format("{} (and {} more rows)", v.data_problems.front(), v.data_problems_total - 1);
    }
    return v;
}

void set_audit_algorithm(Database& db, DigestAlgorithm algorithm) {
    security::require_credit_office(db, "choose the audit trail's hash");
    store::OpenFile(db).write([&](sql::Connection& c) {
        sql::Transaction tx(c);
        sql::Query count(c.prepared("SELECT count(*) FROM audit_log"));
        count.step();
        if (count.integer(0) > 0)
            throw Error(Status::conflict, fmt::format("the audit trail already has {} entries hashed with {}", count.integer(0),
                                                      to_string(store::audit_algorithm(c))));
        {
            sql::Query q(c.prepared("UPDATE meta SET value = ? WHERE key = 'audit_hash'"));
            q.bind(to_string(algorithm)).run();
        }
        if (store::RowImageCapture* images = c.row_images()) images->refresh(); // row digests in the new algorithm
        tx.commit();
    });
}

} // namespace credcheck
