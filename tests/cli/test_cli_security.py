"""The command line acting as a principal (--as), and the audit trail's verify and show."""

import sqlite3


def make_db(cli, tmp_path):
    db = tmp_path / "s.db"
    lists = tmp_path / "lists.csv"
    lists.write_text("list,subject_code,subject_name,department,document_no,entered_on\n"
                     "samr.serious_illegal,91420704MA00002770,鄂州市恒信建材有限公司,鄂州市中级人民法院,(2024)鄂07执1号,2024-06-18\n",
                     encoding="utf-8")
    assert cli("init", str(db))[0] == 0
    assert cli("import", str(db), "--kind", "lists", "--quiet", str(lists))[0] == 0
    return db


def test_a_department_checks_but_may_not_import_or_unmask(cli, tmp_path):
    db = make_db(cli, tmp_path)
    code, out, err = cli("--as", "鄂州市财政局:implementing:张科员", "check", str(db), "--subject", "91420704MA00002770",
                         "--scenario", "gov_procurement", "--as-of", "2026-11-28")
    assert code == 0 and "DENY" in out
    code, out, err = cli("--as", "鄂州市财政局:implementing", "import", str(db), "--kind", "lists", str(tmp_path / "lists.csv"))
    assert code == 3 and "鄂州市财政局 (implementing) may not import lists" in err
    code, out, err = cli("--as", "鄂州市财政局:implementing", "check", str(db), "--subject", "91420704MA00002770",
                         "--scenario", "gov_procurement", "--unmask")
    assert code == 3 and "may not see citizen ID numbers in full" in err
    code, out, err = cli("--as", "鄂州市财政局:boss", "check", str(db), "--subject", "91420704MA00002770", "--scenario", "gov_procurement")
    assert code == 2 and "role 'boss'" in err


def test_audit_verify_names_the_first_broken_entry(cli, tmp_path):
    db = make_db(cli, tmp_path)
    code, out, err = cli("audit", "verify", str(db))
    assert code == 0 and "audit trail intact" in out and "sm3" in out
    code, out, err = cli("audit", "show", str(db), "--format", "json")
    assert code == 0 and '"action": "import"' in out
    with sqlite3.connect(db) as c:
        c.execute("UPDATE audit_log SET officer = 'someone else' WHERE seq = 2")
    code, out, err = cli("audit", "verify", str(db))
    assert code == 1 and "BROKEN at entry 2" in out
    code, out, err = cli("--as", ":public", "audit", "verify", str(db))
    assert code == 3 and "may not verify the audit trail" in err


def test_init_can_choose_sha256(cli, tmp_path):
    db = tmp_path / "sha.db"
    assert cli("init", str(db), "--audit-hash", "sha256")[0] == 0
    code, out, err = cli("audit", "verify", str(db))
    assert code == 0 and "sha256" in out
