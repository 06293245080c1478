#include "store/row_images.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <stop_token>
#include <thread>
#include <fmt/format.h>
#include <unordered_map>

#include "credcheck/citizen_id.hpp"
#include "credcheck/error.hpp"
#include "store/audit_log.hpp"

namespace credcheck::store {

namespace {

constexpr char kUnit = '\x1f', kRecord = '\x1e';
constexpr std::string_view kChunkMagic = "CCI1";
constexpr std::uint64_t kRowsPerChunk = 65536;
constexpr std::uint8_t kImage = 1, kDeleted = 0;
constexpr std::size_t kMaxProblems = 100;

bool vouched(std::string_view table) {
    return table != "meta" && table != "audit_log" && table != "history" && table != "audit_images" && !table.starts_with("sqlite_");
}

void append_u8(std::string& out, std::size_t v) { out += static_cast<char>(static_cast<std::uint8_t>(v)); }

} // namespace

std::vector<TableShape> vouched_tables(sql::Connection& c) {
    std::vector<TableShape> out;
    {
        auto q = c.prepare_once("SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' ORDER BY name");
        sql::Query rows(*q);
        while (rows.step()) {
            if (!vouched(rows.text(0))) continue;
            TableShape t;
            t.name = rows.text(0);
            t.without_rowid = rows.integer(1) != 0;
            out.push_back(std::move(t));
        }
    }
    for (TableShape& t : out) {
        auto q = c.prepare_once("SELECT name, pk FROM pragma_table_info(?) ORDER BY cid");
        sql::Query columns(*q);
        columns.bind(t.name);
        std::vector<std::pair<std::int64_t, int>> key;
        while (columns.step()) {
            if (columns.integer(1) > 0) key.emplace_back(columns.integer(1), static_cast<int>(t.columns.size()));
            t.columns.emplace_back(columns.text(0));
        }
        std::sort(key.begin(), key.end());
        if (t.without_rowid)
            for (const auto& [position, column] : key) t.key_columns.push_back(column);
        if (t.columns.size() > 255 || t.name.size() > 255) throw Error(Status::internal, fmt::format("table {} cannot be imaged", t.name));
    }
    if (out.size() > 255) throw Error(Status::internal, "too many tables to image");
    return out;
}

// ---- the canonical text -------------------------------------------------------------------------

namespace {

void append_u32(std::string& out, std::uint32_t v) {
    char b[4] = {static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16), static_cast<char>(v >> 24)};
    out.append(b, 4);
}

void append_u64(std::string& out, std::uint64_t v) {
    char b[8];
    for (int i = 0; i < 8; ++i) b[i] = static_cast<char>(v >> (8 * i));
    out.append(b, 8);
}

std::uint64_t read_u64(std::string_view s) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<std::uint8_t>(s[static_cast<std::size_t>(i)]);
    return v;
}

} // namespace

void RowText::begin(std::string_view table) {
    start_ = out_.size();
    out_.append(table);
    out_ += '\0';
    out_ += '\0'; // the key's length, set by end_key()
    key_start_ = key_end_ = out_.size();
}

void RowText::key_rowid(std::int64_t rowid) {
    out_ += 'I';
    append_u64(out_, static_cast<std::uint64_t>(rowid));
}

void RowText::key_value(sqlite3_value* v) { value(v); }

void RowText::end_key() {
    key_end_ = out_.size();
    const std::size_t n = key_end_ - key_start_;
    if (n > 255) throw Error(Status::internal, fmt::format("a key of {} bytes cannot be imaged", n));
    out_[key_start_ - 1] = static_cast<char>(n);
}

void RowText::column(std::size_t index, sqlite3_value* v) {
    if (sqlite3_value_type(v) == SQLITE_NULL) return;
    out_ += static_cast<char>(index);
    value(v);
}

