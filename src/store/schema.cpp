#include "store/schema.hpp"

#include <array>
#include <fmt/format.h>

#include "credcheck/error.hpp"
#include "credcheck/version.hpp"
#include "store/audit_log.hpp"
#include "store/row_images.hpp"
#include "util/clock.hpp"

namespace credcheck::store {

namespace {

// Each entry moves the schema from version i to i + 1. Never edit a released entry: append one.
// Dates are ISO 8601 text (sortable, readable in the sqlite3 shell).
// Enumerations are checked with OR chains, not IN lists: SQLite builds a temporary index for a
// constant IN list of more than two values on every row written, which halved import speed.
constexpr std::array<const char*, 7> kMigrations = {
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

    // 3: the workflows around the check (issue 6): the working-day calendar, publication of records,
    // which measures each list triggers and which departments implement them, notices to those
    // departments and their feedback, the log of checks, objection deadlines, and credit repair.
    R"sql(
CREATE TABLE calendar_days (
  date TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind = 'off' OR kind = 'work'),
  name TEXT NOT NULL
) STRICT, WITHOUT ROWID;
-- The years the loaded calendar covers: a date outside them is "not covered", never an ordinary day.
CREATE TABLE calendar_years (
  year      INTEGER PRIMARY KEY,
  source    TEXT NOT NULL,
  loaded_at TEXT NOT NULL
) STRICT;

ALTER TABLE records ADD COLUMN published_on TEXT;
ALTER TABLE records ADD COLUMN published_by TEXT;
ALTER TABLE list_entries ADD COLUMN ended_on TEXT;  -- the day a workflow removed, revoked or repaired it

-- From the installed catalog: the lists that trigger each measure (colours expanded).
CREATE TABLE measure_triggers (
  measure_code TEXT NOT NULL,
  list_code    TEXT NOT NULL,
  PRIMARY KEY (list_code, measure_code)
) STRICT, WITHOUT ROWID;

-- Which departments implement a measure here (the catalog names them in words; the office routes them).
CREATE TABLE measure_routes (
  measure_code  TEXT NOT NULL,
  department_id INTEGER NOT NULL REFERENCES departments (id),
  PRIMARY KEY (measure_code, department_id)
) STRICT, WITHOUT ROWID;

-- Initiation -> dispatch: one notice per entry, measure and implementing department; `lift` when the
-- entry ends (removed, expired, revoked, repaired).
CREATE TABLE notices (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind = 'apply' OR kind = 'lift'),
  entry_id      INTEGER NOT NULL REFERENCES list_entries (id),
  measure_code  TEXT NOT NULL,
  department_id INTEGER NOT NULL REFERENCES departments (id),
  cause         TEXT NOT NULL CHECK (cause = 'entered' OR cause = 'removed' OR cause = 'expired' OR cause = 'revoked' OR cause = 'repaired'),
  created_on    TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  UNIQUE (entry_id, kind, measure_code, department_id)
) STRICT;
CREATE INDEX notices_by_department ON notices (department_id, created_on);

-- Feedback of an implementing department, on a notice or on a check decision.
CREATE TABLE feedback (
  id            INTEGER PRIMARY KEY,
  notice_id     INTEGER UNIQUE REFERENCES notices (id),
  decision_id   TEXT,
  measure_code  TEXT,
  department_id INTEGER NOT NULL REFERENCES departments (id),
  outcome       TEXT NOT NULL CHECK (outcome = 'applied' OR outcome = 'not_applied' OR outcome = 'not_applicable'),
  reason        TEXT NOT NULL DEFAULT '',
  officer       TEXT NOT NULL,
  decided_on    TEXT NOT NULL,
  case_ref      TEXT NOT NULL,
  recorded_at   TEXT NOT NULL,
  CHECK (notice_id IS NOT NULL OR decision_id IS NOT NULL),
  CHECK (outcome <> 'not_applied' OR reason <> '')
) STRICT;
CREATE INDEX feedback_by_decision ON feedback (decision_id);
CREATE INDEX feedback_by_department ON feedback (department_id, decided_on);

-- Every check answered: who asked, why, about whom, in which scenario, and the answer.
CREATE TABLE checks (
  decision_id     TEXT PRIMARY KEY,
  checked_at      TEXT NOT NULL,
  as_of           TEXT NOT NULL,
  department      TEXT NOT NULL,
  purpose         TEXT NOT NULL,
  subject_id      INTEGER,
  subject_code    TEXT NOT NULL,
  scenario        TEXT NOT NULL,
  verdict         TEXT NOT NULL,
  measures        TEXT NOT NULL,   -- applied measure codes joined by ';' (suspended ones prefixed '~')
  data_version    INTEGER NOT NULL,
  catalog_version TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX checks_by_department ON checks (department, as_of);

ALTER TABLE objections ADD COLUMN due_on TEXT;  -- the verification deadline, in working days

CREATE TABLE repairs (
  id                     INTEGER PRIMARY KEY,
  target_kind            TEXT NOT NULL CHECK (target_kind = 'record' OR target_kind = 'entry'),
  target_id              INTEGER NOT NULL,
  repaired_on            TEXT NOT NULL,
  decided_by             TEXT NOT NULL,
  obligations_evidence   TEXT NOT NULL,
  commitment_record_id   INTEGER NOT NULL REFERENCES records (id),
  UNIQUE (target_kind, target_id)
) STRICT;

INSERT INTO meta (key, value) VALUES ('objection_verification_days', '5');
)sql",

