"""Databases, imports and the must-check from Python, on the bundled demo data."""

import datetime
import os
import threading
from pathlib import Path

import pytest

import credcheck
from credcheck import Effect, Verdict, Via

DEMO = Path(os.environ.get("CREDCHECK_SOURCE_DIR", Path(__file__).resolve().parents[3])) / "data" / "demo"
AS_OF = datetime.date(2026, 11, 28)


def code_of(name):
    for line in (DEMO / "subjects.csv").read_text(encoding="utf-8").splitlines():
        code, subject_name = line.split(",")[:2]
        if subject_name == name:
            return code
    raise KeyError(name)


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("py") / "demo.db"
    with credcheck.Database(path, create=True) as db:
        for kind in ("subjects", "relations", "lists", "licenses", "penalties"):
            report = db.import_file(DEMO / f"{kind}.csv", kind)
            assert report.committed and report.rejected == 0
    return path


def test_a_black_listed_bidder_is_denied_with_its_reason(db_path):
    centre = credcheck.Principal("鄂州市公共资源交易中心", "implementing", "招标科")
    with credcheck.Database(db_path, read_only=True, principal=centre) as db:
        d = db.check(code_of("鄂州市远航建设工程有限公司"), "gov_procurement", as_of=AS_OF)
    assert d.verdict is Verdict.DENY
    assert d.found and d.subject_name == "鄂州市远航建设工程有限公司"
    assert d.as_of == AS_OF
    (m,) = d.measures
    assert m.code == "P.procurement_ban" and m.effect is Effect.PROHIBIT and m.via is Via.SELF
    assert m.source.list == "procurement.serious_violation"
    assert m.source.entered_on == datetime.date(2025, 11, 10)
    assert m.source.expires_on == datetime.date(2027, 11, 10)
    assert m.legal_basis.startswith("中华人民共和国政府采购法 第七十七条")
    assert m.bases[0].id == "gov_procurement_law_77" and m.bases[0].level == "law" and m.bases[0].verified
    assert d.receipt.library_version == credcheck.library_version()
    assert d.receipt.department == "鄂州市公共资源交易中心"
    assert m.source.legal_basis.startswith("政府采购法")
    assert d.json["verdict"] == "deny"


def test_punishment_reaches_the_legal_representative(db_path):
    with credcheck.Database(db_path, read_only=True) as db:
        d = db.check(code_of("王建国"), "high_consumption", as_of="2026-11-28")
    assert d.verdict is Verdict.DENY
    assert d.measures[0].via is Via.ORGANIZATION and d.measures[0].role == "legal_representative"
    assert "*" in d.subject_code  # masked unless asked


def test_a_credit_model_gets_the_green_channel(db_path):
    with credcheck.Database(db_path, read_only=True) as db:
        d = db.check(code_of("鄂州市诚达物流有限公司"), "admin_license", as_of=AS_OF)
    assert d.verdict is Verdict.FAVOR and d.green_channel
    assert "诚信典型 (credit.model)" in d.green_channel_reason


def test_batch_and_errors(db_path):
    with credcheck.Database(db_path, read_only=True) as db:
        decisions = db.check_batch([code_of("鄂州市梁子湖化工有限公司296号"), code_of("鄂州市恒信建材有限公司"), "91350100M000100Y43"],
                                   "public_bidding", as_of=AS_OF)
        assert [d.verdict for d in decisions] == [Verdict.DENY, Verdict.REVIEW, Verdict.ALLOW]
        with pytest.raises(credcheck.InvalidIdentifierError, match="check character"):
            db.check("91350100M000100Y44", "gov_procurement")
        with pytest.raises(credcheck.InvalidArgumentError, match="unknown scenario"):
            db.check(code_of("鄂州市恒信建材有限公司"), "moon_landing")
    with pytest.raises(credcheck.MisuseError):
        db.check(code_of("鄂州市恒信建材有限公司"), "gov_procurement")  # closed


def test_opening_and_importing_failures(db_path, tmp_path):
    with pytest.raises(credcheck.NotFoundError, match="credcheck init"):
        credcheck.Database(tmp_path / "missing.db")
    with pytest.raises(credcheck.ConflictError):
        credcheck.Database(db_path, create=True)
    bad = tmp_path / "bad.csv"
    bad.write_text("list,subject_code,subject_name,department,document_no,entered_on\n"
                   "court.dishonest_debtor,91420704MA00002770,某,法院,X,2024-02-30\n", encoding="utf-8")
    with credcheck.Database(tmp_path / "new.db", create=True) as db:
        with pytest.raises(credcheck.ImportRejectedError, match="line 2") as raised:
            db.import_file(bad, "lists")
        assert raised.value.report.rejected == 1 and not raised.value.report.committed
    with credcheck.Database(db_path, read_only=True) as db:
        with pytest.raises(credcheck.PermissionDeniedError):
            db.import_file(bad, "lists")


def test_one_database_serves_checks_from_many_threads(db_path):
    codes = [code_of("鄂州市远航建设工程有限公司"), code_of("鄂州市诚达物流有限公司"), code_of("鄂州市梁子湖生态农业有限公司")]
    expected = [Verdict.DENY, Verdict.FAVOR, Verdict.DENY]  # no objection filed in this database
    failures = []
    with credcheck.Database(db_path, read_only=True) as db:
        def worker():
            for i in range(60):
                d = db.check(codes[i % 3], "gov_procurement", as_of=AS_OF)
                if d.verdict is not expected[i % 3]:
                    failures.append((codes[i % 3], d.verdict))
        threads = [threading.Thread(target=worker) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert failures == []


def test_a_decision_states_its_grounds(db_path, tmp_path):
    with credcheck.Database(db_path, read_only=True) as db:
        d = db.check(code_of("鄂州市恒信建材有限公司"), "gov_procurement", as_of=AS_OF)
    assert d.caveats == () and d.receipt.data_as_of.endswith("Z")
    assert d.logged is False and "read-only" in d.log_error  # a read-only handle logs nothing, and says so
    with credcheck.Database(db_path, read_only=True, require_log=True) as db:
        with pytest.raises(credcheck.PermissionDeniedError, match="cannot be logged"):
            db.check(code_of("鄂州市恒信建材有限公司"), "gov_procurement", as_of=AS_OF)
    with credcheck.Database(db_path, require_log=True) as db:
        assert db.check(code_of("鄂州市恒信建材有限公司"), "gov_procurement", as_of=AS_OF).logged
    with credcheck.Database(tmp_path / "empty.db", create=True) as db:
        empty = db.check("91420704MA00002770", "gov_procurement")
    assert empty.verdict is Verdict.REVIEW and empty.caveats[0].startswith("no list data loaded")
