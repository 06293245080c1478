// Turns rows' states before and after into a changeset, by letting SQLite's session extension record
// them: an in-memory database with the replicated tables' shapes (columns and primary keys, nothing
// else) is given the rows' before states, a session is attached, the after states are written, and the
// session's changeset is exactly the change — in SQLite's format, as sqlite3changeset_apply expects it
// on a replica, whose tables have the same columns and keys.
//
// Why not a session on the office's writer: SQLite has one pre-update hook per connection, and the
// office's row-image capture (store/row_images.hpp) holds it. The feed's capture (store/feed_capture.hpp)
// sees every row in that same hook and hands the projected rows here.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <optional>
#include <string>
#include <vector>

#include "store/projection.hpp"
#include "store/sqlite.hpp"

namespace credcheck::store {

class ChangesetBuilder {
public:
    explicit ChangesetBuilder(const std::vector<ReplicatedTable>& tables);
    ~ChangesetBuilder();
    ChangesetBuilder(const ChangesetBuilder&) = delete;
    ChangesetBuilder& operator=(const ChangesetBuilder&) = delete;

    /// A row of table `table` (an index of the tables given) goes from `before` to `after` (nullopt:
    /// absent). At most one change per primary key between two take() calls.
    void change(int table, std::optional<Row> before, std::optional<Row> after);
    std::size_t pending() const noexcept { return changes_.size(); }

    /// The changeset of the changes given since the last take() ("" when nothing changed), and forgets them.
    std::string take();

private:
    struct Pending {
        int table;
        std::optional<Row> before, after;
    };
    struct Statements;
    bool same_key(int table, const Row& a, const Row& b) const;

    std::vector<ReplicatedTable> tables_;
    sql::Connection scratch_;
    std::vector<std::unique_ptr<Statements>> statements_;
    std::vector<Pending> changes_;
};

} // namespace credcheck::store
