#include "store/schema.hpp"

#include <array>
#include <fmt/format.h>

#include "credcheck/error.hpp"
#include "credcheck/version.hpp"

namespace credcheck::store {

namespace {

// Each entry moves the schema from version i to i + 1. Never edit a released entry: append one.
// Dates are ISO 8601 text (sortable, readable in the sqlite3 shell).
// Enumerations are checked with OR chains, not IN lists: SQLite builds a temporary index for a
// constant IN list of more than two values on every row written, which halved import speed.
constexpr std::array<const char*, 2> kMigrations = {
    // 1: subjects, codes, relations, departments, catalog lists and scenarios, records, list entries, history.
    R"sql(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('data_version', '0');

CREATE TABLE departments (
  id   INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,     -- the department's USCC when known, else its name
  name TEXT NOT NULL,
  uscc TEXT UNIQUE
) STRICT;
CREATE INDEX departments_by_name ON departments (name);

CREATE TABLE subjects (
  id             INTEGER PRIMARY KEY,
  kind           TEXT NOT NULL CHECK (kind = 'legal_person' OR kind = 'other_organization' OR kind = 'individual_business' OR kind = 'natural_person'),
  name           TEXT NOT NULL,
  code           TEXT NOT NULL,     -- unique through subject_codes, which holds it too
  status         TEXT NOT NULL DEFAULT 'active' CHECK (status = 'active' OR status = 'deregistered' OR status = 'revoked'),
  established_on TEXT,
  division       TEXT
) STRICT;

-- Every code that resolves to a subject, the primary code included: one indexed lookup finds a subject
-- by its USCC, a legacy organisation code, a registration number or a 15-digit ID number (存量代码).
CREATE TABLE subject_codes (
  code       TEXT PRIMARY KEY,
  subject_id INTEGER NOT NULL REFERENCES subjects (id),
  kind       TEXT NOT NULL CHECK (kind = 'uscc' OR kind = 'org_code' OR kind = 'registration_no' OR kind = 'citizen_id')
) STRICT, WITHOUT ROWID;
CREATE INDEX subject_codes_by_subject ON subject_codes (subject_id);

CREATE TABLE relations (
  id              INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES subjects (id),
  person_id       INTEGER NOT NULL REFERENCES subjects (id),
  role            TEXT NOT NULL CHECK (role = 'legal_representative' OR role = 'principal'),
  valid_from      TEXT,
  valid_to        TEXT
) STRICT;
CREATE UNIQUE INDEX relations_key ON relations (organization_id, person_id, role, coalesce(valid_from, ''));
CREATE INDEX relations_by_person ON relations (person_id);

-- Every catalog ever installed; the newest is in force. Decisions name its version.
CREATE TABLE catalog_versions (
  id           INTEGER PRIMARY KEY,
  version      TEXT NOT NULL,
  title        TEXT NOT NULL,
  sha256       TEXT NOT NULL,
  json         TEXT NOT NULL,
  installed_at TEXT NOT NULL,
  installed_by TEXT NOT NULL
) STRICT;

CREATE TABLE scenarios (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE lists (
  code         TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  colour       TEXT NOT NULL CHECK (colour = 'black' OR colour = 'attention' OR colour = 'red'),
  authority    TEXT NOT NULL,
  default_term TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE records (
  id                   INTEGER PRIMARY KEY,
  kind                 TEXT NOT NULL CHECK (kind = 'license' OR kind = 'penalty' OR kind = 'judgment' OR kind = 'commitment' OR kind = 'honor' OR kind = 'rating'),
  subject_id           INTEGER NOT NULL REFERENCES subjects (id),
  department_id        INTEGER NOT NULL REFERENCES departments (id),
  document_no          TEXT NOT NULL,
  decided_on           TEXT NOT NULL,
  valid_from           TEXT,
  valid_to             TEXT,
  severity             TEXT CHECK (severity = 'minor' OR severity = 'general' OR severity = 'serious'),
  category             TEXT,
  legal_basis          TEXT NOT NULL DEFAULT '',
  content              TEXT NOT NULL DEFAULT '',
  status               TEXT NOT NULL DEFAULT 'active' CHECK (status = 'active' OR status = 'revoked' OR status = 'repaired'),
  violation_type       TEXT,
  facts                TEXT,
  penalty_types        TEXT,     -- 处罚类别, canonical names joined by ';'
  fine_fen             INTEGER,  -- amounts in fen (0.01 yuan): exact for 万元 with up to six decimals
  confiscated_fen      INTEGER,
  publicity_until      TEXT,
  license_category     TEXT,
  license_name         TEXT,
  license_no           TEXT,
  legal_representative    TEXT,
  legal_representative_id TEXT,
  UNIQUE (kind, department_id, document_no)
) STRICT;
CREATE INDEX records_by_subject ON records (subject_id, decided_on);

CREATE TABLE list_entries (
  id            INTEGER PRIMARY KEY,
  list_code     TEXT NOT NULL REFERENCES lists (code),
  subject_id    INTEGER NOT NULL REFERENCES subjects (id),
  department_id INTEGER NOT NULL REFERENCES departments (id),
  document_no   TEXT NOT NULL,
  entered_on    TEXT NOT NULL,
  expires_on    TEXT,
  reason        TEXT NOT NULL DEFAULT '',
  legal_basis   TEXT NOT NULL DEFAULT '',
  status        TEXT NOT NULL DEFAULT 'active' CHECK (status = 'active' OR status = 'removed' OR status = 'revoked' OR status = 'repaired'),
  UNIQUE (list_code, subject_id, document_no)
) STRICT;
CREATE INDEX list_entries_by_subject ON list_entries (subject_id, entered_on);

-- The persons recorded with a list entry (落实到人).
CREATE TABLE entry_persons (
  entry_id  INTEGER NOT NULL REFERENCES list_entries (id),
  person_id INTEGER NOT NULL REFERENCES subjects (id),
  PRIMARY KEY (entry_id, person_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX entry_persons_by_person ON entry_persons (person_id);

-- Who changed what, when: one row per insert or update of a subject, relation, record or entry.
CREATE TABLE history (
  id         INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,
  actor      TEXT NOT NULL,
  source     TEXT NOT NULL,      -- e.g. "import penalties.csv line 17"
  table_name TEXT NOT NULL,
  row_id     INTEGER NOT NULL,
  action     TEXT NOT NULL CHECK (action = 'insert' OR action = 'update'),
  changes    TEXT                -- JSON {"column": [before, after]} for updates
) STRICT;
CREATE INDEX history_by_row ON history (table_name, row_id);
)sql",

    // 2: objections (seed item 19): a record or entry under objection has its measures suspended
    // from filed_on until resolved_on.
    R"sql(
CREATE TABLE objections (
  id          INTEGER PRIMARY KEY,
  target_kind TEXT NOT NULL CHECK (target_kind = 'record' OR target_kind = 'entry'),
  target_id   INTEGER NOT NULL,
  filed_on    TEXT NOT NULL,
  filed_by    TEXT NOT NULL,
  reason      TEXT NOT NULL,
  status      TEXT NOT NULL DEFAULT 'pending'
              CHECK (status = 'pending' OR status = 'upheld' OR status = 'corrected' OR status = 'revoked'),
  resolved_on TEXT,
  resolved_by TEXT,
  resolution  TEXT
) STRICT;
CREATE INDEX objections_by_target ON objections (target_kind, target_id);
)sql",
};

} // namespace

int latest_schema_version() noexcept { return static_cast<int>(kMigrations.size()); }

int schema_version(sql::Connection& db) {
    sql::Query q(db.prepared("PRAGMA user_version"));
    q.step();
    return static_cast<int>(q.integer(0));
}

void migrate(sql::Connection& db) {
    const int current = schema_version(db);
    const int latest = latest_schema_version();
    if (current > latest)
        throw Error(Status::schema_too_new,
                    fmt::format("{} has schema version {}, but this credcheck ({}) knows versions up to {}: use a newer credcheck",
                                db.path().string(), current, library_version(), latest));
    if (current == latest) return;
    sql::Transaction tx(db);
    for (int v = current; v < latest; ++v) db.exec(kMigrations[static_cast<std::size_t>(v)]);
    db.exec(fmt::format("PRAGMA user_version = {}", latest).c_str()); // a number of ours, not user data
    tx.commit();
}

} // namespace credcheck::store
