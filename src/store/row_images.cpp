#include "store/row_images.hpp"

#include <algorithm>
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

void RowText::begin(std::string_view table) {
    text_.assign(table);
    text_ += kUnit;
    key_start_ = text_.size();
    key_end_ = key_start_;
}

void RowText::key_rowid(std::int64_t rowid) {
    text_ += fmt::format_int(rowid).str();
    key_end_ = text_.size();
}

void RowText::key_value(sqlite3_value* v) {
    if (text_.size() > key_start_) text_ += kUnit;
    value(v);
    key_end_ = text_.size();
}

void RowText::column(std::string_view name, sqlite3_value* v) {
    if (sqlite3_value_type(v) == SQLITE_NULL) return;
    text_ += kRecord;
    text_.append(name);
    text_ += kUnit;
    value(v);
}

void RowText::value(sqlite3_value* v) {
    switch (sqlite3_value_type(v)) {
    case SQLITE_NULL: text_ += 'N'; return;
    case SQLITE_INTEGER:
        text_ += 'I';
        text_ += fmt::format_int(sqlite3_value_int64(v)).str();
        return;
    case SQLITE_FLOAT: text_ += fmt::format("R{:.17g}", sqlite3_value_double(v)); return;
    case SQLITE_BLOB: {
        const auto* p = static_cast<const char*>(sqlite3_value_blob(v));
        const auto n = static_cast<std::size_t>(sqlite3_value_bytes(v));
        text_ += fmt::format("B{}:", n);
        if (n > 0) text_.append(p, n);
        return;
    }
    default: {
        const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
        const auto n = static_cast<std::size_t>(sqlite3_value_bytes(v));
        text_ += fmt::format("T{}:", n);
        if (n > 0) text_.append(p, n);
        return;
    }
    }
}

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
    bool has_meta = false;
    {
        sql::Query q(c_.prepared("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'meta'"));
        has_meta = q.step();
    }
    const DigestAlgorithm algorithm = has_meta ? audit_algorithm(c_) : DigestAlgorithm::sm3; // a file being created
    if (!hasher_ || hasher_->algorithm() != algorithm) {
        hasher_.emplace(algorithm);
        chunks_digest_.emplace(algorithm);
    }
}

void RowImageCapture::on_preupdate(void* self, sqlite3*, int op, const char* database, const char* table, sqlite3_int64 old_rowid,
                                   sqlite3_int64 new_rowid) {
    if (std::string_view(database) != "main") return;
    auto* capture = static_cast<RowImageCapture*>(self);
    if (capture->failed_) return;
    try {
        capture->capture(op, table, old_rowid, new_rowid);
    } catch (...) { // nothing may unwind through SQLite: take_images() reports it and the write rolls back
        capture->failed_ = true;
    }
}

void RowImageCapture::capture(int op, const char* table_name, sqlite3_int64 old_rowid, sqlite3_int64 new_rowid) {
    const auto it = std::find_if(tables_.begin(), tables_.end(), [&](const TableShape& t) { return t.name == table_name; });
    if (it == tables_.end()) return; // not vouched
    const TableShape& t = *it;
    const auto index = static_cast<std::uint8_t>(it - tables_.begin());
    sqlite3* db = c_.handle();
    const auto key_of = [&](bool old_values, sqlite3_int64 rowid) {
        row_.begin(t.name);
        if (!t.without_rowid) {
            row_.key_rowid(rowid);
        } else {
            for (int column : t.key_columns) {
                sqlite3_value* v = nullptr;
                if ((old_values ? sqlite3_preupdate_old(db, column, &v) : sqlite3_preupdate_new(db, column, &v)) != SQLITE_OK)
                    throw Error(Status::internal, fmt::format("no key value of {}", t.name));
                row_.key_value(v);
            }
        }
        row_.end_key();
    };
    if (op == SQLITE_DELETE) {
        key_of(true, old_rowid);
        add(index, row_.key(), nullptr);
        return;
    }
    if (op == SQLITE_UPDATE) {
        key_of(true, old_rowid);
        const std::string old_key(row_.key());
        key_of(false, new_rowid);
        if (old_key != row_.key()) add(index, old_key, nullptr); // the key itself changed: the old row is gone
    } else {
        key_of(false, new_rowid);
    }
    const int n = sqlite3_preupdate_count(db);
    for (int i = 0; i < n && i < static_cast<int>(t.columns.size()); ++i) {
        sqlite3_value* v = nullptr;
        if (sqlite3_preupdate_new(db, i, &v) != SQLITE_OK) throw Error(Status::internal, fmt::format("no new value of {}", t.name));
        row_.column(t.columns[static_cast<std::size_t>(i)], v);
    }
    const Digest digest = hasher_->update(row_.text()).finish();
    add(index, row_.key(), &digest);
}