void RowText::value(sqlite3_value* v) {
    switch (sqlite3_value_type(v)) {
    case SQLITE_NULL: out_ += 'N'; return;
    case SQLITE_INTEGER:
        out_ += 'I';
        append_u64(out_, static_cast<std::uint64_t>(sqlite3_value_int64(v)));
        return;
    case SQLITE_FLOAT: {
        const double d = sqlite3_value_double(v);
        std::uint64_t bits = 0;
        std::memcpy(&bits, &d, sizeof bits);
        out_ += 'R';
        append_u64(out_, bits);
        return;
    }
    case SQLITE_BLOB: {
        const auto* p = static_cast<const char*>(sqlite3_value_blob(v));
        const auto n = static_cast<std::uint32_t>(sqlite3_value_bytes(v));
        out_ += 'B';
        append_u32(out_, n);
        if (n > 0) out_.append(p, n);
        return;
    }
    default: {
        const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
        const auto n = static_cast<std::uint32_t>(sqlite3_value_bytes(v));
        out_ += 'T';
        append_u32(out_, n);
        if (n > 0) out_.append(p, n);
        return;
    }
    }
}

std::string_view key_of_row_text(std::string_view text) {
    const std::size_t nul = text.find('\0');
    if (nul == std::string_view::npos || nul + 1 >= text.size()) throw Error(Status::internal, "a row text without a key");
    const std::size_t n = static_cast<std::uint8_t>(text[nul + 1]);
    return text.substr(nul + 2, n);
}

// ---- hashing off the writer's thread --------------------------------------------------------------

/// Digests rows on a thread of its own. The writer queues batches of canonical row texts; the thread
/// turns each into encoded images (table, key, digest), in the order the rows were written. A reset
/// (commit or rollback) discards whatever was queued: a generation number tells old work from new.
class ImageHasher {
public:
    explicit ImageHasher(DigestAlgorithm algorithm) : algorithm_(algorithm), thread_([this](std::stop_token stop) { run(stop); }) {}
    ~ImageHasher() {
        thread_.request_stop();
        wake_.notify_all();
    }

    DigestAlgorithm algorithm() const noexcept { return algorithm_; }

    /// The buffer a row is appended to in place: start_row(), the row's canonical text (RowText on
    /// batch()), end_row().
    std::string& batch() noexcept { return batch_; }
    void start_row(std::uint8_t table, bool deleted) {
        row_start_ = batch_.size();
        append_u8(batch_, table);
        append_u8(batch_, deleted ? kDeleted : kImage);
        append_u32(batch_, 0); // the text's length, set by end_row()
    }
    void end_row() {
        const auto n = static_cast<std::uint32_t>(batch_.size() - row_start_ - 6);
        for (int i = 0; i < 4; ++i) batch_[row_start_ + 2 + static_cast<std::size_t>(i)] = static_cast<char>(n >> (8 * i));
        ++batch_rows_;
        if (batch_.size() >= kBatchBytes) hand_off();
    }
    /// Forgets a row begun and not ended (its capture failed).
    void drop_row() noexcept { batch_.resize(row_start_); }

    /// Images computed and not yet taken, waiting for every row added so far.
    std::uint64_t pending_rows() const noexcept { return queued_rows_ + batch_rows_; }

    /// Every image of the rows added so far, encoded, in order; clears them. Throws what hashing threw.
    std::string take() {
        hand_off();
        std::unique_lock lock(mutex_);
        drained_.wait(lock, [&] { return queue_.empty() && !busy_; });
        if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
        queued_rows_ = 0;
        return std::exchange(done_, std::string());
    }

    /// Forgets everything queued or done (the transaction ended).
    void reset() noexcept {
        batch_.clear();
        batch_rows_ = 0;
        std::lock_guard lock(mutex_);
        ++generation_;
        queue_.clear();
        done_.clear();
        queued_rows_ = 0;
        failure_ = nullptr;
    }

private:
    static constexpr std::size_t kBatchBytes = 1 << 18;

    void hand_off() {
        if (batch_.empty()) return;
        {
            std::unique_lock lock(mutex_);
            // At most a few batches wait: a writer faster than the hashing waits for it, memory stays bounded.
            drained_.wait(lock, [&] { return queue_.size() < 8; });
            queue_.push_back(Work{generation_, std::exchange(batch_, std::string())});
            queued_rows_ += batch_rows_;
        }
        batch_rows_ = 0;
        wake_.notify_one();
    }