    // 4: the tamper-evident audit trail (seed item 18): every write and every check, each entry
    // carrying the hash of the one before it (SM3 by default; meta audit_hash).
    R"sql(
CREATE TABLE audit_log (
  seq        INTEGER PRIMARY KEY,  -- 1, 2, 3, … without gaps
  at         TEXT NOT NULL,        -- UTC, ISO 8601
  department TEXT NOT NULL,        -- the principal
  role       TEXT NOT NULL,
  officer    TEXT NOT NULL,
  action     TEXT NOT NULL,        -- import, check, objection.file, repair, …
  subject    TEXT NOT NULL,        -- the subject concerned, when one is ('' otherwise)
  target     TEXT NOT NULL,        -- what was acted on
  details    TEXT NOT NULL,        -- JSON: before and after, counts, verdict, decision id, history digest
  prev_hash  TEXT NOT NULL,
  hash       TEXT NOT NULL
) STRICT;
CREATE INDEX audit_by_subject ON audit_log (subject, at);
CREATE INDEX audit_by_department ON audit_log (department, at);
INSERT INTO meta (key, value) VALUES ('audit_hash', 'sm3');
)sql",

    // 5: trust in the answer (issue 11). When the data last changed (decisions carry it); the
    // departments the credit office designates as registration authorities (who may write subjects,
    // codes and relations besides the office); and the after-image digests of every row written, in
    // chunks vouched for by the audit entry of their write, so that `audit verify` checks the data itself.
    R"sql(
INSERT INTO meta (key, value) SELECT 'data_as_of', max(at) FROM audit_log WHERE action <> 'check' HAVING max(at) IS NOT NULL;

CREATE TABLE registration_authorities (
  department_id INTEGER PRIMARY KEY REFERENCES departments (id),
  designated_at TEXT NOT NULL,
  designated_by TEXT NOT NULL
) STRICT;

-- Row images (store/row_images.hpp): each chunk holds the digests of rows one write produced; the
-- audit entry of that write names the chunk ids and their digest.
CREATE TABLE audit_images (
  id     INTEGER PRIMARY KEY,
  images BLOB NOT NULL
) STRICT;
)sql",
    // 6: the change feed to department replicas and their returns (issue 14). On the office: the
    // projected changesets captured with each write (store/feed_capture.hpp) until a publish puts them
    // in a feed file, every file published, the keys departments sign their returns with, the returns
    // imported, and when each serious-dishonesty entry reached the provincial platform. On a replica:
    // which feed it follows, every file applied, its own exports and the objections received at its
    // window. Each side leaves the other's tables empty.
    R"sql(
CREATE TABLE feed_state (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  feed_id     TEXT NOT NULL,      -- random: names this office's feed
  publisher   TEXT NOT NULL,      -- SM3 fingerprint of the SM2 key every file is signed with
  person_key  BLOB NOT NULL,      -- the HMAC-SM3 key of natural persons' codes on replicas
  started_at  TEXT NOT NULL
) STRICT;

CREATE TABLE feed_changes (
  id        INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: files name the last id they hold
  rows      INTEGER NOT NULL,
  changeset BLOB NOT NULL,        -- SQLite's changeset format, projected rows
  digests   BLOB NOT NULL         -- per row state removed or added: '-' or '+' and its SM3 (content digest)
) STRICT;

CREATE TABLE feed_files (
  sequence     INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind = 'changes' OR kind = 'heartbeat'),
  manifest     TEXT NOT NULL,     -- the signed text
  manifest_sm3 TEXT NOT NULL,
  data_version INTEGER NOT NULL,
  content      BLOB NOT NULL,     -- the replicated content's set digest state after this file
  last_change  INTEGER NOT NULL,  -- the feed_changes the file holds: id <= last_change
  created_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL,
  file_name    TEXT NOT NULL
) STRICT;

