"""The workflows from the command line: calendar, routes, dispatch, inbox, feedback, objections,
commitments, repair, publicity and the report, on tiny department files written in tmp_path.

Every date the library decides by is passed explicitly, so the tests mean the same whatever day they run."""

import csv
import io
import json

import pytest

COURT = "鄂州市中级人民法院"
SAMR = "鄂州市市场监督管理局"
ENVIRONMENT = "鄂州市生态环境局"
FINANCE = "鄂州市财政局"
TRADING = "鄂州市公共资源交易中心"

HENGXIN = "91420704MA003B1T7L"   # 鄂州市恒信建材有限公司
CHENGDA = "91420704MA003B1U5F"   # 鄂州市诚达物流有限公司
FARM = "91420702MA003B1XXY"      # 鄂州市梁子湖生态农业有限公司
XINYUAN = "91420704MA003B206C"   # 鄂州市鑫源化工有限公司
WANG = "420703197005120018"      # 王建国
WANG_MASKED = "420703********0018"

LIST_HEADER = "list,subject_code,subject_name,department,document_no,entered_on,expires_on,status,responsible_person_id,responsible_person_name\n"
PENALTY_HEADER = ("document_no,subject_code,subject_name,department,decided_on,penalty_types,severity,legal_representative,"
                  "legal_representative_id\n")


@pytest.fixture
def run(cli):
    """Runs the tool and asserts its exit code; returns (stdout, stderr)."""

    def go(*args, code=0):
        got, out, err = cli(*[str(a) for a in args])
        assert got == code, f"exit {got}, expected {code}\nstdout: {out}\nstderr: {err}"
        return out, err

    return go


@pytest.fixture
def db(run, tmp_path):
    path = tmp_path / "credcheck.db"
    run("init", path)
    return path


@pytest.fixture
def load(run, db, tmp_path):
    """Imports rows of a kind (a header line is added) into the database."""
    counter = iter(range(1000))

    def go(kind, rows):
        header = {"lists": LIST_HEADER, "penalties": PENALTY_HEADER}[kind]
        path = tmp_path / f"{kind}-{next(counter)}.csv"
        path.write_text(header + rows, encoding="utf-8")
        run("import", db, path, "--kind", kind, "--quiet")

    return go


def routes(run, db, tmp_path, text, as_of="2026-10-20", code=0):
    path = tmp_path / "routes.csv"
    path.write_text(text, encoding="utf-8")
    return run("routes", "load", db, path, "--as-of", as_of, code=code)


def json_of(run, *args):
    out, _ = run(*args)
    return json.loads(out)


# --- calendar --------------------------------------------------------------------------------------

def test_calendar_load_extends_the_years_and_counts_across_them(run, db, tmp_path):
    out, _ = run("calendar", "show", db)
    assert "2017–2026" in out
    _, err = run("calendar", "workdays", db, "2026-12-30", "--add", "3", code=3)
    assert "does not cover 2027-01-01" in err and "2017–2026" in err

    tsv = tmp_path / "2027.tsv"
    tsv.write_text("date\tkind\tname\n# 国务院办公厅关于2027年部分节假日安排的通知\n2027-01-01\toff\t元旦\n2027-02-20\twork\t春节\n",
                   encoding="utf-8")
    out, _ = run("calendar", "load", db, tsv)
    assert "loaded 2 listed days for 2027" in out and "covers 2017–2027" in out

    out, _ = run("calendar", "workdays", db, "2026-12-30", "--add", "3")
    assert out.strip() == "2027-01-05"  # 31 Dec, then 元旦 and the weekend are skipped
    out, _ = run("calendar", "workdays", db, "2026-12-30", "--to", "2027-01-05")
    assert out.strip() == "3"
    out, _ = run("calendar", "show", db, "--year", "2027")
    assert "2027-01-01  off   元旦" in out and "2027-02-20  work  春节" in out and "1 days off, 1 adjusted working days" in out


