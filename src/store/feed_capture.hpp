// The feed's change capture on the office's writer connection: every row a write inserts, updates or
// deletes in a replicated table (store/projection.hpp) is seen in SQLite's pre-update hook — riding on
// the row-image capture's hook, as a RowObserver, since a connection has only one — and, inside the same
// transaction, before the write's audit entry, turned into a changeset of the projected rows (SQLite's
// session extension records it: store/changeset_builder.hpp) stored in feed_changes. So no committed
// change can be missed: a write whose captured rows were not stored cannot commit.
//
// Before the office's feed has started (its first publish) nothing is held; a write that began before
// the feed started and finishes after is refused (busy: retry it). A replica's writer has no capture:
// it publishes nothing.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/projection.hpp"
#include "store/row_images.hpp"

namespace credcheck::store {

class ChangesetBuilder;

class FeedCapture final : public RowObserver {
public:
    /// The capture for the writer connection `c`, or null when `c`'s database is a replica.
    static std::unique_ptr<FeedCapture> for_connection(sql::Connection& c);
    explicit FeedCapture(sql::Connection& c);
    ~FeedCapture() override;

    /// At the start of a unit of work (DatabaseImpl::write): whether the feed runs, read once, so that
    /// a database without a feed holds no rows at all. Checked again inside the transaction.
    void prepare(sql::Connection& c);

    void on_row(sqlite3* db, int op, const char* table, sqlite3_int64 old_rowid, sqlite3_int64 new_rowid) noexcept override;
    void flush(sql::Connection& c) override;
    bool may_commit() noexcept override;
    void on_transaction_end() noexcept override;
    void refresh(sql::Connection& c) override;

private:
    enum class FeedKnown { not_yet, running, absent };
    void capture(sqlite3* db, int op, int table, sqlite3_int64 old_rowid, sqlite3_int64 new_rowid);
    void store(sql::Connection& c);

    Projection projection_;          // tables only until the feed's person key is known
    bool keyed_ = false;
    std::unique_ptr<ChangesetBuilder> builder_;
    const char* last_name_ = nullptr; // the last table seen (SQLite's pointer) and its index
    int last_index_ = -1;
    struct CapturedRow {
        int table = 0;
        std::optional<Row> old_row, new_row; // before (UPDATE, DELETE) and after (INSERT, UPDATE)
    };
    std::vector<CapturedRow> rows_;   // in the order written
    FeedKnown feed_ = FeedKnown::not_yet; // for this transaction (absent: as prepare() read it)
    bool skipped_ = false;                // rows went unrecorded because the feed was absent
    bool failed_ = false;
    Hasher hasher_{DigestAlgorithm::sm3}; // the rows' SM3 digests (the content digest)
};

} // namespace credcheck::store
