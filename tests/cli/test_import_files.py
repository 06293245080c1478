"""The files departments really send, from the command line: workbooks written by Excel's libraries
(openpyxl for XLSX, xlwt for XLS), Excel 2003 XML and HTML saved as .xls, GBK CSV, their own titles,
title rows and instruction blocks, identifiers as they are in the wild. Every fixture is made here."""

import csv
import datetime
import io
import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlwt
from openpyxl.utils.datetime import CALENDAR_MAC_1904

SOURCE = Path(os.environ.get("CREDCHECK_SOURCE_DIR", Path(__file__).resolve().parents[2]))
GENERATE = SOURCE / "tools" / "data" / "generate.py"

# Codes computed with the standards' algorithms (tools/data/generate.py has its own implementation).
sys.path.insert(0, str(SOURCE / "tools" / "data"))
import generate  # noqa: E402

DEPARTMENT = "鄂州市市场监督管理局"
TITLES = ["行政处罚决定书文号", "行政相对人名称", "统一社会信用代码", "处罚类别", "罚款金额（万元）", "处罚决定日期", "处罚机关"]


def company(i):
    return generate.uscc("9", "1", "420704", generate.org_body(5000 + i))


def count(db, table="records"):
    con = sqlite3.connect(db)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    done = subprocess.run([os.environ["CREDCHECK_CLI"], "demo", "--db", str(path)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return path


@pytest.fixture
def db(cli, tmp_path):
    path = tmp_path / "credcheck.db"
    assert cli("init", str(path))[0] == 0
    return path


def export(cli, db, kind="penalties"):
    code, out, err = cli("export", str(db), "--kind", kind)
    assert code == 0, err
    return out


def penalty_rows(n=3):
    return [[f"鄂州市监罚〔2026〕{i}号", f"鄂州市样本有限公司{i}", company(i), "罚款", "0.2", "2026-04-11", DEPARTMENT] for i in range(1, n + 1)]


def write_csv(path, rows, header=TITLES, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def department_workbook(path, epoch=None):
    """A penalty workbook as a department sends it: a title row, a merged instruction block over several
    lines, a blank row, the header on row 4 (one title with a required-field mark, one over two lines),
    document numbers and amounts stored as numbers, dates as date cells and as bare serials."""
    wb = openpyxl.Workbook()
    if epoch:
        wb.epoch = epoch
    ws = wb.active
    ws.title = "处罚信息"
    ws.append(["2026年鄂州市行政处罚信息公示表"])
    ws.merge_cells("A1:G1")
    ws.append(["填表说明：\n1. 带*的为必填项\n2. 日期格式为YYYY-MM-DD"])
    ws.merge_cells("A2:G2")
    ws.append([])
    ws.append(["行政处罚决定书文号", "*行政相对人名称", "统一社会信用代码", "处罚类别", "罚款金额\n（万元）", "处罚决定日期", "处罚机关"])
    ws.append([201312142, "鄂州市样本有限公司1", company(1), "罚款", 0.2, datetime.date(2026, 4, 11), DEPARTMENT])
    ws.cell(row=5, column=6).number_format = 'yyyy"年"m"月"d"日"'
    ws.append(["鄂州市监罚〔2026〕2号", "鄂州市样本有限公司2", company(2), "警告", None, datetime.date(2026, 4, 12), DEPARTMENT])
    ws.append(["鄂州市监罚〔2026〕3号", "鄂州市样本有限公司3", company(3), "罚款", 1.5, 46123 if not epoch else 46123 - 1462, DEPARTMENT])
    wb.create_sheet("Sheet2")
    wb.save(path)
    return path


def test_an_xlsx_from_a_department_is_read_below_its_title_and_instructions(cli, db, tmp_path):
    code, out, err = cli("import", str(db), "--kind", "penalties", str(department_workbook(tmp_path / "p.xlsx")))
    assert code == 0, err
    assert "read as XLSX (Office Open XML workbook), sheet '处罚信息' (the only visible sheet with data), header on row 4" in out
    assert "3 rows: 3 inserted" in out
    exported = export(cli, db)
    assert "201312142," in exported and "2.01312142E8" not in exported and "201312142.0" not in exported
    assert exported.count(",2026-04-11,") == 2 and ",2026-04-12," in exported  # a date cell, a 年月日 cell, a serial
    assert ",0.2," in exported and ",1.5," in exported


def test_a_workbook_saved_in_the_1904_date_system_gives_the_same_dates(cli, db, tmp_path):
    assert cli("import", str(db), "--kind", "penalties", "--quiet", str(department_workbook(tmp_path / "p.xlsx", CALENDAR_MAC_1904)))[0] == 0
    exported = export(cli, db)
    assert exported.count(",2026-04-11,") == 2 and ",2026-04-12," in exported


def test_an_xls_written_by_xlwt_is_read_and_a_formula_cell_is_said_to_be_one(cli, db, tmp_path):
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("处罚")
    ws.write_merge(0, 0, 0, 6, "2026年行政处罚信息")
    for c, title in enumerate(TITLES):
        ws.write(1, c, title)
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    rows = [[201312142, "鄂州市样本有限公司1", company(1), "罚款", 0.2, datetime.date(2026, 4, 11), DEPARTMENT],
            ["鄂州市监罚〔2026〕2号", "鄂州市样本有限公司2", company(2), "警告", None, datetime.date(2026, 4, 12), DEPARTMENT]]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row):
            if value is not None:
                ws.write(r, c, value, date_style if isinstance(value, datetime.date) else xlwt.Style.default_style)
    ws.write(4, 0, "鄂州市监罚〔2026〕3号")
    ws.write(4, 1, xlwt.Formula('"鄂州市" & "公式有限公司"'))
    for c, value in enumerate([company(3), "警告", None, None, DEPARTMENT], start=2):
        if value is not None:
            ws.write(4, c, value)
    ws.write(4, 5, datetime.date(2026, 4, 13), date_style)
    wb.save(str(tmp_path / "p.xls"))
    code, out, err = cli("import", str(db), "--kind", "penalties", "--partial", str(tmp_path / "p.xls"))
    assert code == 1
    assert "read as XLS (Excel 97-2003 workbook, read by FreeXL), sheet '处罚' (the only sheet), header on row 2" in out
    assert "2 inserted" in out and "1 rejected" in out
    assert "sheet '处罚' row 5: column B: holds a formula, whose result FreeXL does not read" in err
    exported = export(cli, db)
    assert "201312142," in exported and ",2026-04-11," in exported and ",2026-04-12," in exported


def test_excel_2003_xml_and_an_html_table_named_xls_are_read_for_what_they_are(cli, db, tmp_path):
    cells = "".join(f'<Cell><Data ss:Type="String">{t}</Data></Cell>' for t in TITLES)
    row = (f'<Cell><Data ss:Type="Number">201312142</Data></Cell><Cell><Data ss:Type="String">鄂州市样本有限公司1</Data></Cell>'
           f'<Cell><Data ss:Type="String">{company(1)}</Data></Cell><Cell><Data ss:Type="String">罚款</Data></Cell>'
           f'<Cell><Data ss:Type="Number">0.2</Data></Cell><Cell><Data ss:Type="DateTime">2026-04-11T00:00:00.000</Data></Cell>'
           f'<Cell><Data ss:Type="String">{DEPARTMENT}</Data></Cell>')
    (tmp_path / "x.xls").write_text(
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="处罚"><Table>'
        f'<Row><Cell ss:MergeAcross="6"><Data ss:Type="String">行政处罚公示</Data></Cell></Row><Row>{cells}</Row><Row>{row}</Row>'
        '</Table></Worksheet></Workbook>', encoding="utf-8")
    code, out, err = cli("import", str(db), "--kind", "penalties", str(tmp_path / "x.xls"))
    assert code == 0, err
    assert "read as SpreadsheetML (Excel 2003 XML workbook), sheet '处罚'" in out
    header = "".join(f"<th>{t}</th>" for t in TITLES)
    page = ('<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
            f'</head><body><table><tr><td colspan="7">行政处罚公示</td></tr><tr>{header}</tr>'
            f'<tr><td x:num="201312143">2.01E+08</td><td>鄂州市样本有限公司2</td><td>{company(2)}</td><td>罚款</td><td x:num="0.2">0.20</td>'
            f'<td x:num="46123">2026/4/11</td><td>{DEPARTMENT}</td></tr></table></body></html>')
    (tmp_path / "h.xlsx").write_bytes(page.encode("gb18030"))
    code, out, err = cli("import", str(db), "--kind", "penalties", str(tmp_path / "h.xlsx"))
    assert code == 0, err
    assert "read as HTML table, GB18030" in out and "table 1" in out
    exported = export(cli, db)
    assert "201312142," in exported and "201312143," in exported


def test_a_gbk_csv_whose_header_mixes_a_tab_among_commas_is_detected_and_read(cli, db, tmp_path):
    lines = [",".join(TITLES[:2]) + "\t" + ",".join(TITLES[2:])] + [",".join(r) for r in penalty_rows()]
    (tmp_path / "g.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    code, out, err = cli("import", str(db), "--kind", "penalties", str(tmp_path / "g.csv"))
    assert code == 0, err
    assert "GB18030 (detected: not valid UTF-8" in out and "comma and tab (a record mixes them)-separated" in out
    code, out, err = cli("import", str(db), "--kind", "penalties", "--encoding", "utf-8", str(tmp_path / "g.csv"))
    assert code == 2 and "not valid UTF-8" in err and "--encoding gb18030" in err


def test_a_row_with_an_unquoted_comma_is_rejected_with_that_reason_never_shifted(cli, db, tmp_path):
    rows = penalty_rows(3)
    text = ",".join(TITLES) + "\n" + "\n".join(",".join(r) for r in rows) + "\n"
    text = text.replace("鄂州市样本有限公司2", "鄂州市样本有限公司,第二分公司")
    (tmp_path / "s.csv").write_text(text, encoding="utf-8")
    code, out, err = cli("import", str(db), "--kind", "penalties", "--partial", str(tmp_path / "s.csv"))
    assert code == 1 and "2 inserted" in out and "1 rejected" in out
    assert "line 3: 8 fields, the header has 7 (a value with an unquoted comma, such as a company name? the row is rejected, not shifted)" in err
    assert "第二分公司" not in export(cli, db)


def test_a_penalty_file_exported_to_xlsx_imports_exactly_as_its_csv(cli, db, tmp_path):
    """The acceptance round trip: 双公示 penalties as CSV, the same rows written to XLSX by openpyxl (every
    value a string, as a department's export), imported, exported again as CSV: the same bytes."""
    source = tmp_path / "p.csv"
    subprocess.run([sys.executable, str(GENERATE), "penalties", "--rows", "400", "--out", str(source)], check=True)
    assert cli("import", str(db), "--kind", "penalties", "--quiet", str(source))[0] == 0
    from_csv = export(cli, db)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("行政处罚")
    with open(source, encoding="utf-8", newline="") as f:
        for row in csv.reader(f):
            ws.append(row)
    wb.save(tmp_path / "p.xlsx")
    other = tmp_path / "other.db"
    assert cli("init", str(other))[0] == 0
    code, out, err = cli("import", str(other), "--kind", "penalties", "--quiet", str(tmp_path / "p.xlsx"))
    assert code == 0, err
    assert export(cli, other) == from_csv
    assert export(cli, other, "subjects") == export(cli, db, "subjects")


def test_several_sheets_with_data_are_named_and_one_is_chosen_by_name_or_number(cli, db, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "一月"
    for name in ("一月", "二月"):
        ws = wb[name] if name in wb.sheetnames else wb.create_sheet(name)
        ws.append(TITLES)
        ws.append(penalty_rows(1)[0] if name == "一月" else penalty_rows(2)[1])
    wb.save(tmp_path / "m.xlsx")
    code, _, err = cli("import", str(db), "--kind", "penalties", str(tmp_path / "m.xlsx"))
    assert code == 2  # a question credcheck cannot answer as asked: exit 2, as for unknown columns
    assert "the workbook has 2 sheets with data: '一月', '二月'; choose one with --sheet NAME or --sheet N" in err
    assert cli("import", str(db), "--kind", "penalties", "--sheet", "二月", "--quiet", str(tmp_path / "m.xlsx"))[0] == 0
    assert cli("import", str(db), "--kind", "penalties", "--sheet", "1", "--quiet", str(tmp_path / "m.xlsx"))[0] == 0
    assert count(db) == 2
    code, _, err = cli("import", str(db), "--kind", "penalties", "--sheet", "三月", str(tmp_path / "m.xlsx"))
    assert code == 2 and "no sheet '三月'" in err


def test_header_row_names_the_header_when_it_cannot_be_found(cli, db, tmp_path):
    rows = penalty_rows(2)
    text = "序号,名称\n" + ",".join(["文号", "单位", "代码", "类别", "金额", "日期", "机关"]) + "\n" + "\n".join(",".join(r) for r in rows) + "\n"
    (tmp_path / "h.csv").write_text(text, encoding="utf-8")
    code, _, err = cli("import", str(db), "--kind", "penalties", str(tmp_path / "h.csv"))
    assert code == 2 and "no header row among the first" in err and "--header-row N" in err
    profile = tmp_path / "dept.profile"
    profile.write_text("@kind penalties\n文号 -> document_no\n单位 -> subject_name\n代码 -> subject_code\n类别 -> penalty_types\n"
                       "金额 -> fine_10k_yuan\n日期 -> decided_on\n机关 -> department\n", encoding="utf-8")
    code, out, err = cli("import", str(db), "--kind", "penalties", "--profile", str(profile), "--header-row", "2", str(tmp_path / "h.csv"))
    assert code == 0, err
    assert "header on line 2 (1 row above it skipped)" in out and "2 inserted" in out


def test_dry_run_shows_how_the_file_is_read_and_writes_nothing(cli, db, tmp_path):
    path = department_workbook(tmp_path / "p.xlsx")
    trail = count(db, "audit_log")
    code, out, err = cli("import", str(db), "--kind", "penalties", "--dry-run", str(path))
    assert code == 0, err
    assert "dry run — nothing is written" in out
    assert "format:   XLSX (Office Open XML workbook)" in out
    assert "sheet:    处罚信息 (the only visible sheet with data; the workbook has: 处罚信息, Sheet2)" in out
    assert "header:   row 4" in out and "skipped row 1: 2026年鄂州市行政处罚信息公示表" in out
    assert "*行政相对人名称  -> subject_name" in out and "罚款金额（万元）  -> fine_10k_yuan" in out
    assert "sheet '处罚信息' row 5: document_no=201312142" in out and "decided_on=2026-04-11" in out
    assert "would import 3 rows: 3 inserted" in out
    assert count(db) == 0 and count(db, "subjects") == 0 and count(db, "audit_log") == trail
    code, out, _ = cli("import", str(db), "--kind", "penalties", "--dry-run", "--json", str(path))
    report = json.loads(out)
    assert report["dry_run"] is True and report["committed"] is False
    assert report["source"]["header_row"] == 4 and report["source"]["sheet"] == "处罚信息"
    assert report["source"]["columns"][4] == {"title": "罚款金额（万元）", "use": "mapped", "column": "fine_10k_yuan"}
    assert report["preview"][0]["values"]["document_no"] == "201312142"
    wb = openpyxl.load_workbook(path)
    wb["处罚信息"]["H4"] = "联系电话"
    wb["处罚信息"]["H5"] = "123"
    wb.save(path)
    code, out, _ = cli("import", str(db), "--kind", "penalties", "--dry-run", str(path))
    assert code == 1
    assert "联系电话  unknown: refuses the file" in out and "would be refused: p.xlsx: unknown column '联系电话'" in out


def test_a_department_profile_and_constants_import_the_tax_a_grade_list(cli, db, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2025年度纳税信用A级纳税人名单"])
    ws.append(["序号", "纳税人识别号", "纳税人名称", "评价年度"])
    tax_number = "420704" + company(2)[8:17]
    ws.append([1, company(1), "鄂州市守信有限公司", 2025])
    ws.append([2, tax_number, "鄂州市税号有限公司", 2025])
    ws.append([3, "'" + company(3).lower(), "鄂州市小写有限公司", 2025])
    wb.save(tmp_path / "a.xlsx")
    args = ["import", str(db), "--kind", "lists", "--profile", "tax_a_grade", str(tmp_path / "a.xlsx")]
    code, _, err = cli(*args)
    assert code == 2 and "missing required column department" in err and "--set department=VALUE" in err
    code, out, err = cli(*args, "--set", "entered_on=2026-04-15", "--set", "department=国家税务总局鄂州市税务局")
    assert code == 0, err
    assert "3 inserted" in out and "profile tax_a_grade" in out
    assert "normalised codes in 1 row: upper-cased letters" in out and "normalised codes in 1 row: removed Excel's leading apostrophe" in out
    lists = export(cli, db, "lists")
    assert f"tax.a_grade,{company(1)},鄂州市守信有限公司,legal_person,国家税务总局鄂州市税务局,2025,2026-04-15" in lists
    assert f"tax.a_grade,{tax_number},鄂州市税号有限公司" in lists


def test_the_court_dishonest_profile_rejects_masked_persons_saying_why(cli, db, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["被执行人姓名/名称", "身份证号码/组织机构代码", "执行法院", "案号", "发布时间", "失信被执行人行为具体情形", "性别", "年龄"])
    ws.append(["张三", "3208191960****6833", "鄂州市中级人民法院", "(2026)鄂07执1号", "2026年05月06日", "有履行能力而拒不履行", "男", 66])
    ws.append(["鄂州市失信有限公司", company(9)[8:17], "鄂州市中级人民法院", "(2026)鄂07执2号", "2026.5.6", "违反财产报告制度", None, None])
    wb.save(tmp_path / "c.xlsx")
    code, out, err = cli("import", str(db), "--kind", "lists", "--profile", "court_dishonest", "--partial", str(tmp_path / "c.xlsx"))
    assert code == 1 and "1 inserted" in out and "1 rejected" in out
    assert "is a masked code (4 of its 18 characters hidden by *): it cannot identify a subject" in err
    assert ",(2026)鄂07执2号,2026-05-06," in export(cli, db, "lists")


def test_quiet_hides_progress_only_and_a_rejected_import_claims_no_rows(cli, db, tmp_path):
    rows = penalty_rows(20)
    rows[12][5] = "2026-02-30"
    code, out, err = cli("import", str(db), "--kind", "penalties", "--quiet", str(write_csv(tmp_path / "b.csv", rows)))
    assert code == 1
    assert "line 14, column 处罚决定日期: '2026-02-30' is not a date" in err
    assert "20 rows read, 1 rejected — nothing was imported" in out and "inserted" not in out
    assert count(db) == 0


def test_files_that_are_not_tables_are_refused_saying_what_they_are(cli, db, tmp_path):
    docx = tmp_path / "d.xlsx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    code, _, err = cli("import", str(db), "--kind", "penalties", str(docx))
    assert code == 2 and "d.xlsx: a Word document (.docx), not a workbook" in err
    archive = tmp_path / "bundle.xls"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("penalties.csv", "x")
    code, _, err = cli("import", str(db), "--kind", "penalties", str(archive))
    assert code == 2 and "a zip archive that is not a workbook (it holds penalties.csv): unzip it" in err
    (tmp_path / "r.xls").write_bytes(b"%PDF-1.7\n...")
    code, _, err = cli("import", str(db), "--kind", "penalties", str(tmp_path / "r.xls"))
    assert code == 2 and "a PDF document" in err
    write_csv(tmp_path / "plain.xls", penalty_rows(2))  # a CSV named .xls is simply read
    code, out, _ = cli("import", str(db), "--kind", "penalties", str(tmp_path / "plain.xls"))
    assert code == 0 and "read as CSV" in out


def test_check_batch_reads_a_list_with_a_title_or_a_table_and_reports_bad_codes_per_row(cli, demo_db, tmp_path):
    bidder = "91420704MA003BBB3H"  # the demo's black-listed bidder
    (tmp_path / "list.txt").write_text(f"统一社会信用代码\n{bidder}\nnot-a-code\n\n9114082306****333G\n", encoding="utf-8")
    code, out, _ = cli("check-batch", str(demo_db), "--scenario", "public_bidding", "--as-of", "2026-11-28", "--in", str(tmp_path / "list.txt"),
                       "--json")
    assert code == 1
    results = json.loads(out)
    assert [r["row"] for r in results] == [2, 3, 5]
    assert results[0]["verdict"] == "deny"
    assert "not a valid identifier" in results[1]["error"] and "masked code" in results[2]["error"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["XX项目投标人名单"])
    ws.append(["序号", "投标人", "统一社会信用代码"])
    ws.append([1, "鄂州市梁子湖化工有限公司296号", bidder])
    ws.append([2, "某公司", "91420704MA003B214X"])
    wb.save(tmp_path / "bidders.xlsx")
    code, out, _ = cli("check-batch", str(demo_db), "--scenario", "public_bidding", "--as-of", "2026-11-28", "--in", str(tmp_path / "bidders.xlsx"),
                       "--column", "统一社会信用代码")
    assert code == 1
    assert "sheet 'Sheet' row 3: DENY" in out
    assert "sheet 'Sheet' row 4: '91420704MA003B214X' cannot be checked: subject '91420704MA003B214X' is not a valid identifier" in out
    assert "1 subjects checked in public_bidding: 1 need action (deny, restrict or review); 1 could not be checked" in out
    code, _, err = cli("check-batch", str(demo_db), "--scenario", "public_bidding", "--in", str(tmp_path / "bidders.xlsx"))
    assert code == 2 and "name its column of codes (--column TITLE)" in err


def test_validate_names_each_identifier_of_the_wild(cli):
    code, out, _ = cli("validate", "420704192203821", "11010519491231002X01", "4201061234567", "企合浙绍总字第002112号", "'91350100M000100Y43")
    assert code == 0
    assert "valid tax registration number (税务登记号)" in out and "organization code       19220382-1" in out
    assert "valid taxpayer number of a person" in out and "110105********002X01" in out
    assert "no check digit: recognised by its shape and province only" in out
    assert "valid registration number of a foreign-invested enterprise" in out
    assert "removed Excel's leading apostrophe" in out
    code, out, _ = cli("validate", "--json", "9114082306****333G")
    assert code == 1 and json.loads(out)[0]["masked"] is True