    void run(std::stop_token stop) {
        Hasher hasher(algorithm_);
        std::unique_lock lock(mutex_);
        while (true) {
            wake_.wait(lock, stop, [&] { return !queue_.empty(); });
            if (queue_.empty()) return; // stopped
            Work work = std::move(queue_.front());
            queue_.pop_front();
            busy_ = true;
            lock.unlock();
            std::string out;
            std::exception_ptr failure;
            try {
                out = digest_batch(hasher, work.rows);
            } catch (...) {
                failure = std::current_exception();
            }
            lock.lock();
            busy_ = false;
            if (work.generation == generation_) {
                done_ += out;
                if (failure && !failure_) failure_ = failure;
            }
            drained_.notify_all();
        }
    }

    static std::string digest_batch(Hasher& hasher, std::string_view rows) {
        std::string out;
        out.reserve(rows.size() / 4);
        std::size_t at = 0;
        while (at + 6 <= rows.size()) {
            const auto table = static_cast<std::uint8_t>(rows[at]);
            const auto kind = static_cast<std::uint8_t>(rows[at + 1]);
            std::uint32_t n = 0;
            for (int i = 3; i >= 0; --i) n = (n << 8) | static_cast<std::uint8_t>(rows[at + 2 + static_cast<std::size_t>(i)]);
            const std::string_view text = rows.substr(at + 6, n);
            at += 6 + n;
            const std::string_view key = key_of_row_text(text);
            append_u8(out, table);
            append_u8(out, key.size());
            out.append(key);
            append_u8(out, kind);
            if (kind == kImage) {
                const Digest d = hasher.update(text).finish();
                out.append(reinterpret_cast<const char*>(d.data()), d.size());
            }
        }
        return out;
    }

    struct Work {
        std::uint64_t generation;
        std::string rows;
    };
    const DigestAlgorithm algorithm_;
    std::string batch_; // the writer's, not yet handed off
    std::size_t row_start_ = 0;
    std::uint64_t batch_rows_ = 0;
    std::uint64_t queued_rows_ = 0; // handed off since the last take()
    std::mutex mutex_;
    std::condition_variable_any wake_, drained_;
    std::deque<Work> queue_;
    std::string done_;
    bool busy_ = false;
    std::uint64_t generation_ = 0;
    std::exception_ptr failure_;
    std::jthread thread_; // last: started once everything it uses exists
};

// ---- capture ------------------------------------------------------------------------------------

RowImageCapture::RowImageCapture(sql::Connection& c) : c_(c) {
    refresh();
    sqlite3_preupdate_hook(c_.handle(), &RowImageCapture::on_preupdate, this);
    sqlite3_commit_hook(c_.handle(), &RowImageCapture::on_commit, this);
    sqlite3_rollback_hook(c_.handle(), &RowImageCapture::on_rollback, this);
}

RowImageCapture::~RowImageCapture() {
    sqlite3_preupdate_hook(c_.handle(), nullptr, nullptr);
    sqlite3_commit_hook(c_.handle(), nullptr, nullptr);
    sqlite3_rollback_hook(c_.handle(), nullptr, nullptr);
}

void RowImageCapture::refresh() {
    spill();
    tables_ = vouched_tables(c_);
    if (observer_) observer_->refresh(c_);
    last_name_ = nullptr;
    bool has_meta = false;
    {
        sql::Query q(c_.prepared("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'meta'"));
        has_meta = q.step();
    }
    algorithm_ = has_meta ? audit_algorithm(c_) : DigestAlgorithm::sm3; // a file being created has no setting yet
    if (!hasher_ || hasher_->algorithm() != algorithm_) {
        hasher_ = std::make_unique<ImageHasher>(algorithm_);
        chunks_digest_.emplace(algorithm_);
    }
}

