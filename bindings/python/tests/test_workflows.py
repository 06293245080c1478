"""The workflows from Python: calendar, dispatch and feedback, objections, repair, publication, report."""

import datetime
import json

import pytest

import credcheck

BIDDER = "91420704MA00002770"   # on the dishonest-debtor list
COMPANY = "914403001922038216"  # on the serious-illegal list, later repaired
FINANCE = "鄂州市财政局"
SAMR = "鄂州市市场监督管理局"


@pytest.fixture()
def db(tmp_path):
    (tmp_path / "lists.csv").write_text(
        "list,subject_code,subject_name,department,document_no,entered_on,expires_on\n"
        f"samr.serious_illegal,{BIDDER},鄂州市恒信建材有限公司,鄂州市中级人民法院,(2024)鄂07执1号,2024-06-18,\n"
        f"samr.serious_illegal,{COMPANY},深圳某公司,{SAMR},鄂市监严失〔2025〕1号,2025-03-03,2028-03-03\n", encoding="utf-8")
    (tmp_path / "penalties.csv").write_text(
        "document_no,subject_code,subject_name,department,decided_on,penalty_types,severity,legal_representative,legal_representative_id\n"
        f"鄂环罚〔2025〕1号,{BIDDER},鄂州市恒信建材有限公司,鄂州市生态环境局,2025-01-27,罚款,general,王建国,420703197005120018\n",
        encoding="utf-8")
    with credcheck.Database(tmp_path / "w.db", create=True) as database:
        database.set_routes("P.procurement_ban", [FINANCE], as_of="2026-11-28")
        database.import_file(tmp_path / "lists.csv", "lists")
        database.import_file(tmp_path / "penalties.csv", "penalties")
        yield database


def test_the_working_day_calendar(db, tmp_path):
    assert db.is_working_day(datetime.date(2026, 10, 10))  # an adjusted working Saturday
    assert not db.is_working_day("2026-10-01")
    assert db.add_working_days("2025-01-27", 7) == datetime.date(2025, 2, 12)
    assert db.working_days_between("2025-01-27", "2025-02-12") == 7
    with pytest.raises(credcheck.CalendarNotCoveredError, match="2027"):
        db.is_working_day("2027-03-01")
    (tmp_path / "2027.tsv").write_text("date\tkind\tname\n2027-01-01\toff\t元旦\n", encoding="utf-8")
    db.load_calendar(tmp_path / "2027.tsv")
    assert db.is_working_day("2027-03-01")


def test_dispatch_inbox_and_feedback(db):
    notices = db.inbox(FINANCE)
    assert [n["measure"] for n in notices] == ["P.procurement_ban", "P.procurement_ban"]
    assert db.dispatch("2026-11-28") == (0, 0)
    with pytest.raises(credcheck.InvalidArgumentError, match="must say why"):
        db.record_feedback(notice_id=notices[0]["id"], department=FINANCE, outcome="not_applied", officer="张科员", case_ref="采购 1")
    with pytest.raises(credcheck.PermissionDeniedError):
        db.record_feedback(notice_id=notices[0]["id"], department=SAMR, outcome="applied", officer="张科员", case_ref="采购 1")
    db.record_feedback(notice_id=notices[0]["id"], department=FINANCE, outcome="applied", officer="张科员", case_ref="采购 1")
    assert len(db.inbox(FINANCE)) == 1
    assert len(db.inbox(FINANCE, include_answered=True)) == 2

    decision = db.check(BIDDER, "gov_procurement", as_of="2026-11-28")
    db.record_feedback(decision_id=decision.receipt.id, measure="P.procurement_ban", department=FINANCE, outcome="applied",
                       officer="张科员", case_ref="采购 2")


def test_objection_correction_and_revocation(db):
    entry = db.check(COMPANY, "gov_procurement", as_of="2026-11-28").measures[0].source.entry_id
    objection = db.file_objection("entry", entry, filed_by="深圳某公司", reason="移出日期有误", filed_on="2026-09-29")
    [pending] = db.objections(pending_only=True, overdue_on="2026-10-13")
    assert pending["due_on"] == "2026-10-12" and pending["department"] == SAMR
    db.resolve_objection(objection, "corrected", resolved_by=SAMR, resolution="更正", resolved_on="2026-10-09",
                         corrections={"expires_on": "2027-03-03"})
    assert db.objections(pending_only=True) == []
    with pytest.raises(credcheck.InvalidArgumentError, match="correctable"):
        second = db.file_objection("entry", entry, filed_by="深圳某公司", reason="again", filed_on="2026-10-20")
        db.resolve_objection(second, "corrected", resolved_by=SAMR, resolution="x", corrections={"subject_id": "1"})
    db.set_objection_days(3)


def test_repair_names_unmet_conditions_then_lifts_the_measures(db):
    entry = db.check(COMPANY, "gov_procurement", as_of="2026-11-28").measures[0].source.entry_id
    blockers = db.repair_blockers("entry", entry, decided_by=SAMR, repaired_on="2026-11-28")
    assert any("obligations not shown fulfilled" in b for b in blockers)
    assert any("no credit commitment" in b for b in blockers)
    with pytest.raises(credcheck.ConflictError, match="cannot be repaired"):
        db.repair("entry", entry, decided_by=SAMR, evidence="整改验收报告", repaired_on="2026-11-28")
    db.record_commitment(COMPANY, department=SAMR, document_no="承诺〔2026〕1号", signed_on="2026-11-01")
    assert db.repair("entry", entry, decided_by=SAMR, evidence="整改验收报告", repaired_on="2026-11-28") > 0
    assert db.inbox(FINANCE)[0]["cause"] == "repaired"
    assert db.check(COMPANY, "gov_procurement", as_of="2026-11-28").verdict is credcheck.Verdict.ALLOW


def test_publication_public_lists_and_report(db, tmp_path):
    assert db.publication(as_of="2025-02-12") == []
    [overdue] = db.publication(as_of="2025-02-13")
    assert overdue["deadline"] == "2025-02-12" and overdue["working_days_overdue"] == 1
    assert db.export_publication_batch(tmp_path / "batch.csv", "penalties", on="2025-02-13") == 1
    batch = (tmp_path / "batch.csv").read_text(encoding="utf-8")
    assert batch.startswith("行政处罚决定书文号,") and "420703********0018" in batch and "420703197005120018" not in batch
    db.mark_published("鄂州市生态环境局", "鄂环罚〔2025〕1号", published_on="2025-02-12")
    with pytest.raises(credcheck.ConflictError, match="already published"):
        db.mark_published("鄂州市生态环境局", "鄂环罚〔2025〕1号", published_on="2025-02-12")
    assert db.export_public_list(tmp_path / "black.jsonl", "black", as_of="2026-11-28", format="jsonl") == 2
    assert json.loads((tmp_path / "black.jsonl").read_text(encoding="utf-8").splitlines()[0])["list"]
    [row] = db.report("2025-01-01", "2025-12-31", department="鄂州市生态环境局")
    assert row["publication"]["on_time"] == 1 and row["records"]["penalties"] == 1
