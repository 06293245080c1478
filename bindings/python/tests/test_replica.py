"""A department replica from Python: created from the office's snapshot, kept current from the host's
own code, refusing a file it cannot trust, and saying when its data is stale."""

import datetime
import os
import subprocess
import time
from pathlib import Path

import pytest

import credcheck

DEMO = Path(os.environ.get("CREDCHECK_SOURCE_DIR", Path(__file__).resolve().parents[3])) / "data" / "demo"
DENIED = "91420704MA003B2147"  # 鄂州市远航建设工程有限公司, on the finance bureau's procurement black list
FINANCE = credcheck.Principal("鄂州市财政局", "implementing", "张科员")


def tool(*args):
    """The office's side is the command line (the feed is published by the credit office's tools)."""
    subprocess.run([os.environ["CREDCHECK_CLI"], *map(str, args)], check=True, capture_output=True, timeout=300)


@pytest.fixture
def office(tmp_path):
    db = tmp_path / "office.db"
    with credcheck.Database(db, create=True) as office:
        for kind in ("subjects", "relations", "lists", "licenses", "penalties"):
            office.import_file(DEMO / f"{kind}.csv", kind)
    tool("keys", "generate", "--out", tmp_path / "office")
    tool("feed", "publish", db, "--key", tmp_path / "office.pem", "--out", tmp_path / "feed")
    tool("feed", "snapshot", db, "--key", tmp_path / "office.pem", "--out", tmp_path / "start.ccsnap")
    return tmp_path


def test_a_host_creates_its_replica_applies_the_feed_and_checks_on_it(office):
    replica = office / "finance.db"
    credcheck.init_replica(replica, office / "start.ccsnap", office / "office.pub")
    with credcheck.Database(replica, principal=FINANCE) as db:
        status = db.replica_status()
        assert status.sequence == 1 and not status.expired and status.files_applied == 1
        assert isinstance(status.lag, datetime.timedelta)
        d = db.check(DENIED, "gov_procurement")
        assert d.verdict is credcheck.Verdict.DENY
        assert d.receipt.data_expires_at == status.expires_at and d.receipt.data_as_of == status.data_as_of
        assert d.stale is False and d.stale_reason is None

        applied, after = db.replica_apply(office / "feed")
        assert applied == 0 and after.sequence == 1  # the snapshot held file 1 already
        tool("feed", "publish", office / "office.db", "--key", office / "office.pem", "--out", office / "feed")
        applied, after = db.replica_apply(office / "feed")
        assert applied == 1 and after.sequence == 2


def test_a_tampered_file_is_refused_and_nothing_changes(office):
    replica = office / "r.db"
    credcheck.init_replica(replica, office / "start.ccsnap", office / "office.pub")
    tool("feed", "publish", office / "office.db", "--key", office / "office.pem", "--out", office / "feed")
    second = office / "feed" / "feed-000002.ccfeed"
    data = bytearray(second.read_bytes())
    data[data.find(b'"kind":"heartbeat"') + 9] = ord("H")  # "Heartbeat": one letter of the signed manifest
    second.write_bytes(bytes(data))
    with credcheck.Database(replica) as db:
        with pytest.raises(credcheck.FeedRefusedError) as refused:
            db.replica_apply(second)
        assert "feed-000002.ccfeed" in str(refused.value) and "signature does not verify" in str(refused.value)
        assert refused.value.status == 17
        assert db.replica_status().sequence == 1


def test_a_bad_snapshot_leaves_no_replica(office, tmp_path):
    with pytest.raises(credcheck.FeedRefusedError):
        credcheck.init_replica(tmp_path / "x.db", office / "feed" / "feed-000001.ccfeed", office / "office.pub")
    assert not (tmp_path / "x.db").exists()
    with pytest.raises(credcheck.ConflictError):
        with credcheck.Database(office / "office.db") as db:
            db.replica_status()


def test_a_host_sets_a_maximum_age_and_stale_decisions_are_at_least_review(office):
    replica = office / "r.db"
    credcheck.init_replica(replica, office / "start.ccsnap", office / "office.pub")
    time.sleep(2.1)
    with credcheck.Database(replica, principal=FINANCE, max_data_age=datetime.timedelta(seconds=1)) as db:
        d = db.check("91420704MA003B206C", "gov_procurement")  # nothing against it
        assert d.stale is True and "accepts" in d.stale_reason
        assert d.verdict is credcheck.Verdict.REVIEW
        assert any(c.startswith("stale data") for c in d.caveats)


def test_a_replica_returns_its_checks_to_the_office_from_the_host(office):
    """The finance bureau's host checks on its replica and returns its checks from its own code; the
    office verifies the return against the key it registered for the bureau and counts them as its acts."""
    replica = office / "finance.db"
    credcheck.init_replica(replica, office / "start.ccsnap", office / "office.pub")
    tool("keys", "generate", "--out", office / "finance")
    tool("keys", "register", office / "office.db", "--department", FINANCE.department, "--public-key", office / "finance.pub")
    with credcheck.Database(replica, principal=FINANCE) as db:
        assert db.check(DENIED, "gov_procurement", purpose="采购项目 2026-118").verdict is credcheck.Verdict.DENY
        sequence, items = db.outbox_export(office / "finance.pem", office / "return-1.json")
        assert sequence == 1 and items >= 1
        with pytest.raises(credcheck.ConflictError):  # a return never replaces a file
            db.outbox_export(office / "finance.pem", office / "return-1.json")
    out = subprocess.run([os.environ["CREDCHECK_CLI"], "outbox", "import", office / "office.db", office / "return-1.json"],
                         check=True, capture_output=True, text=True, timeout=300).stdout
    assert FINANCE.department in out
    with credcheck.Database(office / "office.db") as office_db:  # the credit office returns nothing to itself
        with pytest.raises(credcheck.PermissionDeniedError):
            office_db.outbox_export(office / "finance.pem", office / "return-2.json")
    with credcheck.Database(office / "office.db", principal=FINANCE) as office_db:  # and its file is no replica
        with pytest.raises(credcheck.ConflictError):
            office_db.outbox_export(office / "finance.pem", office / "return-2.json")
