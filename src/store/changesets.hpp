// SQLite's session extension, owned: changesets recorded by a session, combined with a changegroup,
// read with an iterator, applied with sqlite3changeset_apply (https://sqlite.org/sessionintro.html).
// A changeset here is its bytes, in SQLite's own format; credcheck has no diff format of its own.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <sqlite3.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "store/replicated_values.hpp"

namespace credcheck::store {

/// A sqlite3_session recording every table of "main" on a connection, from now on.
class Session {
public:
    explicit Session(sqlite3* db);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
    /// The changes recorded so far, as a changeset ("" when none).
    std::string changeset();

private:
    sqlite3_session* session_ = nullptr;
};

/// A sqlite3_changegroup: changesets added in order combine into one (an insert then an update of a
/// row become one insert, an insert then a delete nothing).
class ChangeGroup {
public:
    ChangeGroup();
    ~ChangeGroup();
    ChangeGroup(const ChangeGroup&) = delete;
    ChangeGroup& operator=(const ChangeGroup&) = delete;
    void add(std::string_view changeset);
    std::string output();

private:
    sqlite3_changegroup* group_ = nullptr;
};

/// One change of a changeset, as the iterator shows it.
struct Change {
    std::string_view table;
    int op = 0;          // SQLITE_INSERT, SQLITE_UPDATE or SQLITE_DELETE
    int columns = 0;
    std::vector<bool> key; // which columns are the primary key
    /// The old (UPDATE, DELETE) and new (INSERT, UPDATE) values; for an UPDATE, a column whose value did
    /// not change is absent from both (`has_old`/`has_new` false).
    Row old_values, new_values;
    std::vector<bool> has_old, has_new;
};

/// Checks that `changeset` has the shape of what the session extension writes — table headers (column
/// count, primary-key flags, a name), then records of known operations whose every value has a known
/// type and fits — before SQLite's own reader sees it: SQLite 3.40's loops for minutes over some
/// malformed changesets (found by fuzz_feed). Error(invalid_argument) naming `what` and the byte.
void check_changeset_format(std::string_view changeset, std::string_view what);

/// Calls `visit(change)` for every change of `changeset`, in order (checked first). Error(invalid_argument) naming
/// `what` when the bytes are not a changeset.
void each_change(std::string_view changeset, std::string_view what, const std::function<void(const Change&)>& visit);

/// Applies `changeset` to `db` inside the caller's transaction. Every conflict — a row to insert that
/// exists, one to update or delete that is missing or differs, a constraint or foreign key broken — is
/// an error: the changeset's own savepoint is rolled back and Error(conflict) says which table and what.
void apply_changeset(sqlite3* db, std::string_view changeset, std::string_view what);

} // namespace credcheck::store
