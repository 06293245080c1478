// Reading the rows of replicated tables as they are stored (the office's, to project them; a
// replica's, to digest them), by table or by primary key, and the newest audit entry a manifest names.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "store/projection.hpp"
#include "store/sqlite.hpp"

namespace credcheck::store {

/// Calls `f(row)` for every row of `table` (columns in schema order).
void each_stored_row(sql::Connection& c, const ReplicatedTable& table, const std::function<void(const Row&)>& f);

/// Looks rows up by primary key, one prepared statement per table.
class RowFinder {
public:
    RowFinder(sql::Connection& c, const std::vector<ReplicatedTable>& tables);
    /// The row of table `index` whose key columns hold `row`'s key values (the other values are ignored).
    std::optional<Row> find(std::size_t index, const Row& row);

private:
    sql::Connection& c_;
    const std::vector<ReplicatedTable>& tables_;
    std::vector<std::unique_ptr<sql::Statement>> statements_;
};

/// The newest audit entry's seq and hash (0 and "" for an empty trail).
std::pair<std::int64_t, std::string> audit_head(sql::Connection& c);

} // namespace credcheck::store