void RowImageCapture::on_preupdate(void* self, sqlite3*, int op, const char* database, const char* table, sqlite3_int64 old_rowid,
                                   sqlite3_int64 new_rowid) {
    if (std::string_view(database) != "main") return;
    auto* capture = static_cast<RowImageCapture*>(self);
    if (capture->observer_) capture->observer_->on_row(capture->c_.handle(), op, table, old_rowid, new_rowid);
    if (capture->failed_) return;
    try {
        capture->capture(op, table, old_rowid, new_rowid);
    } catch (...) { // nothing may unwind through SQLite: take_images() reports it and the write rolls back
        capture->failed_ = true;
    }
}

void RowImageCapture::capture(int op, const char* table_name, sqlite3_int64 old_rowid, sqlite3_int64 new_rowid) {
    // SQLite passes its own copy of the table's name, the same pointer for every row of a statement:
    // remember the last one found instead of comparing names on every row.
    if (table_name != last_name_) {
        const auto it = std::find_if(tables_.begin(), tables_.end(), [&](const TableShape& t) { return t.name == table_name; });
        last_name_ = table_name;
        last_index_ = it == tables_.end() ? -1 : static_cast<int>(it - tables_.begin());
    }
    if (last_index_ < 0) return; // not vouched
    const auto index = static_cast<std::uint8_t>(last_index_);
    const TableShape& t = tables_[index];
    sqlite3* db = c_.handle();
    const auto write_key = [&](RowText& row, bool old_values, sqlite3_int64 rowid) {
        row.begin(t.name);
        if (!t.without_rowid) {
            row.key_rowid(rowid);
        } else {
            for (int column : t.key_columns) {
                sqlite3_value* v = nullptr;
                if ((old_values ? sqlite3_preupdate_old(db, column, &v) : sqlite3_preupdate_new(db, column, &v)) != SQLITE_OK)
                    throw Error(Status::internal, fmt::format("no key value of {}", t.name));
                row.key_value(v);
            }
        }
        row.end_key();
    };
    if (op == SQLITE_DELETE) {
        add(index, true, [&](RowText& row) { write_key(row, true, old_rowid); });
        return;
    }
    if (op == SQLITE_UPDATE) {
        // When the key itself changed, the row under the old key is gone.
        scratch_.clear();
        RowText old_key(scratch_), new_key(scratch_);
        write_key(old_key, true, old_rowid);
        const std::string before(old_key.key());
        write_key(new_key, false, new_rowid);
        if (before != new_key.key()) add(index, true, [&](RowText& row) { write_key(row, true, old_rowid); });
    }
    add(index, false, [&](RowText& row) {
        write_key(row, false, new_rowid);
        const int n = sqlite3_preupdate_count(db);
        for (int i = 0; i < n && i < static_cast<int>(t.columns.size()); ++i) {
            sqlite3_value* v = nullptr;
            if (sqlite3_preupdate_new(db, i, &v) != SQLITE_OK) throw Error(Status::internal, fmt::format("no new value of {}", t.name));
            row.column(static_cast<std::size_t>(i), v);
        }
    });
}

template <class WriteRow> void RowImageCapture::add(std::uint8_t table, bool deleted, WriteRow&& write_row) {
    hasher_->start_row(table, deleted);
    try {
        RowText row(hasher_->batch());
        write_row(row);
    } catch (...) {
        hasher_->drop_row();
        throw;
    }
    hasher_->end_row();
    ++rows_;
}

void RowImageCapture::spill_if_large() {
    if (hasher_->pending_rows() >= kRowsPerChunk) spill();
}

void RowImageCapture::spill() {
    if (observer_) observer_->flush(c_);
    if (!hasher_ || hasher_->pending_rows() == 0) return;
    if (failed_) throw Error(Status::out_of_memory, "the row images of this write could not be captured");
    const std::string images = hasher_->take();
    std::string chunk(kChunkMagic);
    append_u8(chunk, tables_.size());
    for (const TableShape& t : tables_) {
        append_u8(chunk, t.name.size());
        chunk += t.name;
    }
    chunk += images;
    sql::Query q(c_.prepared("INSERT INTO audit_images (images) VALUES (?)"));
    q.bind_blob(chunk).run();
    last_chunk_ = c_.last_insert_rowid();
    if (first_chunk_ == 0) first_chunk_ = last_chunk_;
    chunks_digest_->update(chunk);
}

