"""The office's signed change feed and department replicas, from the command line: the files a replica
must refuse (each naming the file and why, changing nothing), a replica SIGKILLed while it applies, no
citizen ID number in anything that leaves the office, and stale replicas."""

import datetime
import json
import random
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from feed_support import (COURT, ENVIRONMENT, LIST_HEADER, PENALTY_HEADER, SAMR, Office, binary, company, file_bytes, person, replica_content,
                          status, tool)


@pytest.fixture
def office(tmp_path):
    o = Office(tmp_path)
    o.load("subjects", "code,name,kind,established_on,status\n" + "".join(f"{company(i)},公司{i},legal_person,2010-01-01,active\n" for i in range(5)))
    o.load("relations", "organization_code,person_id,person_name,role,valid_from,valid_to\n" + f"{company(1)},{person(1)},张一,legal_representative,2015-01-01,\n")
    o.load("lists", LIST_HEADER + f"court.dishonest_debtor,{company(0)},公司0,{COURT},(2025)鄂07执1号,2025-01-01,,,,\n"
                                  f"court.dishonest_debtor,{person(1)},张一,{COURT},(2025)鄂07执2号,2025-02-01,,,,\n"
                                  f"samr.serious_illegal,{company(2)},公司2,{SAMR},鄂市监严失〔2026〕1号,2026-01-05,2029-01-05,,{person(2)},李二\n")
    o.load("penalties", PENALTY_HEADER + f"鄂环罚〔2025〕1号,{company(3)},公司3,{ENVIRONMENT},2025-06-01,罚款,general\n")
    o.publish()
    return o


def add_entry(office, n):
    office.load("lists", LIST_HEADER + f"court.dishonest_debtor,{company(n)},公司{n},{COURT},(2026)鄂07执{n}号,2026-10-01,,,,\n")


def refused(replica, source, why):
    """`replica apply` exits 3 naming the file and the reason, and the replica is as it was."""
    before, before_status = replica_content(replica), status(replica)
    _, err = tool("replica", "apply", replica, source, code=3)
    assert Path(source).name in err and why in err, err
    assert replica_content(replica) == before
    assert status(replica)["sequence"] == before_status["sequence"]
    return err


def test_a_replica_follows_the_feed_and_answers_as_the_office(office, tmp_path):
    replica = office.replica("finance.db", office.snapshot("start.ccsnap"))
    assert replica_content(replica) == office.projection()
    add_entry(office, 4)
    out = office.publish()
    assert out.startswith("changes ") and "sequence 2" in out
    out, _ = tool("replica", "apply", replica, office.feed)
    assert "skipped feed-000001.ccfeed" in out and "applied feed-000002.ccfeed" in out
    assert replica_content(replica) == office.projection()
    s = status(replica)
    assert s["sequence"] == 2 and s["expired"] is False and s["files_applied"] == 2
    out, _ = tool("replica", "status", replica)
    for words in ("file 2 applied", "data as of", "lag", "expires"):
        assert words in out
    for code in (company(4), person(1), company(1), company(2)):
        office_decision = json.loads(tool("check", office.db, "--subject", code, "--scenario", "gov_procurement", "--json")[0])
        replica_decision = json.loads(tool("--as", f"{SAMR}:implementing:王", "check", replica, "--subject", code, "--scenario",
                                           "gov_procurement", "--json")[0])
        assert replica_decision["verdict"] == office_decision["verdict"], code
        assert replica_decision["measures"] == office_decision["measures"], code
        assert replica_decision["receipt"]["data_expires_at"] == s["expires_at"]
        assert replica_decision["stale"] is False
    assert office.publish().startswith("heartbeat ")


def test_a_replica_refuses_every_file_it_cannot_trust_and_changes_nothing(office, tmp_path):
    replica = office.replica("r.db", office.snapshot("s.ccsnap"))
    add_entry(office, 10)
    office.publish()
    add_entry(office, 11)
    office.publish()
    second, third = office.feed / "feed-000002.ccfeed", office.feed / "feed-000003.ccfeed"

    tampered = bytearray(second.read_bytes())
    tampered[-30] ^= 1
    (tmp_path / "payload.ccfeed").write_bytes(tampered)
    refused(replica, tmp_path / "payload.ccfeed", "payload does not match")

    tampered = bytearray(second.read_bytes())
    at = tampered.find(b'"sequence":2')
    tampered[at + 11] = ord("9")
    (tmp_path / "manifest.ccfeed").write_bytes(tampered)
    refused(replica, tmp_path / "manifest.ccfeed", "signature does not verify")

    (tmp_path / "other").mkdir()
    other = Office(tmp_path / "other")
    other.load("lists", LIST_HEADER + f"court.dishonest_debtor,{company(3)},公司3,{COURT},X,2025-01-01,,,,\n")
    other.publish()
    refused(replica, other.feed / "feed-000001.ccfeed", "signature does not verify")

    refused(replica, third, "gap")
    tool("replica", "apply", replica, second)
    refused(replica, second, "replay")
    tool("replica", "apply", replica, third)
    late = office.replica("late.db", office.snapshot("s3.ccsnap"))
    refused(late, second, "older file after a newer one")

    add_entry(office, 12)
    office.publish("--expires-in", "1s")
    time.sleep(2.2)
    refused(replica, office.feed / "feed-000004.ccfeed", "expired")
    refused(replica, tmp_path / "s.ccsnap", "snapshot")
    _, err = tool("replica", "apply", office.db, office.feed, code=3)
    assert "not a replica" in err


