#include "store/audit_log.hpp"

#include <algorithm>

#include "store/row_images.hpp"
#include "util/clock.hpp"

namespace credcheck::store {

namespace {
constexpr char kSeparator = '\x1f';
const std::string kGenesis(64, '0');

std::int64_t max_history_id(sql::Connection& c) {
    sql::Query q(c.prepared("SELECT coalesce(max(id), 0) FROM history"));
    q.step();
    return q.integer(0);
}
} // namespace

std::string audit_canonical(std::int64_t seq, std::string_view at, std::string_view department, std::string_view role,
                            std::string_view officer, std::string_view action, std::string_view subject, std::string_view target,
                            std::string_view details, std::string_view prev_hash) {
    std::string out = std::to_string(seq);
    for (std::string_view field : {at, department, role, officer, action, subject, target, details, prev_hash}) {
        out += kSeparator;
        out += field;
    }
    return out;
}

std::string history_digest(sql::Connection& c, DigestAlgorithm algorithm, std::int64_t after, std::int64_t up_to) {
    sql::Query q(c.prepared("SELECT id, at, actor, source, table_name, row_id, action, coalesce(changes, '') FROM history "
                            "WHERE id > ? AND id <= ? ORDER BY id"));
    q.bind(after).bind(up_to);
    std::string text;
    while (q.step()) {
        text += std::to_string(q.integer(0));
        for (int column : {1, 2, 3, 4}) (text += kSeparator) += q.text(column);
        (text += kSeparator) += std::to_string(q.integer(5));
        for (int column : {6, 7}) (text += kSeparator) += q.text(column);
        text += '\n';
    }
    return digest_hex(algorithm, text);
}

Uncovered history_not_covered(sql::Connection& c, std::vector<std::pair<std::int64_t, std::int64_t>> ranges, std::size_t limit) {
    std::sort(ranges.begin(), ranges.end());
    Uncovered out;
    sql::Query q(c.prepared("SELECT id FROM history ORDER BY id"));
    std::size_t r = 0;
    while (q.step()) {
        const std::int64_t id = q.integer(0);
        while (r < ranges.size() && ranges[r].second < id) ++r;
        if (r < ranges.size() && id > ranges[r].first) continue;
        if (out.first.size() < limit) out.first.push_back(id);
        ++out.total;
    }
    return out;
}

DigestAlgorithm audit_algorithm(sql::Connection& c) {
    sql::Query q(c.prepared("SELECT value FROM meta WHERE key = 'audit_hash'"));
    return q.step() && q.text(0) == "sha256" ? DigestAlgorithm::sha256 : DigestAlgorithm::sm3;
}

void append_audit(sql::Connection& c, const Principal& principal, std::string_view action, std::string_view subject,
                  std::string_view target, nlohmann::ordered_json details, std::string_view at) {
    if (RowImageCapture* capture = c.row_images())
        if (const auto images = capture->take_images())
            details["images"] = {{"after", images->after}, {"up_to", images->up_to}, {"rows", images->rows}, {"digest", images->digest}};
    const std::string details_json = details.dump();
    std::int64_t seq = 1;
    std::string prev = kGenesis;
    {
        sql::Query q(c.prepared("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"));
        if (q.step()) {
            seq = q.integer(0) + 1;
            prev = q.text(1);
        }
    }
    const std::string role(to_string(principal.role));
    const std::string hash = digest_hex(audit_algorithm(c), audit_canonical(seq, at, principal.department, role, principal.officer, action,
                                                                             subject, target, details_json, prev));
    sql::Query q(c.prepared("INSERT INTO audit_log (seq, at, department, role, officer, action, subject, target, details, prev_hash, hash) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.bind(seq).bind(at).bind(principal.department).bind(role).bind(principal.officer).bind(action).bind(subject).bind(target)
        .bind(details_json).bind(prev).bind(hash).run();
}

AuditScope::AuditScope(sql::Connection& c, const Principal& principal, std::string action)
    : c_(c), principal_(principal), action_(std::move(action)), history_before_(max_history_id(c)) {}

void AuditScope::append() {
    const std::int64_t history_now = max_history_id(c_);
    if (history_now > history_before_)
        details["history"] = {{"after", history_before_},
                              {"up_to", history_now},
                              {"digest", history_digest(c_, audit_algorithm(c_), history_before_, history_now)}};
    append_audit(c_, principal_, action_, subject, target, std::move(details), utc_timestamp());
}

} // namespace credcheck::store