std::optional<ImagesRef> RowImageCapture::take_images() {
    if (observer_) observer_->flush(c_); // its rows are written, and imaged, before the entry vouches for them
    if (failed_) throw Error(Status::out_of_memory, "the row images of this write could not be captured");
    if (rows_ == 0) return std::nullopt;
    if (audit_algorithm(c_) != algorithm_) throw Error(Status::internal, "the audit trail's algorithm changed under the row-image capture");
    spill();
    ImagesRef ref{first_chunk_ - 1, last_chunk_, rows_, to_hex(chunks_digest_->finish())};
    first_chunk_ = last_chunk_ = 0;
    rows_ = 0;
    return ref;
}

namespace {

/// Calls `f(row)` for every stored row of `t`, with the row's canonical text written by `text(row)`:
/// the one reading of stored rows, for a migration's baseline and for the verification.
template <class F> void each_stored_row(sql::Connection& c, const TableShape& t, F&& f) {
    auto statement = c.prepare_once(fmt::format("SELECT {}* FROM \"{}\"", t.without_rowid ? "" : "rowid, ", t.name));
    sql::Query q(*statement);
    const int first = t.without_rowid ? 0 : 1;
    while (q.step()) {
        sqlite3_stmt* s = q.handle_for_values();
        f([&](RowText& row) {
            row.begin(t.name);
            if (t.without_rowid)
                for (int column : t.key_columns) row.key_value(sqlite3_column_value(s, column));
            else
                row.key_rowid(sqlite3_column_int64(s, 0));
            row.end_key();
            for (std::size_t i = 0; i < t.columns.size(); ++i) row.column(i, sqlite3_column_value(s, first + static_cast<int>(i)));
        });
    }
}

} // namespace

void RowImageCapture::image_every_row() {
    for (std::size_t index = 0; index < tables_.size(); ++index) {
        each_stored_row(c_, tables_[index], [&](const auto& text) {
            add(static_cast<std::uint8_t>(index), false, text);
            spill_if_large();
        });
    }
}

int RowImageCapture::on_commit(void* self) {
    auto* capture = static_cast<RowImageCapture*>(self);
    if (capture->observer_ && !capture->observer_->may_commit()) return 1; // SQLite rolls back instead
    if (capture->rows_ > 0) ++capture->unvouched_commits_;
    capture->reset();
    return 0;
}

void RowImageCapture::on_rollback(void* self) { static_cast<RowImageCapture*>(self)->reset(); }

void RowImageCapture::reset() noexcept {
    if (observer_) observer_->on_transaction_end();
    if (hasher_) hasher_->reset();
    rows_ = 0;
    first_chunk_ = last_chunk_ = 0;
    failed_ = false;
    if (chunks_digest_) {
        try {
            chunks_digest_->finish(); // start afresh
        } catch (...) {
        }
    }
}

// ---- verification -------------------------------------------------------------------------------

std::string chunk_digest(sql::Connection& c, DigestAlgorithm algorithm, std::int64_t after, std::int64_t up_to) {
    Hasher h(algorithm);
    sql::Query q(c.prepared("SELECT images FROM audit_images WHERE id > ? AND id <= ? ORDER BY id"));
    q.bind(after).bind(up_to);
    while (q.step()) h.update(q.blob(0));
    return to_hex(h.finish());
}

