"""Files and codes as departments send them, from Python: workbooks, sheets, profiles, dry runs, the
identifiers of the wild and masked codes matched by name."""

import datetime

import openpyxl
import pytest

import credcheck
from credcheck import IdentifierKind

DEPARTMENT = "鄂州市市场监督管理局"
CODE = "91350100M000100Y43"  # GB 32100's worked example
TITLES = ["行政处罚决定书文号", "行政相对人名称", "统一社会信用代码", "处罚类别", "处罚决定日期", "处罚机关"]


@pytest.fixture
def workbook(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "说明"
    ws.append(["本表为2026年行政处罚信息"])
    data = wb.create_sheet("处罚")
    data.append(["行政处罚公示表"])
    data.append(TITLES)
    data.append([201312142, "福州样本有限公司", CODE, "警告", datetime.date(2026, 4, 11), DEPARTMENT])
    path = tmp_path / "p.xlsx"
    wb.save(path)
    return path


def test_import_file_takes_a_sheet_and_reports_how_it_read_the_file(tmp_path, workbook):
    with credcheck.Database(tmp_path / "db", create=True) as db:
        with pytest.raises(credcheck.InvalidArgumentError, match="the workbook has 2 sheets with data: '说明', '处罚'"):
            db.import_file(workbook, "penalties")
        report = db.import_file(workbook, "penalties", sheet="处罚")
        assert report.committed and report.inserted == 1
        source = report.details["source"]
        assert source["format"] == "XLSX (Office Open XML workbook)"
        assert (source["sheet"], source["sheet_reason"], source["header_row"]) == ("处罚", "--sheet", 2)
        assert db.import_file(workbook, "penalties", sheet=2).unchanged == 1


def test_a_dry_run_returns_the_first_rows_and_writes_nothing(tmp_path, workbook):
    with credcheck.Database(tmp_path / "db", create=True) as db:
        report = db.import_file(workbook, "penalties", sheet="处罚", dry_run=True)
        assert not report.committed and report.inserted == 1
        assert report.details["dry_run"] is True
        assert report.details["preview"][0]["values"]["document_no"] == "201312142"
        assert report.details["preview"][0]["values"]["decided_on"] == "2026-04-11"
        assert db.import_file(workbook, "penalties", sheet="处罚").inserted == 1  # nothing was there before


def test_a_profile_and_constants_map_a_departments_titles(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["纳税人识别号", "纳税人名称", "评价年度"])
    wb.active.append([CODE, "福州样本有限公司", 2025])
    wb.save(tmp_path / "a.xlsx")
    with credcheck.Database(tmp_path / "db", create=True) as db:
        report = db.import_file(tmp_path / "a.xlsx", "lists", profile="tax_a_grade",
                                constants={"entered_on": "2026-04-15", "department": "国家税务总局鄂州市税务局"})
        assert report.inserted == 1 and report.details["source"]["profile"] == "tax_a_grade"
        assert report.details["source"]["constants"]["list"] == "tax.a_grade"
        with pytest.raises(credcheck.InvalidArgumentError, match="is for lists, not penalties"):
            db.import_file(tmp_path / "a.xlsx", "penalties", profile="tax_a_grade")


def test_identify_names_the_codes_of_the_wild_and_what_normalisation_changed():
    tax = credcheck.identify("420704192203821")
    assert tax.kind is IdentifierKind.TAX_REGISTRATION_NO and tax.valid
    assert credcheck.identify("11010519491231002X01").kind is IdentifierKind.TAXPAYER_NO
    old = credcheck.identify("4201061234567")
    assert old.kind is IdentifierKind.REGISTRATION_NO_13 and "shape and province only" in old.note
    assert credcheck.identify("企合浙绍总字第002112号").kind is IdentifierKind.FOREIGN_REGISTRATION_NO
    quoted = credcheck.identify("'" + CODE.lower())
    assert quoted.valid and set(quoted.changes) == {"apostrophe", "lower_case"}
    masked = credcheck.identify("9114082306****333G")
    assert not masked.valid and masked.masked and masked.closest_kind is IdentifierKind.USCC


def test_a_masked_code_with_a_name_is_checked_as_a_name_match(tmp_path):
    with credcheck.Database(tmp_path / "db", create=True) as db:
        (tmp_path / "s.csv").write_text(f"code,name\n{CODE},福州样本有限公司\n", encoding="utf-8")
        db.import_file(tmp_path / "s.csv", "subjects")
        masked = CODE[:10] + "****" + CODE[14:]
        with pytest.raises(credcheck.InvalidIdentifierError, match="masked code"):
            db.check(masked, "gov_procurement")
        d = db.check(masked, "gov_procurement", name="福州样本有限公司")
        assert d.found and d.matched_by == "name" and d.subject_code == CODE
        assert d.verdict is credcheck.Verdict.REVIEW and any("not by a code" in c for c in d.caveats)
        assert db.check(CODE, "gov_procurement").matched_by == "code"
