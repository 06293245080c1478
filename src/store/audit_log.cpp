#include "store/audit_log.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "credcheck/error.hpp"
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
    if (!q.step()) return DigestAlgorithm::sm3;
    const auto algorithm = parse_digest_algorithm(q.text(0));
    if (!algorithm)
        throw Error(Status::database_error, fmt::format("the audit trail's hash '{}' is not sm3 or sha256: the database was altered outside "
                                                        "credcheck", q.text(0)));
    return *algorithm;
}

void set_audit_algorithm(sql::Connection& c, DigestAlgorithm algorithm) {
    sql::Query q(c.prepared("UPDATE meta SET value = ? WHERE key = 'audit_hash'"));
    q.bind(to_string(algorithm)).run();
}

std::int64_t audit_entry_count(sql::Connection& c) {
    sql::Query q(c.prepared("SELECT count(*) FROM audit_log"));
    q.step();
    return q.integer(0);
}

std::vector<AuditEntry> audit_entries(sql::Connection& c, const AuditQuery& query) {
    sql::Query q(c.prepared("SELECT seq, at, department, role, officer, action, subject, target, details, hash FROM audit_log "
                            "WHERE (?1 = '' OR subject = ?1) AND (?2 = '' OR department = ?2) "
                            "  AND (?3 = '' OR (action = 'check' AND json_extract(details, '$.decision_id') = ?3)) "
                            "  AND (?4 IS NULL OR substr(at, 1, 10) >= ?4) AND (?5 IS NULL OR substr(at, 1, 10) <= ?5) "
                            "ORDER BY seq LIMIT ?6"));
    q.bind(query.subject).bind(query.department).bind(query.decision_id).bind(query.from).bind(query.to)
        .bind(static_cast<std::int64_t>(query.limit));
    std::vector<AuditEntry> out;
    while (q.step())
        out.push_back(AuditEntry{q.integer(0), std::string(q.text(1)), std::string(q.text(2)), std::string(q.text(3)), std::string(q.text(4)),
                                 std::string(q.text(5)), std::string(q.text(6)), std::string(q.text(7)), std::string(q.text(8)),
                                 std::string(q.text(9))});
    return out;
}

void for_each_chain_entry(sql::Connection& c, const std::function<bool(const ChainEntry&)>& visit) {
    sql::Query q(c.prepared("SELECT seq, at, department, role, officer, action, subject, target, details, prev_hash, hash "
                            "FROM audit_log ORDER BY seq"));
    while (q.step())
        if (!visit(ChainEntry{q.integer(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5), q.text(6), q.text(7), q.text(8), q.text(9),
                              q.text(10)}))
            return;
}

std::optional<ChainHead> chain_head(sql::Connection& c) {
    sql::Query q(c.prepared("SELECT seq, at, hash FROM audit_log ORDER BY seq DESC LIMIT 1"));
    if (!q.step()) return std::nullopt;
    return ChainHead{q.integer(0), std::string(q.text(1)), std::string(q.text(2))};
}

ChainPosition chain_position(sql::Connection& c, std::int64_t seq) {
    sql::Query q(c.prepared("SELECT (SELECT count(*) FROM audit_log), (SELECT hash FROM audit_log WHERE seq = ?)"));
    q.bind(seq);
    q.step();
    return ChainPosition{q.integer(0), q.optional_text(1)};
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
