#include "store/feed_capture.hpp"

#include <unordered_map>

#include "credcheck/error.hpp"
#include "store/changeset_builder.hpp"
#include "store/feed_tables.hpp"

namespace credcheck::store {

std::unique_ptr<FeedCapture> FeedCapture::for_connection(sql::Connection& c) {
    if (is_replica(c)) return nullptr;
    return std::make_unique<FeedCapture>(c);
}

FeedCapture::FeedCapture(sql::Connection& c) { refresh(c); }
FeedCapture::~FeedCapture() = default;

void FeedCapture::refresh(sql::Connection& c) {
    const auto state = feed_state(c);
    projection_ = Projection::of(c, state ? std::optional<std::string>(state->person_key) : std::nullopt);
    keyed_ = state.has_value();
    builder_.reset();
    last_name_ = nullptr;
    last_index_ = -1;
}

void FeedCapture::prepare(sql::Connection& c) {
    if (feed_ == FeedKnown::not_yet && rows_.empty() && !c.in_transaction()) feed_ = feed_state(c) ? FeedKnown::running : FeedKnown::absent;
}

void FeedCapture::on_row(sqlite3* db, int op, const char* table, sqlite3_int64 old_rowid, sqlite3_int64 new_rowid) noexcept {
    if (failed_) return;
    if (table != last_name_) {
        last_name_ = table;
        last_index_ = projection_.index_of(table);
    }
    if (last_index_ < 0) return;
    if (feed_ == FeedKnown::absent) {
        skipped_ = true;
        return;
    }
    try {
        capture(db, op, last_index_, old_rowid, new_rowid);
    } catch (...) { // nothing may unwind through SQLite: flush() reports it and the write rolls back
        failed_ = true;
    }
}

void FeedCapture::capture(sqlite3* db, int op, int table, sqlite3_int64, sqlite3_int64) {
    const std::size_t columns = projection_.tables()[static_cast<std::size_t>(table)].columns.size();
    const auto read = [&](bool old_values) {
        Row row(columns);
        for (std::size_t i = 0; i < columns; ++i) {
            sqlite3_value* v = nullptr;
            const int rc = old_values ? sqlite3_preupdate_old(db, static_cast<int>(i), &v) : sqlite3_preupdate_new(db, static_cast<int>(i), &v);
            if (rc != SQLITE_OK || v == nullptr) throw Error(Status::internal, "a replicated row's value could not be read");
            row[i] = Value::of(v);
        }
        return row;
    };
    CapturedRow captured{table, std::nullopt, std::nullopt};
    if (op != SQLITE_INSERT) captured.old_row = read(true);
    if (op != SQLITE_DELETE) captured.new_row = read(false);
    rows_.push_back(std::move(captured));
}

void FeedCapture::flush(sql::Connection& c) {
    if (failed_) throw Error(Status::out_of_memory, "the feed's change capture could not record a row of this write");
    if (skipped_ && feed_state(c))
        throw Error(Status::busy, "the office's feed started while this write ran, and the write's rows were not captured for it: "
                                  "run the write again");
    skipped_ = false;
    if (rows_.empty()) return;
    if (feed_ == FeedKnown::not_yet) {
        const auto state = feed_state(c);
        feed_ = state ? FeedKnown::running : FeedKnown::absent;
    }
    if (feed_ == FeedKnown::running && !keyed_) refresh(c); // started since this capture read the schema
    if (feed_ == FeedKnown::absent) {
        rows_.clear();
        rows_.shrink_to_fit();
        return;
    }
    store(c);
}

namespace {

/// A row's table and key as bytes, for telling rows apart.
std::string key_of(int table, const ReplicatedTable& t, const Row& row) {
    Row key;
    key.reserve(t.key.size());
    for (int k : t.key) key.push_back(row[static_cast<std::size_t>(k)]);
    std::string out(1, static_cast<char>(table));
    append_row(out, key);
    return out;
}

void append_digest(std::string& out, char sign, const Digest& d) {
    out += sign;
    out.append(reinterpret_cast<const char*>(d.data()), d.size());
}

} // namespace

void FeedCapture::store(sql::Connection& c) {
    // Net the captured rows per key: the row's state before the first write and after the last.
    struct Net {
        int table;
        std::optional<Row> before, after;
    };
    std::vector<Net> nets; // in the order first written
    std::unordered_map<std::string, std::size_t> index;
    index.reserve(rows_.size());
    const auto touch = [&](int table, const Row& row, bool existed_before) -> Net& {
        const auto [it, added] = index.try_emplace(key_of(table, projection_.tables()[static_cast<std::size_t>(table)], row), nets.size());
        if (added) nets.push_back(Net{table, existed_before ? std::optional<Row>(row) : std::nullopt, std::nullopt});
        return nets[it->second];
    };
    for (CapturedRow& r : rows_) {
        if (r.old_row) touch(r.table, *r.old_row, true).after.reset();
        if (r.new_row) touch(r.table, *r.new_row, false).after = std::move(r.new_row);
    }
    rows_.clear();

    if (!builder_) builder_ = std::make_unique<ChangesetBuilder>(projection_.tables());
    std::string digests;
    std::int64_t changed = 0;
    for (Net& n : nets) {
        const ReplicatedTable& t = projection_.tables()[static_cast<std::size_t>(n.table)];
        std::optional<Row> before = n.before ? std::optional<Row>(projection_.project(t, *n.before)) : std::nullopt;
        std::optional<Row> after = n.after ? std::optional<Row>(projection_.project(t, *n.after)) : std::nullopt;
        if (before && after && *before == *after) continue; // only columns a replica does not receive changed
        if (!before && !after) continue;
        if (before) append_digest(digests, '-', row_digest(hasher_, t.name, *before));
        if (after) append_digest(digests, '+', row_digest(hasher_, t.name, *after));
        builder_->change(n.table, std::move(before), std::move(after));
        ++changed;
    }
    if (changed == 0) return;
    const std::string changeset = builder_->take();
    store_captured_changes(c, changeset, digests, changed);
}

bool FeedCapture::may_commit() noexcept {
    // Rows captured after the transaction's last flush, with the feed running: they would be missed.
    return !(feed_ == FeedKnown::running && !rows_.empty()) && !failed_;
}

void FeedCapture::on_transaction_end() noexcept {
    rows_.clear();
    feed_ = FeedKnown::not_yet;
    skipped_ = false;
    failed_ = false;
}

} // namespace credcheck::store