void RowImageCapture::add(std::uint8_t table, std::string_view key, const Digest* digest) {
    if (key.size() > 255) throw Error(Status::internal, fmt::format("a key of {} bytes cannot be imaged", key.size()));
    append_u8(pending_, table);
    append_u8(pending_, key.size());
    pending_.append(key);
    append_u8(pending_, digest ? kImage : kDeleted);
    if (digest) pending_.append(reinterpret_cast<const char*>(digest->data()), digest->size());
    ++pending_rows_;
    ++rows_;
}

void RowImageCapture::spill() {
    if (pending_rows_ == 0) return;
    if (failed_) throw Error(Status::out_of_memory, "the row images of this write could not be captured");
    std::string chunk(kChunkMagic);
    append_u8(chunk, tables_.size());
    for (const TableShape& t : tables_) {
        append_u8(chunk, t.name.size());
        chunk += t.name;
    }
    chunk += pending_;
    sql::Query q(c_.prepared("INSERT INTO audit_images (images) VALUES (?)"));
    q.bind_blob(chunk).run();
    last_chunk_ = c_.last_insert_rowid();
    if (first_chunk_ == 0) first_chunk_ = last_chunk_;
    chunks_digest_->update(chunk);
    pending_.clear();
    pending_rows_ = 0;
}

std::optional<ImagesRef> RowImageCapture::take_images() {
    if (failed_) throw Error(Status::out_of_memory, "the row images of this write could not be captured");
    if (rows_ == 0) return std::nullopt;
    if (audit_algorithm(c_) != hasher_->algorithm())
        throw Error(Status::internal, "the audit trail's algorithm changed under the row-image capture");
    spill();
    ImagesRef ref{first_chunk_ - 1, last_chunk_, rows_, to_hex(chunks_digest_->finish())};
    first_chunk_ = last_chunk_ = 0;
    rows_ = 0;
    return ref;
}

void RowImageCapture::image_every_row() {
    for (std::size_t index = 0; index < tables_.size(); ++index) {
        const TableShape& t = tables_[index];
        auto statement = c_.prepare_once(fmt::format("SELECT {}* FROM \"{}\"", t.without_rowid ? "" : "rowid, ", t.name));
        sql::Query q(*statement);
        const int first = t.without_rowid ? 0 : 1;
        while (q.step()) {
            sqlite3_stmt* s = q.handle_for_values();
            row_.begin(t.name);
            if (t.without_rowid)
                for (int column : t.key_columns) row_.key_value(sqlite3_column_value(s, column));
            else
                row_.key_rowid(sqlite3_column_int64(s, 0));
            row_.end_key();
            for (std::size_t i = 0; i < t.columns.size(); ++i) row_.column(t.columns[i], sqlite3_column_value(s, first + static_cast<int>(i)));
            const Digest digest = hasher_->update(row_.text()).finish();
            add(static_cast<std::uint8_t>(index), row_.key(), &digest);
            if (pending_rows_ >= kRowsPerChunk) spill();
        }
    }
}

int RowImageCapture::on_commit(void* self) {
    auto* capture = static_cast<RowImageCapture*>(self);
    if (capture->rows_ > 0) ++capture->unvouched_commits_;
    capture->reset();
    return 0;
}

