// The C ABI of department replicas: a thin translation of credcheck/feed.hpp and credcheck/returns.hpp.
#define CREDCHECK_BUILDING 1
#include "credcheck.h"

#include "capi_internal.hpp"
#include "credcheck/feed.hpp"
#include "credcheck/returns.hpp"

using credcheck::capi::guarded;
using credcheck::capi::misuse;
using credcheck::capi::output_size;
using credcheck::capi::write_struct;

namespace {

constexpr std::size_t kReplicaStatusV1 = CREDCHECK_FIRST_LAYOUT_SIZE(credcheck_replica_status, files_applied);

/// The strings of the calling thread's last replica status.
struct StatusTexts {
    std::string data_as_of, expires_at, feed_id, publisher, content_sm3;
};
thread_local StatusTexts status_texts;

void fill(credcheck_replica_status* out, std::size_t size, const credcheck::ReplicaStatus& s) {
    status_texts = StatusTexts{s.data_as_of, s.expires_at, s.feed_id, s.publisher, s.content_sm3};
    credcheck_replica_status r{};
    r.sequence = s.sequence;
    r.data_version = s.data_version;
    r.data_as_of = status_texts.data_as_of.c_str();
    r.expires_at = status_texts.expires_at.c_str();
    r.expired = s.expired ? 1 : 0;
    r.lag_seconds = s.lag.count();
    r.feed_id = status_texts.feed_id.c_str();
    r.publisher = status_texts.publisher.c_str();
    r.content_sm3 = status_texts.content_sm3.c_str();
    r.files_applied = s.files_applied;
    write_struct(out, size, r);
}

} // namespace

extern "C" {

int credcheck_replica_init(const char* replica_path, const char* snapshot_path, const char* trusted_key_path) {
    return guarded("credcheck_replica_init", [&]() -> int {
        if (replica_path == nullptr || snapshot_path == nullptr || trusted_key_path == nullptr)
            throw misuse("credcheck_replica_init", "replica_path, snapshot_path and trusted_key_path must not be NULL");
        credcheck::ReplicaInitOptions options;
        options.snapshot = snapshot_path;
        options.trusted_key = trusted_key_path;
        credcheck::init_replica(replica_path, options);
        return CREDCHECK_OK;
    });
}

int credcheck_replica_apply(long long* out_applied, credcheck_replica_status* status, credcheck_db* db, const char* path) {
    if (out_applied != nullptr) *out_applied = 0;
    return guarded("credcheck_replica_apply", [&]() -> int {
        const std::size_t size =
            status != nullptr ? output_size(status, kReplicaStatusV1, "credcheck_replica_apply", "CREDCHECK_REPLICA_STATUS_INIT") : 0;
        if (db == nullptr || path == nullptr) throw misuse("credcheck_replica_apply", "db and path must not be NULL");
        const credcheck::ApplyReport report = credcheck::apply_feed(credcheck::capi::of(db)->db, path);
        long long applied = 0;
        for (const auto& f : report.files) applied += f.applied ? 1 : 0;
        if (out_applied != nullptr) *out_applied = applied;
        if (status != nullptr) fill(status, size, report.status);
        return CREDCHECK_OK;
    });
}

int credcheck_replica_get_status(credcheck_replica_status* out, credcheck_db* db) {
    return guarded("credcheck_replica_get_status", [&]() -> int {
        const std::size_t size = output_size(out, kReplicaStatusV1, "credcheck_replica_get_status", "CREDCHECK_REPLICA_STATUS_INIT");
        if (db == nullptr) throw misuse("credcheck_replica_get_status", "db must not be NULL");
        fill(out, size, credcheck::replica_status(credcheck::capi::of(db)->db));
        return CREDCHECK_OK;
    });
}

int credcheck_outbox_export(long long* out_sequence, long long* out_items, credcheck_db* db, const char* key_path, const char* path) {
    if (out_sequence != nullptr) *out_sequence = 0;
    if (out_items != nullptr) *out_items = 0;
    return guarded("credcheck_outbox_export", [&]() -> int {
        if (db == nullptr || key_path == nullptr || path == nullptr)
            throw misuse("credcheck_outbox_export", "db, key_path and path must not be NULL");
        credcheck::OutboxOptions options;
        options.key = key_path;
        options.file = path;
        const credcheck::OutboxInfo info = credcheck::export_outbox(credcheck::capi::of(db)->db, options);
        if (out_sequence != nullptr) *out_sequence = info.sequence;
        if (out_items != nullptr) *out_items = info.checks + info.feedback + info.objections;
        return CREDCHECK_OK;
    });
}

} // extern "C"
