// A replica's office data is read-only: on a replica's writer connection an SQLite authorizer refuses
// every statement that would insert, update or delete a row of a replicated table
// (store/projection.hpp), whichever path prepares it — an import, a workflow, a hand-written tool on the
// library — except while a signed feed file is being applied (Applying). The replica's own tables
// (its check log and audit trail, feedback, objections received, exports) stay writable.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <string>
#include <vector>

#include "store/sqlite.hpp"

namespace credcheck::store {

class ReplicaGuard {
public:
    /// Installs the authorizer on `c` (the writer connection of a replica).
    explicit ReplicaGuard(sql::Connection& c);
    ~ReplicaGuard();
    ReplicaGuard(const ReplicaGuard&) = delete;
    ReplicaGuard& operator=(const ReplicaGuard&) = delete;

    /// While alive, the feed's apply may write the replicated tables. Statements prepared meanwhile
    /// must not outlive it (sqlite3changeset_apply prepares and finalizes its own).
    class Applying {
    public:
        explicit Applying(ReplicaGuard& guard) noexcept : guard_(guard) { guard_.applying_ = true; }
        ~Applying() { guard_.applying_ = false; }
        Applying(const Applying&) = delete;
        Applying& operator=(const Applying&) = delete;

    private:
        ReplicaGuard& guard_;
    };

private:
    static int authorize(void* self, int action, const char* table, const char* column, const char* database, const char* trigger);
    sql::Connection& c_;
    std::vector<std::string> tables_;
    bool applying_ = false;
};

} // namespace credcheck::store