void RowImageCapture::on_rollback(void* self) { static_cast<RowImageCapture*>(self)->reset(); }

void RowImageCapture::reset() noexcept {
    pending_.clear();
    pending_rows_ = rows_ = 0;
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

std::string full_key(std::string_view table, std::string_view key) {
    std::string out(table);
    out += '\0';
    out.append(key);
    return out;
}

/// "subjects row 17", "entry_persons row 5/7" — the key as a message shows it (ID numbers masked).
std::string row_name(std::string_view table, std::string_view key) {
    std::string shown;
    std::size_t start = 0;
    while (start <= key.size()) {
        const std::size_t end = std::min(key.find(kUnit, start), key.size());
        std::string_view part = key.substr(start, end - start);
        if (part.starts_with('I') || part.starts_with('R')) part.remove_prefix(1);
        else if ((part.starts_with('T') || part.starts_with('B')) && part.find(':') != std::string_view::npos) part.remove_prefix(part.find(':') + 1);
        if (!shown.empty()) shown += '/';
        shown.append(part);
        start = end + 1;
    }
    return fmt::format("{} row {}", table, mask_personal_ids_in_text(shown));
}

} // namespace

DataCheck check_data(sql::Connection& c, DigestAlgorithm algorithm, const std::vector<ImagesRef>& refs) {
    DataCheck out;
    const auto problem = [&](std::string text) {
        if (out.problems.size() < kMaxProblems) out.problems.push_back(std::move(text));
        ++out.problems_total;
    };
    // The last image of every row, oldest chunk first so that later images replace earlier ones.
    std::unordered_map<std::string, std::optional<Digest>> last;
    std::vector<std::pair<std::int64_t, std::int64_t>> covered;
    for (const ImagesRef& ref : refs) {
        covered.emplace_back(ref.after, ref.up_to);
        sql::Query q(c.prepared("SELECT id, images FROM audit_images WHERE id > ? AND id <= ? ORDER BY id"));
        q.bind(ref.after).bind(ref.up_to);
        while (q.step())
            decode_chunk(q.blob(1), q.integer(0), [&](std::string_view table, std::string_view key, const Digest* d) {
                ++out.images;
                last[full_key(table, key)] = d ? std::optional<Digest>(*d) : std::nullopt;
            });
    }
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
    RowText row;
    for (const TableShape& t : vouched_tables(c)) {
        auto statement = c.prepare_once(fmt::format("SELECT {}* FROM \"{}\"", t.without_rowid ? "" : "rowid, ", t.name));
        sql::Query q(*statement);
        const int first = t.without_rowid ? 0 : 1;
        while (q.step()) {
            sqlite3_stmt* s = q.handle_for_values();
            row.begin(t.name);
            if (t.without_rowid)
                for (int column : t.key_columns) row.key_value(sqlite3_column_value(s, column));
            else
                row.key_rowid(sqlite3_column_int64(s, 0));
            row.end_key();
            for (std::size_t i = 0; i < t.columns.size(); ++i) row.column(t.columns[i], sqlite3_column_value(s, first + static_cast<int>(i)));
            ++out.rows;
            const auto found = last.find(full_key(t.name, row.key()));
            if (found == last.end() || !found->second) {
                problem(fmt::format("{} is vouched for by no audit entry: written outside credcheck, or its trail was deleted",
                                    row_name(t.name, row.key())));
            } else if (*found->second != hasher.update(row.text()).finish()) {
                problem(fmt::format("{} differs from what the audit trail recorded for it: altered outside credcheck",
                                    row_name(t.name, row.key())));
            }
            if (found != last.end()) last.erase(found);
        }
    }
    for (const auto& [key, digest] : last) {
        if (!digest) continue;
        const auto zero = key.find('\0');
        problem(fmt::format("{} is in the audit trail but not in the database: deleted outside credcheck",
                            row_name(std::string_view(key).substr(0, zero), std::string_view(key).substr(zero + 1))));
    }
    return out;
}

} // namespace credcheck::store