namespace {

/// One decoded chunk's images, handed to `on_image(table, key, digest-or-null)`.
template <class OnImage> void decode_chunk(std::string_view chunk, std::int64_t id, OnImage&& on_image) {
    const auto bad = [&] { return Error(Status::database_error, fmt::format("row image chunk {} is malformed", id)); };
    if (!chunk.starts_with(kChunkMagic)) throw bad();
    std::size_t at = kChunkMagic.size();
    const auto byte = [&]() -> std::size_t {
        if (at >= chunk.size()) throw bad();
        return static_cast<std::uint8_t>(chunk[at++]);
    };
    const auto bytes = [&](std::size_t n) {
        if (at + n > chunk.size()) throw bad();
        const auto out = chunk.substr(at, n);
        at += n;
        return out;
    };
    std::vector<std::string_view> tables(byte());
    for (auto& name : tables) name = bytes(byte());
    while (at < chunk.size()) {
        const std::size_t table = byte();
        if (table >= tables.size()) throw bad();
        const std::string_view key = bytes(byte());
        const std::size_t kind = byte();
        if (kind == kImage) {
            Digest d{};
            const auto raw = bytes(d.size());
            std::copy(raw.begin(), raw.end(), reinterpret_cast<char*>(d.data()));
            on_image(tables[table], key, &d);
        } else if (kind == kDeleted) {
            on_image(tables[table], key, nullptr);
        } else {
            throw bad();
        }
    }
}


/// "subjects row 17", "entry_persons row 5/7" — the key as a message shows it (ID numbers masked).
std::string row_name(std::string_view table, std::string_view key) {
    std::string shown;
    std::size_t at = 0;
    while (at < key.size()) {
        if (!shown.empty()) shown += '/';
        const char type = key[at++];
        if ((type == 'I' || type == 'R') && at + 8 <= key.size()) {
            const std::uint64_t bits = read_u64(key.substr(at, 8));
            if (type == 'I') {
                shown += std::to_string(static_cast<std::int64_t>(bits));
            } else {
                double d = 0;
                std::memcpy(&d, &bits, sizeof d);
                shown += fmt::format("{}", d);
            }
            at += 8;
        } else if ((type == 'T' || type == 'B') && at + 4 <= key.size()) {
            std::uint32_t n = 0;
            for (int i = 3; i >= 0; --i) n = (n << 8) | static_cast<std::uint8_t>(key[at + static_cast<std::size_t>(i)]);
            at += 4;
            shown.append(key.substr(at, n));
            at += n;
        } else {
            shown += "NULL";
        }
    }
    return fmt::format("{} row {}", table, mask_personal_ids_in_text(shown));
}

} // namespace

namespace {

/// The last image recorded for every row, compactly: the keys in one arena, one fixed-size entry per
/// image, sorted by (table, key) with later images after earlier ones. About 60 bytes an image.
class LastImages {
public:
    void add(std::string_view table, std::string_view key, const Digest* digest) {
        Entry e{};
        e.table = table_id(table);
        e.offset = static_cast<std::uint32_t>(keys_.size());
        e.length = static_cast<std::uint8_t>(key.size());
        e.order = static_cast<std::uint32_t>(entries_.size());
        e.deleted = digest == nullptr;
        if (digest) e.digest = *digest;
        keys_.append(key);
        entries_.push_back(e);
    }

    /// Sorts, keeps the last image of each row.
    void settle() {
        std::sort(entries_.begin(), entries_.end(), [&](const Entry& a, const Entry& b) {
            if (a.table != b.table) return a.table < b.table;
            if (const int c = key(a).compare(key(b)); c != 0) return c < 0;
            return a.order < b.order;
        });
        std::vector<Entry> last;
        last.reserve(entries_.size());
        for (std::size_t i = 0; i < entries_.size(); ++i)
            if (i + 1 == entries_.size() || entries_[i + 1].table != entries_[i].table || key(entries_[i + 1]) != key(entries_[i]))
                last.push_back(entries_[i]);
        entries_.swap(last);
        seen_.assign(entries_.size(), false);
    }

