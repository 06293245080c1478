#include "store/replica_guard.hpp"

#include <algorithm>

#include "store/projection.hpp"

namespace credcheck::store {

ReplicaGuard::ReplicaGuard(sql::Connection& c) : c_(c) {
    for (std::string_view name : Projection::table_names()) tables_.emplace_back(name);
    sqlite3_set_authorizer(c_.handle(), &ReplicaGuard::authorize, this);
}

ReplicaGuard::~ReplicaGuard() { sqlite3_set_authorizer(c_.handle(), nullptr, nullptr); }

int ReplicaGuard::authorize(void* self, int action, const char* table, const char*, const char*, const char*) {
    const auto* guard = static_cast<const ReplicaGuard*>(self);
    if (guard->applying_ || table == nullptr) return SQLITE_OK;
    if (action != SQLITE_INSERT && action != SQLITE_UPDATE && action != SQLITE_DELETE) return SQLITE_OK;
    const bool replicated = std::find(guard->tables_.begin(), guard->tables_.end(), table) != guard->tables_.end();
    return replicated ? SQLITE_DENY : SQLITE_OK;
}

} // namespace credcheck::store