CREATE TABLE replica_state (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  feed_id        TEXT NOT NULL,
  publisher      TEXT NOT NULL,   -- fingerprint of the trusted key
  trusted_key    TEXT NOT NULL,   -- the office's public key, PEM
  person_key     BLOB NOT NULL,
  sequence       INTEGER NOT NULL,
  manifest_sm3   TEXT NOT NULL,   -- of the last file applied: the next one must name it
  data_version   INTEGER NOT NULL,
  data_as_of     TEXT NOT NULL,   -- the last manifest's created_at
  expires_at     TEXT NOT NULL,
  content        BLOB NOT NULL,   -- set digest state of the replicated content
  initialized_at TEXT NOT NULL
) STRICT;

CREATE TABLE replica_files (
  sequence     INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind = 'snapshot' OR kind = 'changes' OR kind = 'heartbeat'),
  manifest     TEXT NOT NULL,     -- as signed (a snapshot's own manifest, for the snapshot a replica began with)
  signature    BLOB NOT NULL,
  manifest_sm3 TEXT NOT NULL,     -- the digest of file `sequence`'s manifest (for a snapshot: of the file it stands for)
  file_name    TEXT NOT NULL,
  applied_at   TEXT NOT NULL
) STRICT;

CREATE TABLE department_keys (
  department_id INTEGER PRIMARY KEY REFERENCES departments (id),
  public_key    TEXT NOT NULL,    -- PEM
  fingerprint   TEXT NOT NULL,
  registered_at TEXT NOT NULL,
  registered_by TEXT NOT NULL
) STRICT;

CREATE TABLE outbox_imports (
  department_id INTEGER NOT NULL REFERENCES departments (id),
  sequence      INTEGER NOT NULL,
  digest        TEXT NOT NULL,    -- SM3 of the file's signed text
  imported_at   TEXT NOT NULL,
  checks        INTEGER NOT NULL,
  feedback      INTEGER NOT NULL,
  objections    INTEGER NOT NULL,
  PRIMARY KEY (department_id, sequence)
) STRICT;

CREATE TABLE outbox_exports (
  sequence       INTEGER PRIMARY KEY,
  audit_up_to    INTEGER NOT NULL, -- the replica's audit entries of checks up to this seq are in it
  feedback_up_to INTEGER NOT NULL,
  received_up_to INTEGER NOT NULL,
  digest         TEXT NOT NULL,
  created_at     TEXT NOT NULL
) STRICT;

CREATE TABLE received_objections (
  id          INTEGER PRIMARY KEY,
  target_kind TEXT NOT NULL CHECK (target_kind = 'record' OR target_kind = 'entry'),
  target_id   INTEGER NOT NULL,
  received_on TEXT NOT NULL,
  filed_by    TEXT NOT NULL,
  reason      TEXT NOT NULL,
  officer     TEXT NOT NULL,
  recorded_at TEXT NOT NULL
) STRICT;

CREATE TABLE entry_pushes (
  entry_id    INTEGER PRIMARY KEY REFERENCES list_entries (id),
  pushed_on   TEXT NOT NULL,
  pushed_by   TEXT NOT NULL,
  recorded_at TEXT NOT NULL
) STRICT;
)sql",

    // 7: the identifiers in the wild (issue 15): a subject's codes may be tax numbers too (税务登记号 of
    // 15 characters, taxpayer numbers of 20). The CHECK constraint only widens, so no row changes and
    // none needs rewriting: SQLite's documented procedure for such a change edits the table's schema
    // text in place (sqlite.org/lang_altertable.html, "other kinds of table schema changes").
    R"sql(
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, 'OR kind = ''citizen_id'')', 'OR kind = ''citizen_id'' OR kind = ''tax_no'')')
  WHERE type = 'table' AND name = 'subject_codes';
PRAGMA writable_schema = RESET;
-- A table made and dropped changes the schema cookie: connections that read the old text reload it.
CREATE TABLE schema_7_cookie (x INTEGER) STRICT;
DROP TABLE schema_7_cookie;
)sql",
};

} // namespace

int latest_schema_version() noexcept { return static_cast<int>(kMigrations.size()); }

int schema_version(sql::Connection& db) {
    sql::Query q(db.prepared("PRAGMA user_version"));
    q.step();
    return static_cast<int>(q.integer(0));
}

void migrate(sql::Connection& db, const Principal& by) {
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
    if (RowImageCapture* images = db.row_images(); images && current > 0) {
        images->refresh(); // the new schema's tables
        constexpr int kFirstWithImages = 5;
        if (current < kFirstWithImages) images->image_every_row();
        nlohmann::ordered_json details = {{"from", current}, {"to", latest}, {"library", library_version()}};
        append_audit(db, by, "schema.migrate", "", fmt::format("schema {} to {}", current, latest), std::move(details), utc_timestamp());
    }
    tx.commit();
}

} // namespace credcheck::store