def test_is_working_day_answers_yes_no_or_error(run, db):
    out, _ = run("calendar", "is-working-day", db, "2026-10-01", code=1)
    assert "not a working day" in out and "国庆节" in out
    out, _ = run("calendar", "is-working-day", db, "2026-09-30")
    assert "is a working day" in out
    out, _ = run("calendar", "is-working-day", db, "2026-02-28")  # an adjusted working Saturday (春节)
    assert "adjusted working day" in out
    _, err = run("calendar", "is-working-day", db, "2028-03-01", code=3)
    assert "does not cover 2028-03-01" in err and "2017–2026" in err
    _, err = run("calendar", "show", db, "--year", "2030", code=3)
    assert "does not cover 2030" in err


def test_calendar_refusals(run, db, tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("date\tkind\tname\n2027-01-01\toff\t元旦\n2027-01-01\toff\t元旦\n", encoding="utf-8")
    _, err = run("calendar", "load", db, bad, code=2)
    assert "bad.tsv line 3" in err
    _, err = run("calendar", "load", db, tmp_path / "missing.tsv", code=3)
    assert "cannot read" in err
    run("calendar", "workdays", db, "2026-12-01", code=2)  # neither --add nor --to
    run("calendar", "workdays", db, "2026-12-01", "--add", "1", "--to", "2026-12-03", code=2)
    _, err = run("calendar", "is-working-day", db, "2026-02-30", code=2)
    assert "2026-02-30" in err


# --- routes, dispatch, inbox, feedback ------------------------------------------------------------

def test_routes_notices_feedback_and_the_initiating_view(run, db, load, tmp_path):
    load("lists", f"samr.serious_illegal,{HENGXIN},鄂州市恒信建材有限公司,{COURT},(2026)鄂07执1号,2026-06-18,,,,\n"
                  f"samr.serious_illegal,{CHENGDA},鄂州市诚达物流有限公司,{COURT},(2026)鄂07执2号,2026-06-18,2099-01-01,,,\n")
    out, _ = routes(run, db, tmp_path, f"measure,department\nP.procurement_ban,{FINANCE}\nP.bidding_restriction,{TRADING}\n")
    assert f"created department {FINANCE}" in out and f"created department {TRADING}" in out
    out, _ = run("routes", "show", db)
    assert "P.procurement_ban" in out and FINANCE in out and "2 routes" in out

    notices = json_of(run, "inbox", db, "--department", FINANCE, "--as-of", "2026-11-28", "--format", "json")
    assert [(n["kind"], n["cause"], n["measure"]) for n in notices] == [("apply", "entered", "P.procurement_ban")] * 2
    assert {n["document_no"] for n in notices} == {"(2026)鄂07执1号", "(2026)鄂07执2号"}
    out, _ = run("inbox", db, "--department", FINANCE, "--as-of", "2026-11-28")
    assert "鄂州市恒信建材有限公司" in out and "2 notices awaiting an answer, 2 pending feedback" in out

    first = next(n for n in notices if n["document_no"] == "(2026)鄂07执1号")
    feedback = ["feedback", db, "--notice", first["id"], "--department", FINANCE, "--officer", "张科员", "--case", "鄂财采〔2026〕88号",
                "--on", "2026-11-28"]
    out, _ = run(*feedback, "--outcome", "applied")
    assert f"notice #{first['id']} applied" in out
    _, err = run(*feedback, "--outcome", "applied", code=3)
    assert "already has feedback" in err

    trading = json_of(run, "inbox", db, "--department", TRADING, "--as-of", "2026-11-28", "--format", "json")
    _, err = run("feedback", db, "--notice", trading[0]["id"], "--department", TRADING, "--outcome", "not_applied", "--officer", "李科员",
                 "--case", "交易 2026-1", code=2)
    assert "must say why" in err
    _, err = run("feedback", db, "--notice", trading[0]["id"], "--department", FINANCE, "--outcome", "applied", "--officer", "张科员",
                 "--case", "x", code=3)
    assert "went to another department" in err
    run("feedback", db, "--notice", first["id"], "--department", FINANCE, "--outcome", "applied", "--case", "x", code=2)  # no officer
    run("feedback", db, "--department", FINANCE, "--outcome", "applied", "--officer", "张科员", "--case", "x", code=2)  # nothing answered
    _, err = run("feedback", db, "--decision", "no-such-receipt", "--department", FINANCE, "--outcome", "applied", "--officer", "张科员",
                 "--case", "x", code=3)
    assert "no logged check decision 'no-such-receipt'" in err

    pending = json_of(run, "inbox", db, "--department", FINANCE, "--as-of", "2026-11-28", "--format", "json")
    assert [n["document_no"] for n in pending] == ["(2026)鄂07执2号"]
    answered = json_of(run, "inbox", db, "--department", FINANCE, "--as-of", "2026-11-28", "--all", "--format", "json")
    assert sorted(n["feedback"] or "" for n in answered) == ["", "applied"]

    status = json_of(run, "dispatch", "status", db, "--department", COURT, "--format", "json")
    by_document = {e["document_no"]: e for e in status}
    assert by_document["(2026)鄂07执1号"]["notices"] == 2 and by_document["(2026)鄂07执1号"]["answered"] == 1
    assert by_document["(2026)鄂07执1号"]["applied"] == 1
    out, _ = run("dispatch", "status", db, "--department", COURT)
    assert "2 list entries, 4 apply notices, 1 answered" in out
    _, err = run("dispatch", "status", db, "--department", "鄂州市不存在局", code=3)
    assert "no department '鄂州市不存在局'" in err

    out, _ = run("dispatch", db, "--as-of", "2026-11-28")
    assert "0 apply notices, 0 lift notices" in out
    # A later day is refused, whoever asks: only the office's clock turns an expiry into a lift notice
    # (issue 11: a department's `dispatch --as-of 2100-01-01` once lifted entries in force until 2028).
    for who in ([], ["--as", f"{FINANCE}:implementing:张科员"], ["--as", f"{COURT}:initiating:王法官"]):
        _, err = run(*who, "inbox", db, "--department", FINANCE, "--as-of", "2099-01-02", "--format", "json", code=2)
        assert "it is after today" in err
        _, err = run(*who, "dispatch", db, "--as-of", "2100-01-01", code=2)
        assert "it is after today" in err
    assert json_of(run, "inbox", db, "--department", FINANCE, "--all", "--format", "json")[0]["kind"] == "apply"
    run("dispatch", code=2)  # no database


def test_routes_refusals(run, db, tmp_path):
    _, err = routes(run, db, tmp_path, f"measure,department\nP.no_such,{FINANCE}\n", code=2)
    assert "has no measure 'P.no_such'" in err
    _, err = routes(run, db, tmp_path, f"measure,dept\nP.procurement_ban,{FINANCE}\n", code=2)
    assert "measure,department" in err
    out, _ = run("routes", "show", db)
    assert "0 routes" in out  # nothing changed
    _, err = run("inbox", db, "--department", FINANCE, "--as-of", "2026-11-28", code=3)
    assert f"no department '{FINANCE}'" in err


# --- objections -------------------------------------------------------------------------------------

def test_objections_deadline_overdue_correction_and_revocation(run, db, load, tmp_path):
    load("lists", f"samr.serious_illegal,{FARM},鄂州市梁子湖生态农业有限公司,{SAMR},鄂市监严失〔2026〕2号,2026-03-02,2029-03-02,,,\n"
                  f"samr.serious_illegal,{HENGXIN},鄂州市恒信建材有限公司,{COURT},(2026)鄂07执1号,2026-06-18,,,,\n")
    routes(run, db, tmp_path, f"measure,department\nP.procurement_ban,{FINANCE}\n")
    samr_entry = json_of(run, "dispatch", "status", db, "--department", SAMR, "--format", "json")[0]["entry_id"]
    court_entry = json_of(run, "dispatch", "status", db, "--department", COURT, "--format", "json")[0]["entry_id"]

    out, _ = run("objection", "days", db)
    assert "within 5 working days" in out
    out, _ = run("objection", "file", db, "--entry", samr_entry, "--by", "鄂州市梁子湖生态农业有限公司", "--reason", "未达到列入标准",
                 "--on", "2026-09-29")
    assert out.startswith("objection #1 filed against") and "deadline 2026-10-12" in out  # across 国庆节
    _, err = run("objection", "file", db, "--entry", samr_entry, "--by", "x", "--reason", "again", "--on", "2026-09-30", code=3)
    assert "already has pending objection #1" in err
    _, err = run("objection", "file", db, "--entry", 99999, "--by", "x", "--reason", "y", code=3)
    assert "no entry with id 99999" in err
    run("objection", "file", db, "--entry", samr_entry, "--record", 1, "--by", "x", "--reason", "y", code=2)

    overdue = ["objection", "list", db, "--overdue", "--format", "json", "--as-of"]
    assert json_of(run, *overdue, "2026-10-12") == []  # the last day is not late
    late = json_of(run, *overdue, "2026-10-13")
    assert [(o["id"], o["status"], o["due_on"], o["department"]) for o in late] == [(1, "pending", "2026-10-12", SAMR)]
    assert json_of(run, *overdue, "2026-10-13", "--department", COURT) == []
    out, _ = run("objection", "list", db, "--overdue", "--as-of", "2026-10-13")
    assert "1 objections overdue on 2026-10-13" in out

    resolve = ["objection", "resolve", db, 1, "--by", SAMR, "--resolution", "移出日期更正", "--on", "2026-10-14"]
    _, err = run(*resolve, "--outcome", "corrected", code=2)
    assert "at least one correction" in err
    _, err = run(*resolve, "--outcome", "corrected", "--set", "subject_id=1", code=2)
    assert "cannot correct the entry's 'subject_id'" in err
    _, err = run(*resolve, "--outcome", "corrected", "--set", "expires_on", code=2)
    assert "COLUMN=VALUE" in err
    out, _ = run(*resolve, "--outcome", "corrected", "--set", "expires_on=2028/3/2")
    assert "resolved on 2026-10-14: corrected" in out and "expires_on = 2028/3/2" in out
    _, err = run(*resolve, "--outcome", "upheld", code=3)
    assert "already resolved (corrected)" in err
    assert json_of(run, "objection", "list", db, "--pending", "--format", "json") == []

    # Revoked: the entry is removed and the departments told to apply its measures are told to lift them.
    run("objection", "file", db, "--entry", court_entry, "--by", "鄂州市恒信建材有限公司", "--reason", "已履行", "--on", "2026-11-20")
    out, _ = run("objection", "resolve", db, 2, "--outcome", "revoked", "--by", COURT, "--resolution", "确已履行，撤销", "--on", "2026-11-27")
    assert "revoked" in out
    notices = json_of(run, "inbox", db, "--department", FINANCE, "--as-of", "2026-11-28", "--format", "json")
    assert (notices[0]["kind"], notices[0]["cause"], notices[0]["entry_id"]) == ("lift", "revoked", court_entry)
    every = json_of(run, "objection", "list", db, "--format", "json")
    assert [o["status"] for o in every] == ["corrected", "revoked"]

    out, _ = run("objection", "days", db, 3)
    assert "within 3 working days" in out
    _, err = run("objection", "days", db, 0, code=2)
    assert "expected 1 to 60" in err


# --- commitment and repair --------------------------------------------------------------------------

def test_repair_check_lists_unmet_conditions_until_a_commitment_makes_it_possible(run, db, load):
    load("penalties", f"鄂环罚〔2026〕5号,{XINYUAN},鄂州市鑫源化工有限公司,{ENVIRONMENT},2026-05-11,罚款,general,,\n")
    items = json_of(run, "publicity", db, "--overdue", "--as-of", "2026-06-30", "--format", "json")
    record = items[0]["record_id"]
    assert items[0]["document_no"] == "鄂环罚〔2026〕5号"

    repair = ["repair", db, "--record", record, "--by", ENVIRONMENT]
    out, _ = run(*repair, "--on", "2026-07-01", "--check", code=1)
    assert "unmet: minimum publicity period not passed: repair possible from 2026-08-11" in out
    assert "unmet: obligations not shown fulfilled" in out and "unmet: no credit commitment (信用承诺)" in out
    assert "cannot be repaired on 2026-07-01" in out
    _, err = run(*repair, "--on", "2026-07-01", "--evidence", "罚款缴纳凭证 No.2026-0815", code=3)
    assert "cannot be repaired on 2026-07-01" in err and "minimum publicity period" in err and "credit commitment" in err

    commitment = ["commitment", db, "--subject", XINYUAN, "--department", ENVIRONMENT, "--document-no", "鄂环承诺〔2026〕3号",
                  "--on", "2026-08-01", "--content", "依法经营"]
    out, _ = run(*commitment)
    assert out.startswith("commitment record #")
    assert run(*commitment)[0] == out  # the same commitment again is the same record
    _, err = run("commitment", db, "--subject", CHENGDA, "--department", ENVIRONMENT, "--document-no", "x", "--on", "2026-08-01", code=3)
    assert "no subject with code" in err
    run("commitment", db, "--subject", XINYUAN, "--department", ENVIRONMENT, code=2)  # no --document-no
    run("commitment", db, "--subject", XINYUAN, "--department", ENVIRONMENT, "--document-no", "y", "--by", "窗口", code=2)  # who acts is --as

    out, _ = run(*repair, "--on", "2026-08-11", "--evidence", "罚款缴纳凭证 No.2026-0815", "--check")
    assert "unmet" not in out and "can be repaired on 2026-08-11" in out
    out, _ = run(*repair, "--on", "2026-08-11", "--evidence", "罚款缴纳凭证 No.2026-0815")
    assert out.startswith("repair #1: record") and "repaired on 2026-08-11" in out
    _, err = run(*repair, "--on", "2026-08-12", "--evidence", "x", code=3)
    assert "repaired" in err
    _, err = run("repair", db, "--record", 99999, "--by", ENVIRONMENT, "--evidence", "x", "--on", "2026-08-11", code=3)
    assert "no record with id 99999" in err
    run("repair", db, "--by", ENVIRONMENT, "--evidence", "x", code=2)  # neither --entry nor --record


# --- publicity --------------------------------------------------------------------------------------

def test_publicity_overdue_on_working_days_and_mark_published(run, db, load):
    load("penalties", f"鄂环罚〔2025〕1号,{XINYUAN},鄂州市鑫源化工有限公司,{ENVIRONMENT},2025-01-27,罚款,general,,\n")
    out, _ = run("publicity", db, "--overdue", "--as-of", "2025-02-12")
    assert "0 records overdue for publication on 2025-02-12" in out  # the deadline day itself is not late
    out, _ = run("publicity", db, "--overdue", "--as-of", "2025-02-13")
    assert "鄂环罚〔2025〕1号" in out and "1 working days overdue" in out and "1 records overdue" in out
    items = json_of(run, "publicity", db, "--overdue", "--as-of", "2025-02-13", "--format", "json")
    assert [(i["state"], i["deadline"], i["working_days_overdue"]) for i in items] == [("overdue", "2025-02-12", 1)]
    out, _ = run("publicity", db, "--overdue", "--as-of", "2025-02-13", "--department", ENVIRONMENT, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["document_no"], r["deadline"], r["state"]) for r in rows] == [("鄂环罚〔2025〕1号", "2025-02-12", "overdue")]

    mark = ["publicity", db, "--mark-published", "--department", ENVIRONMENT, "--document-no", "鄂环罚〔2025〕1号"]
    _, err = run(*mark, "--on", "2025-01-26", code=2)
    assert "鄂环罚〔2025〕1号" in err
    out, _ = run(*mark, "--on", "2025-02-14")
    assert "published on 2025-02-14" in out
    _, err = run(*mark, "--on", "2025-02-15", code=3)
    assert "already published on 2025-02-14" in err
    assert json_of(run, "publicity", db, "--overdue", "--as-of", "2025-02-13", "--format", "json") == []

    run("publicity", db, "--mark-published", "--department", ENVIRONMENT, code=2)  # no --document-no
    run("publicity", db, code=2)                                                                  # no mode
    run("publicity", db, "--overdue", "--list", "black", code=2)                                  # two modes
    _, err = run("publicity", db, "--overdue", "--format", "jsonl", code=2)
    assert "--overdue writes table, csv, json" in err


