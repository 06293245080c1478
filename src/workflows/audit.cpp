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
    AuditQuery scoped = query;
    scoped.department = department;
    std::vector<AuditEntry> out = store::audit_entries(*store::OpenFile(db).read(), scoped);
    if (!db.principal().sees_full_ids())
        for (AuditEntry& e : out) {
            e.subject = mask_personal_id(e.subject);
            e.target = mask_personal_ids_in_text(e.target);
            e.details = mask_personal_ids_in_text(e.details);
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
    v.algorithm = algorithm;
    std::string previous(64, '0');
    std::int64_t expected = 1;
    std::vector<std::pair<std::int64_t, std::int64_t>> history_ranges;
    std::vector<store::ImagesRef> images;
    const auto broken = [&](std::int64_t seq, std::string why) {
        v.intact = false;
        v.first_broken = seq;
        v.problem = std::move(why);
        return false;
    };
    const auto range_of = [](const nlohmann::json& j) {
        return std::pair<std::int64_t, std::int64_t>{j.value("after", std::int64_t{0}), j.value("up_to", std::int64_t{0})};
    };
    store::for_each_chain_entry(*c, [&](const store::ChainEntry& e) {
        ++v.entries;
        if (e.seq != expected) return broken(expected, fmt::format("entry {} is missing (the next one is {})", expected, e.seq));
        if (e.prev_hash != previous)
            return broken(e.seq, fmt::format("entry {} does not follow entry {}: its previous hash differs (an entry deleted, inserted or moved)",
                                             e.seq, e.seq - 1));
        const std::string canonical =
            store::audit_canonical(e.seq, e.at, e.department, e.role, e.officer, e.action, e.subject, e.target, e.details, e.prev_hash);
        if (digest_hex(algorithm, canonical) != e.hash)
            return broken(e.seq, fmt::format("entry {} was altered: its hash does not match its content", e.seq));
        const auto details = nlohmann::json::parse(e.details, nullptr, false);
        if (details.is_object() && details.contains("history")) {
            const auto [after, up_to] = range_of(details["history"]);
            if (store::history_digest(*c, algorithm, after, up_to) != details["history"].value("digest", std::string()))
                return broken(e.seq, fmt::format("the history rows {}–{} written with entry {} were altered", after + 1, up_to, e.seq));
            history_ranges.emplace_back(after, up_to);
        }
        if (details.is_object() && details.contains("images")) {
            const auto& j = details["images"];
            const auto [after, up_to] = range_of(j);
            store::ImagesRef ref{after, up_to, j.value("rows", std::uint64_t{0}), j.value("digest", std::string())};
            if (store::chunk_digest(*c, algorithm, after, up_to) != ref.digest)
                return broken(e.seq, fmt::format("the row images {}–{} written with entry {} were altered or removed", after + 1, up_to, e.seq));
            images.push_back(std::move(ref));
        }
        previous = e.hash;
        ++expected;
        return true;
    });
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
        if (const std::int64_t entries = store::audit_entry_count(c); entries > 0)
            throw Error(Status::conflict, fmt::format("the audit trail already has {} entries hashed with {}", entries,
                                                      to_string(store::audit_algorithm(c))));
        store::set_audit_algorithm(c, algorithm);
        if (store::RowImageCapture* images = c.row_images()) images->refresh(); // row digests in the new algorithm
        tx.commit();
    });
}

} // namespace credcheck
