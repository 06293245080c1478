"""Crash safety: the `credcheck` tool SIGKILLed at random moments of imports and of workflow updates.

test_import.py kills a first import of penalties into an empty database. Here: an import of list
entries, which also dispatches notices in the same transaction; a re-import that updates every row
(with history); and a loop of workflow commands — objection file/resolve, routes load, publicity
--mark-published, commitment, repair. After every kill the database must open (in the tool too), pass
integrity_check and foreign_key_check, and hold all or nothing of the command's effect.

Kill moments are drawn from 0 to a little more than the command's measured duration, with a fixed
seed; some kills land before the command writes, some during, some after it finished."""

import importlib.util
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

SOURCE = Path(os.environ.get("CREDCHECK_SOURCE_DIR", Path(__file__).resolve().parents[2]))

COURT = "鄂州市中级人民法院"
ENVIRONMENT = "鄂州市生态环境局"
FINANCE = "鄂州市财政局"
LIST_HEADER = "list,subject_code,subject_name,department,document_no,entered_on,expires_on,status,responsible_person_id,responsible_person_name\n"
PENALTY_HEADER = "document_no,subject_code,subject_name,department,decided_on,penalty_types,severity\n"


def _generator():
    spec = importlib.util.spec_from_file_location("credcheck_generate", SOURCE / "tools" / "data" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GENERATE = _generator()


def company(n):
    """The n-th valid USCC of a company in 鄂城区 (computed by tools/data/generate.py, not the library)."""
    return GENERATE.uscc("9", "1", "420704", GENERATE.org_body(30000 + n))


def binary():
    return os.environ["CREDCHECK_CLI"]


def run(*args):
    done = subprocess.run([binary(), *map(str, args)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{args}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def sound(db, where):
    """The database opens in the tool and in SQLite, and is consistent. Returns a connection to query."""
    code = subprocess.run([binary(), "objection", "list", str(db), "--format", "json"], capture_output=True, timeout=120).returncode
    assert code == 0, f"{where}: the tool cannot open the database after the kill"
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok", where
    assert con.execute("PRAGMA foreign_key_check").fetchall() == [], where
    verify_audit_chain(db, where)
    return con


def verify_audit_chain(db, where):
    """AUDIT CHAIN VERIFICATION GOES HERE: `credcheck audit verify DB` (being written on another branch)
    must pass after every kill — the chain must never end in a half-written link. Until the tool has an
    `audit` command this does nothing; once `credcheck --help` lists it, it runs."""
    if not _has_audit_command():
        return
    done = subprocess.run([binary(), "audit", "verify", str(db)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{where}: audit verify failed\n{done.stdout}\n{done.stderr}"


_audit = None


def _has_audit_command():
    global _audit
    if _audit is None:
        out = subprocess.run([binary(), "--help"], capture_output=True, text=True, timeout=60).stdout
        _audit = any(line.strip().startswith("audit") for line in out.splitlines())
    return _audit


def one(con, sql, *params):
    return con.execute(sql, params).fetchone()[0]


class Killer:
    """Starts a command and SIGKILLs it after a random delay; counts where the kills landed."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.outcomes = {}  # (command, "killed"/"finished", "none"/"all") -> count

    def run(self, name, args, longest):
        process = subprocess.Popen([binary(), *map(str, args)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(self.rng.uniform(0.0, longest * 1.15))
        process.send_signal(signal.SIGKILL)  # nothing when it already ended
        _, err = process.communicate()
        killed = process.returncode == -signal.SIGKILL
        assert killed or process.returncode == 0, f"{name}: exit {process.returncode}: {err.decode(errors='replace')}"
        return killed

    def tally(self, name, killed, effect):
        key = (name, "killed" if killed else "finished", effect)
        self.outcomes[key] = self.outcomes.get(key, 0) + 1


def timed(*args):
    start = time.monotonic()
    run(*args)
    return time.monotonic() - start


def fresh(db):
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)


# --- imports -----------------------------------------------------------------------------------------

def test_sigkill_during_a_lists_import_that_dispatches_notices_leaves_entries_and_notices_all_or_none(tmp_path):
    rows = 2000
    source = tmp_path / "lists.csv"
    source.write_text(LIST_HEADER + "".join(f"samr.serious_illegal,{company(i)},公司{i},{COURT},(2026)鄂07执{i}号,2026-06-18,,,,\n"
                                            for i in range(rows)), encoding="utf-8")
    routes = tmp_path / "routes.csv"
    routes.write_text(f"measure,department\nP.procurement_ban,{FINANCE}\n", encoding="utf-8")
    base = tmp_path / "base.db"
    run("init", base)
    run("routes", "load", base, routes, "--as-of", "2026-11-28")
    probe = tmp_path / "probe.db"
    shutil.copy(base, probe)
    full = timed("import", probe, "--kind", "lists", "--quiet", "--as-of", "2026-11-28", source)

    db = tmp_path / "db.db"
    killer = Killer(7)
    for attempt in range(10):
        fresh(db)
        shutil.copy(base, db)
        killed = killer.run("import lists", ["import", db, "--kind", "lists", "--quiet", "--as-of", "2026-11-28", source], full)
        con = sound(db, f"lists attempt {attempt}")
        entries = one(con, "SELECT count(*) FROM list_entries")
        subjects = one(con, "SELECT count(*) FROM subjects")
        notices = one(con, "SELECT count(*) FROM notices")
        con.close()
        assert (entries, subjects, notices) in ((0, 0, 0), (rows, rows, rows)), f"attempt {attempt}: {entries} entries, {subjects} subjects, {notices} notices"
        assert killed or entries == rows
        killer.tally("import lists", killed, "all" if entries else "none")
    print(killer.outcomes)
    assert any(k[1:] == ("killed", "none") for k in killer.outcomes), killer.outcomes  # some kills landed before the commit


def test_sigkill_during_a_reimport_that_updates_every_row_leaves_all_or_none_of_the_updates(tmp_path):
    rows = 3000
    first = tmp_path / "p1.csv"
    second = tmp_path / "p2.csv"
    lines = [(f"鄂环罚〔2026〕{i}号", company(5000 + i)) for i in range(rows)]
    first.write_text(PENALTY_HEADER + "".join(f"{d},{c},公司,{ENVIRONMENT},2026-03-02,罚款,general\n" for d, c in lines), encoding="utf-8")
    second.write_text(PENALTY_HEADER + "".join(f"{d},{c},公司,{ENVIRONMENT},2026-03-02,罚款,serious\n" for d, c in lines), encoding="utf-8")
    base = tmp_path / "base.db"
    run("init", base)
    run("import", base, "--kind", "penalties", "--quiet", first)
    con = sqlite3.connect(base)
    history = one(con, "SELECT count(*) FROM history")
    con.close()
    probe = tmp_path / "probe.db"
    shutil.copy(base, probe)
    full = timed("import", probe, "--kind", "penalties", "--quiet", second)

    db = tmp_path / "db.db"
    killer = Killer(11)
    for attempt in range(10):
        fresh(db)
        shutil.copy(base, db)
        killed = killer.run("re-import", ["import", db, "--kind", "penalties", "--quiet", second], full)
        con = sound(db, f"re-import attempt {attempt}")
        serious = one(con, "SELECT count(*) FROM records WHERE severity = 'serious'")
        general = one(con, "SELECT count(*) FROM records WHERE severity = 'general'")
        changes = one(con, "SELECT count(*) FROM history") - history
        con.close()
        assert (serious, general, changes) in ((0, rows, 0), (rows, 0, rows)), f"attempt {attempt}: {serious} serious, {general} general, {changes} history rows"
        killer.tally("re-import", killed, "all" if serious else "none")
    print(killer.outcomes)
    assert any(k[1:] == ("killed", "none") for k in killer.outcomes), killer.outcomes


# --- workflow updates --------------------------------------------------------------------------------

ENTRIES = 300    # list entries: routing a measure sends one notice per entry in force
PENALTIES = 12   # penalties of companies 1000.., to publish and to repair
CYCLES = 3       # each cycle kills six commands


@pytest.fixture
def workflow_db(tmp_path):
    lists = tmp_path / "lists.csv"
    lists.write_text(LIST_HEADER + "".join(f"samr.serious_illegal,{company(i)},公司{i},{COURT},(2026)鄂07执{i}号,2026-06-18,,,,\n"
                                           for i in range(ENTRIES)), encoding="utf-8")
    penalties = tmp_path / "penalties.csv"
    penalties.write_text(PENALTY_HEADER + "".join(f"鄂环罚〔2026〕{i}号,{company(1000 + i)},公司{1000 + i},{ENVIRONMENT},2026-05-11,罚款,general\n"
                                                  for i in range(PENALTIES)), encoding="utf-8")
    db = tmp_path / "workflow.db"
    run("init", db)
    routes = tmp_path / "routes.csv"
    routes.write_text(f"measure,department\nP.procurement_ban,{FINANCE}\n", encoding="utf-8")
    run("routes", "load", db, routes, "--as-of", "2026-11-28")
    run("import", db, "--kind", "lists", "--quiet", "--as-of", "2026-11-28", lists)
    run("import", db, "--kind", "penalties", "--quiet", penalties)
    return db


class Workflow:
    """The commands of one cycle j, each with the check that its effect is all or nothing. `effect`
    returns "none" or "all" (and fails on anything in between); `ensure` runs the command unkilled
    when the kill left nothing, so that the next command has what it needs."""

    def __init__(self, db, tmp_path):
        self.db = db
        self.tmp = tmp_path

    def entry_id(self, con, j):
        return one(con, "SELECT id FROM list_entries WHERE document_no = ?", f"(2026)鄂07执{j}号")

    def record_id(self, con, j):
        return one(con, "SELECT id FROM records WHERE kind = 'penalty' AND document_no = ?", f"鄂环罚〔2026〕{j}号")

    def commands(self, j):
        con = sqlite3.connect(self.db)
        entry, record = self.entry_id(con, j), self.record_id(con, j)
        con.close()
        routes = self.tmp / f"routes-{j}.csv"
        routes.write_text(f"measure,department\nP.bidding_restriction,交易中心{j}\n", encoding="utf-8")
        db = self.db
        return [
            ("objection file", ["objection", "file", db, "--entry", entry, "--by", f"公司{j}", "--reason", "已履行", "--on", "2026-11-20"],
             lambda con: self.objection_filed(con, entry)),
            ("objection resolve", ["objection", "resolve", db, "{objection}", "--outcome", "revoked", "--by", COURT, "--resolution", "撤销",
                                   "--on", "2026-11-27"],
             lambda con: self.objection_revoked(con, entry)),
            ("routes load", ["routes", "load", db, routes, "--as-of", "2026-11-28"],
             lambda con: self.routed(con, f"交易中心{j}")),
            ("mark published", ["publicity", db, "--mark-published", "--department", ENVIRONMENT, "--document-no", f"鄂环罚〔2026〕{j}号",
                                "--on", "2026-05-20"],
             lambda con: self.published(con, record)),
            ("commitment", ["commitment", db, "--subject", company(1000 + j), "--department", ENVIRONMENT, "--document-no", f"鄂环承诺〔2026〕{j}号",
                            "--on", "2026-08-01", "--content", "依法经营"],
             lambda con: self.committed(con, j)),
            ("repair", ["repair", db, "--record", record, "--by", ENVIRONMENT, "--evidence", f"缴款凭证 {j}", "--on", "2026-08-11"],
             lambda con: self.repaired(con, record)),
        ]

    # Each returns "none" or "all", asserting that nothing lies in between.

    def objection_filed(self, con, entry):
        rows = con.execute("SELECT status, due_on, filed_on FROM objections WHERE target_kind = 'entry' AND target_id = ?", (entry,)).fetchall()
        assert rows in ([], [("pending", "2026-11-27", "2026-11-20")]), rows
        return "all" if rows else "none"

    def objection_revoked(self, con, entry):
        status = one(con, "SELECT status FROM objections WHERE target_kind = 'entry' AND target_id = ?", entry)
        entry_status = one(con, "SELECT status FROM list_entries WHERE id = ?", entry)
        lifts = one(con, "SELECT count(*) FROM notices WHERE entry_id = ? AND kind = 'lift'", entry)
        applies = one(con, "SELECT count(*) FROM notices WHERE entry_id = ? AND kind = 'apply'", entry)
        history = one(con, "SELECT count(*) FROM history WHERE table_name = 'list_entries' AND row_id = ? AND action = 'update'", entry)
        state = (status, entry_status, lifts, history)
        assert state in (("pending", "active", 0, 0), ("revoked", "revoked", applies, 1)), state
        return "all" if status == "revoked" else "none"

    def routed(self, con, department):
        ids = [r[0] for r in con.execute("SELECT id FROM departments WHERE name = ?", (department,))]
        if not ids:
            assert one(con, "SELECT count(*) FROM measure_routes r JOIN departments d ON d.id = r.department_id WHERE d.name = ?", department) == 0
            return "none"
        routes = one(con, "SELECT count(*) FROM measure_routes WHERE department_id = ?", ids[0])
        notices = one(con, "SELECT count(*) FROM notices WHERE department_id = ? AND kind = 'apply'", ids[0])
        in_force = one(con, "SELECT count(*) FROM list_entries e JOIN measure_triggers t ON t.list_code = e.list_code "
                            "WHERE t.measure_code = 'P.bidding_restriction' AND e.status = 'active'")
        assert (routes, notices) == (1, in_force), (department, routes, notices, in_force)
        return "all"

    def published(self, con, record):
        published = one(con, "SELECT published_on FROM records WHERE id = ?", record)
        history = one(con, "SELECT count(*) FROM history WHERE table_name = 'records' AND row_id = ? AND action = 'update'", record)
        assert (published, history) in ((None, 0), ("2026-05-20", 1)), (published, history)
        return "all" if published else "none"

    def committed(self, con, j):
        rows = con.execute("SELECT subject_id, decided_on FROM records WHERE kind = 'commitment' AND document_no = ?",
                           (f"鄂环承诺〔2026〕{j}号",)).fetchall()
        assert len(rows) <= 1 and all(r[1] == "2026-08-01" for r in rows), rows
        return "all" if rows else "none"

    def repaired(self, con, record):
        status = one(con, "SELECT status FROM records WHERE id = ?", record)
        repairs = one(con, "SELECT count(*) FROM repairs WHERE target_kind = 'record' AND target_id = ?", record)
        history = one(con, "SELECT count(*) FROM history WHERE table_name = 'records' AND row_id = ? AND changes LIKE '%repaired%'", record)
        assert (status, repairs, history) in (("active", 0, 0), ("repaired", 1, 1)), (status, repairs, history)
        return "all" if repairs else "none"


def test_sigkill_during_workflow_updates_leaves_each_command_all_or_nothing(workflow_db, tmp_path):
    flow = Workflow(workflow_db, tmp_path)
    # How long each command takes here, measured on a copy, to spread the kills over it.
    probe_db = tmp_path / "probe.db"
    shutil.copy(workflow_db, probe_db)
    longest = {}
    probe = Workflow(probe_db, tmp_path)
    for name, args, _ in probe.commands(PENALTIES - 1):
        if "{objection}" in args:
            con = sqlite3.connect(probe_db)
            args = [one(con, "SELECT max(id) FROM objections") if a == "{objection}" else a for a in args]
            con.close()
        longest[name] = timed(*args)

    killer = Killer(20261128)
    iterations = 0
    for j in range(CYCLES):
        for name, args, effect in flow.commands(j):
            if "{objection}" in args:
                con = sqlite3.connect(workflow_db)
                objection = one(con, "SELECT id FROM objections WHERE target_id = ?", flow.entry_id(con, j))
                con.close()
                args = [objection if a == "{objection}" else a for a in args]
            killed = killer.run(name, args, longest[name])
            iterations += 1
            con = sound(workflow_db, f"cycle {j} {name}")
            try:
                outcome = effect(con)
            finally:
                con.close()
            assert killed or outcome == "all", f"cycle {j} {name}: finished but had no effect"
            killer.tally(name, killed, outcome)
            if outcome == "none":  # what the next commands build on
                run(*args)
                con = sqlite3.connect(workflow_db)
                assert effect(con) == "all"
                con.close()
    print(f"{iterations} kills:", killer.outcomes)
    assert iterations >= 10
    assert any(k[1] == "killed" for k in killer.outcomes), killer.outcomes
