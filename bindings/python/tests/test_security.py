"""Principals and the audit trail from Python."""

import pytest

import credcheck

BIDDER = "91420704MA00002770"
FINANCE = "鄂州市财政局"


@pytest.fixture()
def db(tmp_path):
    (tmp_path / "lists.csv").write_text(
        "list,subject_code,subject_name,department,document_no,entered_on\n"
        f"samr.serious_illegal,{BIDDER},鄂州市恒信建材有限公司,鄂州市中级人民法院,(2024)鄂07执1号,2024-06-18\n", encoding="utf-8")
    with credcheck.Database(tmp_path / "s.db", create=True) as database:
        database.set_routes("P.procurement_ban", [FINANCE], as_of="2026-11-28")
        database.import_file(tmp_path / "lists.csv", "lists")
        yield database


def test_a_department_handle_checks_and_is_audited_but_may_not_route(db, tmp_path):
    finance = db.as_principal(credcheck.Principal(FINANCE, "implementing", "张科员"))
    try:
        decision = finance.check(BIDDER, "gov_procurement", as_of="2026-11-28", purpose="采购 1")
        assert decision.receipt.department == FINANCE  # the principal's
        assert decision.verdict is credcheck.Verdict.DENY
        with pytest.raises(credcheck.PermissionDeniedError, match="may not route measures"):
            finance.set_routes("P.procurement_ban", ["鄂州市中级人民法院"])
        assert len(finance.inbox(FINANCE)) == 1
    finally:
        finance.close()
    [entry] = db.audit(decision_id=decision.receipt.id)
    assert entry["action"] == "check" and entry["officer"] == "张科员" and entry["details"]["verdict"] == "deny"
    verification = db.verify_audit()
    assert verification["intact"] and verification["algorithm"] == "sm3"


def test_the_public_reads_only_the_published_lists(db, tmp_path):
    with credcheck.Database(db_path := tmp_path / "s.db", principal=credcheck.Principal("", "public")) as public:
        with pytest.raises(credcheck.PermissionDeniedError):
            public.check(BIDDER, "gov_procurement")
        assert public.export_public_list(tmp_path / "black.csv", "black", as_of="2026-11-28") == 1
    assert db_path.exists()
    with pytest.raises(credcheck.InvalidArgumentError, match="role 'boss'"):
        credcheck.Database(tmp_path / "s.db", principal=credcheck.Principal(FINANCE, "boss"))
