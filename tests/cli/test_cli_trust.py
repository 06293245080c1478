"""Trust in the answer from the command line (issue 11): the principal is explicit, stored text cannot
forge output, a check that cannot be logged says so, personal data stays masked, and the audit trail
checks the data itself."""

import json
import os
import sqlite3
import subprocess
import threading

BIDDER = "91420704MA00002770"
LISTS = ("list,subject_code,subject_name,department,document_no,entered_on\n"
         f"samr.serious_illegal,{BIDDER},鄂州市恒信建材有限公司,鄂州市中级人民法院,(2024)鄂07执1号,2024-06-18\n")


def make_db(cli, tmp_path, lists=LISTS):
    db = tmp_path / "t.db"
    (tmp_path / "lists.csv").write_text(lists, encoding="utf-8")
    assert cli("init", str(db))[0] == 0
    assert cli("import", str(db), "--kind", "lists", "--quiet", str(tmp_path / "lists.csv"))[0] == 0
    return db


def run_env(env_as, *args):
    env = dict(os.environ)
    env.pop("CREDCHECK_AS", None)
    if env_as is not None:
        env["CREDCHECK_AS"] = env_as
    done = subprocess.run([os.environ["CREDCHECK_CLI"], *args], capture_output=True, text=True, env=env, timeout=120)
    return done.returncode, done.stdout, done.stderr


def test_an_empty_or_malformed_principal_is_a_usage_error_never_the_credit_office(cli, tmp_path):
    db = make_db(cli, tmp_path)
    for extra in (["--as", ""], ["--as", "   "], ["--as", "鄂州市财政局"], ["--as", ":implementing:张"]):
        code, out, err = run_env(None, *extra, "export", str(db), "--kind", "lists")
        assert code == 2, (extra, out, err)
        assert out == ""
    code, out, err = run_env("", "export", str(db), "--kind", "lists")
    assert code == 2 and "principal is empty" in err
    code, out, err = run_env("鄂州市财政局:implementing:张科员", "export", str(db), "--kind", "lists")
    assert code == 3 and "may not export" in err
    assert run_env(None, "export", str(db), "--kind", "lists")[0] == 0  # neither given: the credit office's own tool


def test_a_newline_in_an_officer_name_cannot_forge_a_line_of_audit_show(cli, tmp_path):
    db = make_db(cli, tmp_path)
    forged = "张科员\n#99 2026-01-01T00:00:00Z - credit_office 王主任 import"
    code, out, err = cli("--as", f"鄂州市财政局:implementing:{forged}", "check", str(db), "--subject", BIDDER, "--scenario",
                         "gov_procurement", "--as-of", "2026-11-28")
    assert code == 0
    code, out, err = cli("audit", "show", str(db))
    assert code == 0
    lines = out.splitlines()
    assert not any(line.startswith("#99") for line in lines)
    assert any("张科员\\n#99" in line for line in lines)
    code, out, err = cli("audit", "show", str(db), "--format", "json")
    assert forged in [e["officer"] for e in json.loads(out)]  # stored as given


def test_no_list_data_answers_review_with_the_reason_and_provenance(cli, tmp_path):
    db = tmp_path / "empty.db"
    assert cli("init", str(db))[0] == 0
    code, out, err = cli("check", str(db), "--subject", BIDDER, "--scenario", "gov_procurement", "--json")
    assert code == 0
    d = json.loads(out)
    assert d["verdict"] == "review"
    assert d["caveats"][0].startswith("no list data loaded")
    assert d["receipt"]["data_version"] >= 1 and d["receipt"]["data_as_of"].endswith("Z")
    assert d["logged"] is True and d["log_error"] is None
    code, out, err = cli("check", str(db), "--subject", BIDDER, "--scenario", "gov_procurement")
    assert "REVIEW" in out and "caveat: no list data loaded" in out