def test_publicity_batch_and_public_lists_mask_id_numbers(run, db, load, tmp_path):
    load("penalties", f"鄂环罚〔2026〕11号,{XINYUAN},鄂州市鑫源化工有限公司,{ENVIRONMENT},2026-11-20,罚款,serious,王建国,{WANG}\n"
                      f"鄂环罚〔2026〕9号,{CHENGDA},鄂州市诚达物流有限公司,{ENVIRONMENT},2026-05-11,警告,minor,,\n")
    out, err = run("publicity", db, "--due", "2026-11-28", "--kind", "penalties")
    assert out.startswith("行政处罚决定书文号,")
    assert "鄂环罚〔2026〕11号" in out and "鄂环罚〔2026〕9号" not in out  # minor decisions are not published (36号)
    assert WANG not in out and WANG_MASKED in out
    assert "1 penalties to publish on 2026-11-28" in err
    batch = tmp_path / "batch.jsonl"
    run("publicity", db, "--due", "2026-11-28", "--kind", "penalties", "--format", "jsonl", "--out", batch)
    rows = [json.loads(line) for line in batch.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 1 and "行政处罚决定书文号" in rows[0]
    run("publicity", db, "--due", "2026-11-28", code=2)  # no --kind
    run("publicity", db, "--due", "2026-11-28", "--kind", "penalties", "--format", "json", code=2)

    load("lists", f"samr.serious_illegal,{WANG},王建国,{COURT},(2026)鄂07执2号,2026-06-18,,,,\n"
                  f"samr.serious_illegal,{HENGXIN},鄂州市恒信建材有限公司,{COURT},(2026)鄂07执3号,2026-06-18,,removed,,\n"
                  f"credit.model,{CHENGDA},鄂州市诚达物流有限公司,鄂州市发展和改革委员会,鄂信用办〔2026〕1号,2026-01-10,2029-01-10,,,\n")
    black = json_of(run, "publicity", db, "--list", "black", "--as-of", "2026-11-28", "--format", "json")
    assert isinstance(black, list) and len(black) == 1
    assert black[0]["subject_name"] == "王建国"
    assert WANG not in json.dumps(black, ensure_ascii=False) and WANG_MASKED in json.dumps(black, ensure_ascii=False)
    red = tmp_path / "red.csv"
    _, err = run("publicity", db, "--list", "red", "--as-of", "2026-11-28", "--out", red)
    assert "鄂州市诚达物流有限公司" in red.read_text(encoding="utf-8") and "1 entries on the red list" in err
    run("publicity", db, "--list", "grey", code=2)


# --- report -----------------------------------------------------------------------------------------

def test_report_counts_each_departments_work(run, db, load, tmp_path):
    load("penalties", f"鄂环罚〔2026〕1号,{XINYUAN},鄂州市鑫源化工有限公司,{ENVIRONMENT},2026-10-09,罚款,general,,\n"
                      f"鄂环罚〔2026〕2号,{CHENGDA},鄂州市诚达物流有限公司,{ENVIRONMENT},2026-10-12,罚款,general,,\n"
                      f"鄂环罚〔2026〕3号,{FARM},鄂州市梁子湖生态农业有限公司,{ENVIRONMENT},2026-09-01,罚款,general,,\n")
    run("publicity", db, "--mark-published", "--department", ENVIRONMENT, "--document-no", "鄂环罚〔2026〕1号", "--on", "2026-10-13")
    load("lists", f"samr.serious_illegal,{HENGXIN},鄂州市恒信建材有限公司,{COURT},(2026)鄂07执3号,2026-10-18,,,,\n")
    routes(run, db, tmp_path, f"measure,department\nP.procurement_ban,{FINANCE}\n", as_of="2026-10-20")
    notice = json_of(run, "inbox", db, "--department", FINANCE, "--as-of", "2026-10-20", "--format", "json")[0]["id"]
    run("feedback", db, "--notice", notice, "--department", FINANCE, "--outcome", "applied", "--officer", "张科员", "--case", "采购 2026-9",
        "--on", "2026-11-02")
    entry = json_of(run, "dispatch", "status", db, "--department", COURT, "--format", "json")[0]["entry_id"]
    run("objection", "file", db, "--entry", entry, "--by", "鄂州市恒信建材有限公司", "--reason", "错误", "--on", "2026-11-02")
    run("objection", "resolve", db, 1, "--outcome", "upheld", "--by", COURT, "--resolution", "维持", "--on", "2026-11-05")
    # A check the tool ran is logged: the department answers the decision, as it answers notices.
    out, _ = run("--as", f"{FINANCE}:implementing:张科员", "check", db, "--subject", HENGXIN, "--scenario", "gov_procurement", "--as-of", "2026-11-10",
                 "--json")
    receipt = json.loads(out)["receipt"]["id"]
    out, _ = run("feedback", db, "--decision", receipt, "--measure", "P.procurement_ban", "--department", FINANCE, "--outcome",
                 "not_applicable", "--officer", "张科员", "--case", "采购 2026-10", "--on", "2026-11-10")
    assert f"decision {receipt} not_applicable" in out
    run("feedback", db, "--notice", notice, "--measure", "P.procurement_ban", "--department", FINANCE, "--outcome", "applied",
        "--officer", "张科员", "--case", "x", code=2)  # --measure belongs to --decision

    report = json_of(run, "report", db, "--from", "2026-10-01", "--to", "2026-11-30", "--format", "json")
    of = {row["department"]: row for row in report}
    assert of[ENVIRONMENT]["records"] == {"licenses": 0, "penalties": 2}
    assert of[ENVIRONMENT]["publication"]["on_time"] == 1 and of[ENVIRONMENT]["publication"]["overdue"] == 1
    assert of[COURT]["list_entries"] == {"added": 1, "ended": 0}
    assert of[COURT]["objections"] == {"filed": 1, "resolved": 1, "resolved_in_time": 1, "overdue": 0}
    assert of[FINANCE]["feedback"]["notices"] == 1 and of[FINANCE]["feedback"]["applied"] == 1 and of[FINANCE]["feedback"]["rate"] == 1.0
    assert of[FINANCE]["checks"] == {"total": 1, "by_scenario_and_verdict": [{"scenario": "gov_procurement", "verdict": "deny", "count": 1}]}

    only = json_of(run, "report", db, "--from", "2026-10-01", "--to", "2026-11-30", "--department", COURT, "--format", "json")
    assert [row["department"] for row in only] == [COURT]
    out, _ = run("report", db, "--from", "2026-10-01", "--to", "2026-11-30", "--format", "csv")
    rows = {r["department"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows[ENVIRONMENT]["penalties"] == "2" and rows[FINANCE]["feedback_rate"] == "1.0000"
    out, _ = run("report", db, "--from", "2026-10-01", "--to", "2026-11-30")
    assert "credit work 2026-10-01 to 2026-11-30" in out and ENVIRONMENT in out and "100%" in out
    _, err = run("report", db, "--from", "2026-11-30", "--to", "2026-10-01", code=2)
    assert "ends (2026-10-01) before it starts (2026-11-30)" in err
    run("report", db, "--from", "2026-10-01", code=2)  # no --to