    /// The last image of the row, marked seen; nullptr when the trail has none.
    const Digest* find(std::string_view table, std::string_view row_key, bool& deleted) {
        const auto t = tables_.find(std::string(table));
        if (t == tables_.end()) return nullptr;
        const auto it = std::lower_bound(entries_.begin(), entries_.end(), std::pair(t->second, row_key), [&](const Entry& e, const auto& k) {
            return e.table != k.first ? e.table < k.first : key(e) < k.second;
        });
        if (it == entries_.end() || it->table != t->second || key(*it) != row_key) return nullptr;
        seen_[static_cast<std::size_t>(it - entries_.begin())] = true;
        deleted = it->deleted;
        return &it->digest;
    }

    /// Every row the trail has an image of, not deleted, and not seen: (table, key).
    template <class F> void each_unseen(F&& f) const {
        std::vector<std::string_view> names(tables_.size());
        for (const auto& [name, id] : tables_) names[id] = name;
        for (std::size_t i = 0; i < entries_.size(); ++i)
            if (!seen_[i] && !entries_[i].deleted) f(names[entries_[i].table], key(entries_[i]));
    }

private:
    struct Entry {
        std::uint32_t offset, order;
        std::uint16_t table;
        std::uint8_t length;
        bool deleted;
        Digest digest;
    };
    std::string_view key(const Entry& e) const { return std::string_view(keys_).substr(e.offset, e.length); }
    std::uint16_t table_id(std::string_view name) {
        const auto [it, added] = tables_.try_emplace(std::string(name), static_cast<std::uint16_t>(tables_.size()));
        return it->second;
    }
    std::unordered_map<std::string, std::uint16_t> tables_;
    std::string keys_;
    std::vector<Entry> entries_;
    std::vector<bool> seen_;
};

} // namespace

DataCheck check_data(sql::Connection& c, DigestAlgorithm algorithm, const std::vector<ImagesRef>& refs) {
    DataCheck out;
    const auto problem = [&](std::string text) {
        if (out.problems.size() < kMaxProblems) out.problems.push_back(std::move(text));
        ++out.problems_total;
    };
    // The last image of every row, oldest chunk first so that later images replace earlier ones.
    LastImages last;
    std::vector<std::pair<std::int64_t, std::int64_t>> covered;
    for (const ImagesRef& ref : refs) {
        covered.emplace_back(ref.after, ref.up_to);
        sql::Query q(c.prepared("SELECT id, images FROM audit_images WHERE id > ? AND id <= ? ORDER BY id"));
        q.bind(ref.after).bind(ref.up_to);
        while (q.step())
            decode_chunk(q.blob(1), q.integer(0), [&](std::string_view table, std::string_view key, const Digest* d) {
                ++out.images;
                last.add(table, key, d);
            });
    }
    last.settle();
    {
        // Chunks no audit entry names were added behind the trail's back.
        std::sort(covered.begin(), covered.end());
        sql::Query q(c.prepared("SELECT id FROM audit_images ORDER BY id"));
        std::size_t r = 0;
        while (q.step()) {
            const std::int64_t id = q.integer(0);
            while (r < covered.size() && covered[r].second < id) ++r;
            if (r == covered.size() || id <= covered[r].first) problem(fmt::format("row image chunk {} belongs to no audit entry", id));
        }
    }
    Hasher hasher(algorithm);
    std::string buffer;
    for (const TableShape& t : vouched_tables(c)) {
        each_stored_row(c, t, [&](const auto& text) {
            buffer.clear();
            RowText row(buffer);
            text(row);
            ++out.rows;
            bool deleted = false;
            const Digest* image = last.find(t.name, row.key(), deleted);
            if (!image || deleted) {
                problem(fmt::format("{} is vouched for by no audit entry: written outside credcheck, or its trail was deleted",
                                    row_name(t.name, row.key())));
            } else if (*image != hasher.update(row.text()).finish()) {
                problem(fmt::format("{} differs from what the audit trail recorded for it: altered outside credcheck",
                                    row_name(t.name, row.key())));
            }
        });
    }
    last.each_unseen([&](std::string_view table, std::string_view key) {
        problem(fmt::format("{} is in the audit trail but not in the database: deleted outside credcheck", row_name(table, key)));
    });
    return out;
}

} // namespace credcheck::store