def test_a_check_that_cannot_be_logged_says_so_and_require_log_fails(cli, tmp_path):
    db = make_db(cli, tmp_path)
    holder = sqlite3.connect(db, timeout=1, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # a writer holding the lock past the busy timeout
    try:
        code, out, err = cli("check", str(db), "--subject", BIDDER, "--scenario", "gov_procurement", "--as-of", "2026-11-28",
                             "--json")
        assert code == 0, err
        d = json.loads(out)
        assert d["verdict"] == "deny" and d["logged"] is False and "locked" in d["log_error"]
        assert "were not recorded in the check log" in err
        code, out, err = cli("check", str(db), "--subject", BIDDER, "--scenario", "gov_procurement", "--require-log")
        assert code == 3 and out == ""
        assert "could not be logged" in err
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    code, out, err = cli("check", str(db), "--subject", BIDDER, "--scenario", "gov_procurement", "--require-log", "--json")
    assert code == 0 and json.loads(out)["logged"] is True


def test_an_id_like_input_is_masked_in_every_error_and_echo(cli, tmp_path):
    db = make_db(cli, tmp_path)
    typo = "4207041980010110931"  # 19 characters: no valid ID, still personal
    code, out, err = cli("check", str(db), "--subject", typo, "--scenario", "gov_procurement")
    assert code == 2 and typo not in err and "420704*********0931" in err
    (tmp_path / "codes.txt").write_text(f"{BIDDER}\n{typo}\n", encoding="utf-8")
    code, out, err = cli("check-batch", str(db), "--scenario", "gov_procurement", "--in", str(tmp_path / "codes.txt"))
    assert typo not in out + err
    for args in ([typo], ["--json", typo]):
        code, out, err = cli("validate", *args)
        assert code == 1 and typo not in out + err and "420704*********0931" in out
    person = "420704198001011237"
    code, out, err = cli("check", str(db), "--subject", person, "--scenario", "gov_procurement", "--json")
    assert code == 0 and person not in out and json.loads(out)["subject"]["code"] == "420704********1237"
    (tmp_path / "bad.csv").write_text("list,subject_code,subject_name,department,document_no,entered_on,responsible_person_id\n"
                                      f"samr.serious_illegal,{BIDDER},甲,鄂州市中级人民法院,X1,2024-06-18,{typo}\n", encoding="utf-8")
    code, out, err = cli("import", str(db), "--kind", "lists", str(tmp_path / "bad.csv"), "--partial", "--rejects",
                         str(tmp_path / "rejects.csv"))
    assert code == 1 and typo not in out + err


def test_audit_verify_catches_an_entry_ended_by_hand_and_a_deleted_trail(cli, tmp_path):
    db = make_db(cli, tmp_path)
    code, out, err = cli("audit", "verify", str(db))
    assert code == 0 and "data matches the trail" in out
    with sqlite3.connect(db) as c:
        c.execute("UPDATE list_entries SET status = 'removed'")
    code, out, err = cli("check", str(db), "--subject", BIDDER, "--scenario", "gov_procurement")
    assert "ALLOW" in out  # what the edit did to the answer
    code, out, err = cli("audit", "verify", str(db))
    assert code == 1 and "the DATA does not match it" in out and "list_entries row 1 differs" in out
    with sqlite3.connect(db) as c:
        c.executescript("DELETE FROM audit_log; DELETE FROM history; DELETE FROM audit_images;")
    code, out, err = cli("audit", "verify", str(db))
    assert code == 1 and "vouched for by no audit entry" in out


def test_registry_facts_need_the_credit_office_or_a_designated_authority(cli, tmp_path):
    db = make_db(cli, tmp_path)
    (tmp_path / "subjects.csv").write_text(f"code,name,kind,established_on,status\n{BIDDER},鄂州市恒信建材有限公司,legal_person,2010-01-01,revoked\n",
                                           encoding="utf-8")
    samr = "鄂州市市场监督管理局:initiating:登记科"
    code, out, err = cli("--as", samr, "import", str(db), "--kind", "subjects", str(tmp_path / "subjects.csv"))
    assert code == 3 and "registry facts are written by the credit office" in err
    code, out, err = cli("departments", "designate", str(db), "--department", "鄂州市市场监督管理局")
    assert code == 3 and "no department" in err  # not known yet
    (tmp_path / "pen.csv").write_text("document_no,subject_code,subject_name,department,decided_on,penalty_types,severity\n"
                                      f"鄂市监罚〔2026〕1号,{BIDDER},鄂州市恒信建材有限公司,鄂州市市场监督管理局,2026-05-05,警告,minor\n",
                                      encoding="utf-8")
    assert cli("--as", samr, "import", str(db), "--kind", "penalties", str(tmp_path / "pen.csv"))[0] == 0
    assert cli("--as", "鄂州市财政局:initiating:x", "departments", "designate", str(db), "--department", "鄂州市市场监督管理局")[0] == 3
    assert cli("departments", "designate", str(db), "--department", "鄂州市市场监督管理局")[0] == 0
    code, out, err = cli("departments", "list", str(db))
    assert "鄂州市市场监督管理局" in out and "registration authority" in out
    code, out, err = cli("--as", samr, "import", str(db), "--kind", "subjects", str(tmp_path / "subjects.csv"))
    assert code == 0, err
    assert cli("audit", "verify", str(db))[0] == 0
