// Row images: the audit trail vouches for the data itself, not only for itself (issue 11).
//
// Every row written on the writer connection — by any path, since the capture is SQLite's pre-update
// hook and not a call each path must remember — leaves an image: its table, its key and a digest
// (the trail's algorithm) of its column values. The images of one write are stored in chunks
// (audit_images) and the audit entry appended for that write names the chunks and their digest, so
// the images are as tamper-evident as the chain. `audit verify` recomputes every row's digest and
// compares it with the last image recorded for it: a row edited, inserted or deleted outside credcheck
// (or a trail deleted from a database that holds data) no longer matches.
//
// Not vouched: meta (counters and settings; the audit entries that change a setting record it), and
// the trail itself (audit_log, history, audit_images), which the chain covers.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/sqlite.hpp"
#include "util/digest.hpp"

namespace credcheck::store {

/// The tables whose rows are vouched for, as the database's schema has them.
struct TableShape {
    std::string name;
    std::vector<std::string> columns;
    bool without_rowid = false;
    std::vector<int> key_columns; // WITHOUT ROWID: the primary key's columns, in key order
};
std::vector<TableShape> vouched_tables(sql::Connection& c);

/// The canonical bytes a row's digest is computed over, appended to a buffer the caller owns: the
/// table's name, NUL, the key (its length, then its values), then each non-NULL column as its index,
/// type and bytes — so that a nullable column added at the end by a later migration leaves old digests
/// as they were. Shared by the capture and the verification, so that both always agree.
class RowText {
public:
    explicit RowText(std::string& out) noexcept : out_(out) {}
    void begin(std::string_view table);
    void key_rowid(std::int64_t rowid);
    void key_value(sqlite3_value* v);
    void end_key();
    void column(std::size_t index, sqlite3_value* v);
    /// Everything since begin(): what is hashed.
    std::string_view text() const noexcept { return std::string_view(out_).substr(start_); }
    /// The key's values alone, as an image stores them.
    std::string_view key() const noexcept { return std::string_view(out_).substr(key_start_, key_end_ - key_start_); }

private:
    void value(sqlite3_value* v);
    std::string& out_;
    std::size_t start_ = 0, key_start_ = 0, key_end_ = 0;
};

/// The key of a canonical row text (RowText::key() of the text that produced it).
std::string_view key_of_row_text(std::string_view text);

/// Where one write's images are: chunk ids (after, up_to], how many rows, and the digest of the chunks.
struct ImagesRef {
    std::int64_t after = 0, up_to = 0;
    std::uint64_t rows = 0;
    std::string digest; // hex
};

class ImageHasher;

/// Sees what the capture sees — every row written on the connection, each point where the capture
/// writes its images out, and the end of each transaction — so that a second consumer of the pre-update
/// hook (SQLite allows one per connection) rides on this one: the feed's change capture
/// (store/feed_capture.hpp).
class RowObserver {
public:
    virtual ~RowObserver() = default;
    /// In the pre-update hook, for every row of every table: must not throw (remember a failure and
    /// report it from flush()).
    virtual void on_row(sqlite3* db, int op, const char* table, sqlite3_int64 old_rowid, sqlite3_int64 new_rowid) noexcept = 0;
    /// Inside the write transaction, before the images are written out (an audit entry being appended,
    /// or a long write bounding its memory): the observer writes what it holds, or throws and the write
    /// rolls back. Its own writes are imaged like any other.
    virtual void flush(sql::Connection& c) = 0;
    /// At COMMIT: false turns the commit into a rollback (the observer holds rows it could not write).
    virtual bool may_commit() noexcept = 0;
    /// The transaction ended, committed or rolled back.
    virtual void on_transaction_end() noexcept = 0;
    /// The schema changed (a migration): read it again.
    virtual void refresh(sql::Connection& c) = 0;
};

/// Captures the images of the rows one connection writes. Installed on the writer connection; every
/// audit entry appended on it takes the images written since the last one (take_images()). The hook
/// only copies each row's canonical text; the digests are computed on a thread of the capture's own,
/// so that a bulk import does not wait for them (they cost a fifth of its time on the writer's thread).
class RowImageCapture {
public:
    explicit RowImageCapture(sql::Connection& c);
    ~RowImageCapture();
    RowImageCapture(const RowImageCapture&) = delete;
    RowImageCapture& operator=(const RowImageCapture&) = delete;

    /// Reads the schema and the trail's algorithm again (after a migration or a change of algorithm).
    void refresh();

    /// Writes the images captured so far into chunks (inside the caller's transaction), once their
    /// digests are done. A long write calls it now and then to bound memory; take_images() calls it too.
    void spill();
    /// spill(), when enough images wait to fill a chunk.
    void spill_if_large();
    /// The images captured since the last call, written and referenced for the audit entry being
    /// appended; nullopt when there are none. Throws when the capture failed (out of memory in the hook).
    std::optional<ImagesRef> take_images();

    /// Adds the image of every row of every vouched table (a migration's baseline).
    void image_every_row();

    /// Installs (or with nullptr removes) the one observer; the caller keeps it alive while installed.
    void set_observer(RowObserver* observer) noexcept { observer_ = observer; }

    /// Images dropped because their transaction committed without an audit entry taking them: rows
    /// written by a path that forgot its audit entry. Tests assert it stays 0.
    std::uint64_t unvouched_commits() const noexcept { return unvouched_commits_; }

private:
    static void on_preupdate(void* self, sqlite3* db, int op, const char* database, const char* table, sqlite3_int64 old_rowid,
                             sqlite3_int64 new_rowid);
    static int on_commit(void* self);
    static void on_rollback(void* self);
    void capture(int op, const char* table, sqlite3_int64 old_rowid, sqlite3_int64 new_rowid);
    /// Appends the row's canonical text (an image; with `deleted`, the key alone) for the hasher.
    template <class WriteRow> void add(std::uint8_t table, bool deleted, WriteRow&& write_row);
    void reset() noexcept;

    sql::Connection& c_;
    std::vector<TableShape> tables_;
    const char* last_name_ = nullptr; // the table the last row was of (SQLite's pointer) and its index, or -1
    int last_index_ = -1;
    DigestAlgorithm algorithm_ = DigestAlgorithm::sm3;
    std::string scratch_;                 // for comparing an updated row's old and new keys
    std::unique_ptr<ImageHasher> hasher_; // the thread computing digests, in order
    std::uint64_t rows_ = 0;              // images since the last take_images()
    std::int64_t first_chunk_ = 0, last_chunk_ = 0;
    std::optional<Hasher> chunks_digest_;
    bool failed_ = false;
    std::uint64_t unvouched_commits_ = 0;
    RowObserver* observer_ = nullptr;
};

/// The outcome of checking the data against its images.
struct DataCheck {
    std::uint64_t rows = 0;         // rows compared
    std::uint64_t images = 0;       // images read
    std::vector<std::string> problems; // each in words, the first 100
    std::uint64_t problems_total = 0;
};

/// Compares every row of every vouched table with the last image recorded for it in the chunks
/// `refs` name (oldest first); also reports chunks no audit entry names. The caller checked the chunks'
/// digests against the chain (chunk_digest()).
DataCheck check_data(sql::Connection& c, DigestAlgorithm algorithm, const std::vector<ImagesRef>& refs);

/// The digest of chunks (after, up_to], as an audit entry records it.
std::string chunk_digest(sql::Connection& c, DigestAlgorithm algorithm, std::int64_t after, std::int64_t up_to);

} // namespace credcheck::store