def test_a_replica_refuses_local_writes_to_the_office_data(office, tmp_path):
    replica = office.replica("r.db", office.snapshot("s.ccsnap"))
    before = replica_content(replica)
    path = tmp_path / "mine.csv"
    path.write_text(LIST_HEADER + f"court.dishonest_debtor,{company(4)},公司4,{COURT},Y,2026-01-01,,,,\n", encoding="utf-8")
    _, err = tool("import", replica, "--kind", "lists", "--quiet", path, code=3)
    assert "department replica" in err
    _, err = tool("objection", "file", replica, "--entry", 1, "--by", "公司0", "--reason", "x", code=3)
    assert "department replica" in err
    assert replica_content(replica) == before
    out, _ = tool("audit", "verify", replica)
    assert "intact" in out


def test_sigkill_while_a_replica_applies_leaves_the_previous_version_and_a_new_apply_completes(office, tmp_path):
    rows = 4000
    base = office.replica("base.db", office.snapshot("s.ccsnap"))
    office.load("lists", LIST_HEADER + "".join(f"court.dishonest_debtor,{company(1000 + i)},公司{i},{COURT},(2026)鄂07执恢{i}号,2026-10-01,,,,\n"
                                               for i in range(rows)))
    office.publish()
    probe = tmp_path / "probe.db"
    shutil.copy(base, probe)
    start = time.monotonic()
    tool("replica", "apply", probe, office.feed)
    full = time.monotonic() - start
    expected = replica_content(probe)
    before = replica_content(base)
    rng = random.Random(5)
    outcomes = {"killed before": 0, "finished": 0}
    db = tmp_path / "db.db"
    for attempt in range(8):
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        shutil.copy(base, db)
        process = subprocess.Popen([binary(), "replica", "apply", str(db), str(office.feed)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.0, full * 1.1))
        process.send_signal(signal.SIGKILL)
        _, err = process.communicate()
        killed = process.returncode == -signal.SIGKILL
        assert killed or process.returncode == 0, err
        con = sqlite3.connect(db)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
        content, sequence = replica_content(db), status(db)["sequence"]
        assert (content, sequence) in ((before, 1), (expected, 2)), f"attempt {attempt}: sequence {sequence}"
        outcomes["killed before" if sequence == 1 else "finished"] += 1
        tool("replica", "apply", db, office.feed)  # completes what the kill interrupted
        assert replica_content(db) == expected and status(db)["sequence"] == 2
        out, _ = tool("audit", "verify", db)
        assert "intact" in out
    assert outcomes["killed before"] > 0, outcomes


def test_no_citizen_id_number_leaves_the_office(office, tmp_path):
    ids = [person(1), person(2)]
    office.load("penalties", "document_no,subject_code,subject_name,department,decided_on,penalty_types,severity,legal_representative,"
                             "legal_representative_id\n" + f"鄂环罚〔2026〕9号,{company(4)},公司4,{ENVIRONMENT},2026-06-01,罚款,general,王九,{person(9)}\n")
    ids.append(person(9))
    snapshot = office.snapshot("s.ccsnap")
    replica = office.replica("r.db", snapshot)
    office.publish()
    tool("--as", f"{COURT}:implementing:赵", "check", replica, "--subject", person(1), "--scenario", "gov_procurement", "--purpose",
         f"申请人{person(1)}")
    tool("--as", f"{COURT}:implementing:赵", "check", replica, "--subject", person(77), "--scenario", "gov_procurement")
    ids.append(person(77))
    tool("replica", "apply", replica, office.feed)
    everything = file_bytes(snapshot, replica, *sorted(office.feed.iterdir()))
    office_bytes = file_bytes(office.db)
    for number in ids:
        assert number.encode() not in everything, number
    assert person(1).encode() in office_bytes  # the office's own file is unchanged: it holds them


def test_a_stale_replica_says_so_and_never_allows(office, tmp_path):
    office.publish("--expires-in", "12s")
    replica = office.replica("r.db", office.snapshot("s.ccsnap"))
    expires = datetime.datetime.strptime(status(replica)["expires_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    clean = ["check", replica, "--subject", company(4), "--scenario", "admin_license", "--json"]
    fresh = json.loads(tool(*clean)[0])
    assert fresh["verdict"] == "favor" and fresh["stale"] is False  # three clean years: the green channel
    time.sleep(2.2)  # instants are whole seconds: at least 2 s old now, still before the expiry
    aged = json.loads(tool(*clean, "--max-age", "1s")[0])
    assert aged["stale"] is True and aged["verdict"] == "review" and "1s" in aged["stale_reason"]
    assert aged["green_channel"]["eligible"] is False
    time.sleep(max(0.0, (expires - datetime.datetime.now(datetime.timezone.utc)).total_seconds()) + 1.2)
    expired = json.loads(tool(*clean)[0])
    assert expired["stale"] is True and expired["verdict"] == "review" and "expired" in expired["stale_reason"]
    assert any(c.startswith("stale data") for c in expired["caveats"])
    out, _ = tool("check", replica, "--subject", company(4), "--scenario", "admin_license")
    assert "STALE:" in out
    _, _ = tool("replica", "status", replica, code=1)
