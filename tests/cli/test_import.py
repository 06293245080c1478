"""`credcheck init | import | export` from the command line, and crash safety of imports."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

SOURCE = Path(os.environ.get("CREDCHECK_SOURCE_DIR", Path(__file__).resolve().parents[2]))
GENERATE = SOURCE / "tools" / "data" / "generate.py"


def generate(path, rows, bad_row=0):
    subprocess.run([sys.executable, str(GENERATE), "penalties", "--rows", str(rows), "--out", str(path), "--bad-row", str(bad_row)],
                   check=True)
    return path


def count(db, table="records"):
    con = sqlite3.connect(db)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


def integrity(db):
    con = sqlite3.connect(db)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0], con.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        con.close()


@pytest.fixture
def db(cli, tmp_path):
    path = tmp_path / "credcheck.db"
    code, out, err = cli("init", str(path))
    assert code == 0, err
    assert "catalog" in out
    return path


def test_init_refuses_an_existing_file(cli, db):
    code, _, err = cli("init", str(db))
    assert code == 3
    assert "exists" in err


def test_a_clean_import_exits_zero_and_summarises(cli, db, tmp_path):
    code, out, _ = cli("import", str(db), "--kind", "penalties", "--quiet", str(generate(tmp_path / "p.csv", 200)))
    assert code == 0
    assert "200 rows: 200 inserted, 0 updated, 0 unchanged, 0 rejected" in out
    code, out, _ = cli("import", str(db), "--kind", "penalties", "--quiet", str(tmp_path / "p.csv"))
    assert "0 inserted, 0 updated, 200 unchanged" in out


def test_a_bad_row_rejects_the_file_and_is_named(cli, db, tmp_path):
    code, out, err = cli("import", str(db), "--kind", "penalties", str(generate(tmp_path / "p.csv", 300, bad_row=123)))
    assert code == 1
    assert "nothing was imported" in out
    assert "line 124, column 处罚决定日期: '2017-02-30' is not a date" in err
    assert count(db) == 0


def test_partial_import_commits_the_good_rows_and_writes_rejects(cli, db, tmp_path):
    rejects = tmp_path / "rejects.csv"
    code, out, _ = cli("import", str(db), "--kind", "penalties", "--partial", "--rejects", str(rejects), "--quiet",
                       str(generate(tmp_path / "p.csv", 300, bad_row=7)))
    assert code == 1
    assert "299 inserted" in out and "1 rejected" in out
    assert count(db) == 299
    lines = rejects.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and lines[0].endswith("reject_reason") and "line 8" in lines[1]


def test_export_writes_canonical_columns(cli, db, tmp_path):
    cli("import", str(db), "--kind", "penalties", "--quiet", str(generate(tmp_path / "p.csv", 10)))
    code, out, _ = cli("export", str(db), "--kind", "penalties")
    assert code == 0
    assert out.splitlines()[0].startswith("document_no,subject_code,subject_id_number,subject_name")
    assert len(out.splitlines()) == 11
    code, out, _ = cli("export", str(db), "--kind", "subjects", "--format", "jsonl")
    assert code == 0 and out.startswith("{")


def test_usage_and_operational_errors_have_their_exit_codes(cli, db, tmp_path):
    assert cli("import", str(db), "--kind", "bogus", "x.csv")[0] == 2
    assert cli("import", str(db), "--kind", "penalties", "--encoding", "latin1", "x.csv")[0] == 2
    code, _, err = cli("import", str(db), "--kind", "penalties", str(tmp_path / "missing.csv"))
    assert code == 3 and "missing.csv" in err
    code, _, err = cli("import", str(tmp_path / "nodb.db"), "--kind", "penalties", "x.csv")
    assert code == 3 and "credcheck init" in err


def test_sigkill_during_import_leaves_a_sound_database_with_none_or_all_of_the_file(cli, db, tmp_path):
    rows = 20000
    source = generate(tmp_path / "p.csv", rows)
    binary = os.environ["CREDCHECK_CLI"]
    rng = random.Random(20261128)
    # How long a full import takes here, to spread the kills over it.
    start = time.monotonic()
    subprocess.run([binary, "import", str(db), "--kind", "penalties", "--quiet", str(source)],
                   check=True, capture_output=True)
    full = time.monotonic() - start
    assert count(db) == rows
    fresh = tmp_path / "fresh.db"
    outcomes = {"none": 0, "all": 0}
    for attempt in range(12):
        if not fresh.exists():
            subprocess.run([binary, "init", str(fresh)], check=True, capture_output=True)
        process = subprocess.Popen([binary, "import", str(fresh), "--kind", "penalties", "--quiet", str(source)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.02, full * 1.1))
        process.send_signal(signal.SIGKILL)
        process.wait()
        check, foreign = integrity(fresh)
        assert check == "ok", f"attempt {attempt}: {check}"
        assert foreign == []
        n = count(fresh)
        assert n in (0, rows), f"attempt {attempt}: {n} records, expected none or all"
        outcomes["all" if n == rows else "none"] += 1
        if n == rows:
            for suffix in ("", "-wal", "-shm"):
                Path(str(fresh) + suffix).unlink(missing_ok=True)
    assert outcomes["none"] > 0, outcomes  # the kills did land mid-import
