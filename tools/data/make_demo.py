#!/usr/bin/env python3
"""Writes the demo data set of `credcheck demo` to data/demo/: a few hundred organisations and
persons in Ezhou (鄂州, 420700) with licences, penalties and red, black and attention list entries,
plus the handful of named cases the demo's tour walks through. Deterministic: run it again and the
files are byte-identical.

    make_demo.py [OUT_DIR]
"""

import csv
import datetime
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import DIVISIONS, GIVEN, SURNAMES, TRADES, citizen_id, org_body, uscc  # noqa: E402

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "data" / "demo"
rng = random.Random(41)  # 鄂州政办发〔2017〕41号

SAMR = ("鄂州市市场监督管理局", uscc("1", "1", "420700", "MB000001"))
COURT = ("鄂州市中级人民法院", uscc("1", "1", "420700", "MB000002"))
TAX = ("国家税务总局鄂州市税务局", uscc("1", "1", "420700", "MB000003"))
NDRC = ("鄂州市发展和改革委员会", uscc("1", "1", "420700", "MB000004"))
FINANCE = ("鄂州市财政局", uscc("1", "1", "420700", "MB000006"))
ECO = ("鄂州市生态环境局", uscc("1", "1", "420700", "MB000005"))

subjects, relations, lists, licenses, penalties = [], [], [], [], []


def company(n, name, established, division="420704", category="1"):
    code = uscc("9", category, division, org_body(100000 + n)[:8])
    subjects.append([code, name, "individual_business" if category == "2" else "legal_person", established, "active", division, "", "", ""])
    return code


def person(n, name, birth):
    pid = citizen_id(DIVISIONS[n % 3], birth, n % 1000)
    subjects.append([pid, name, "natural_person", "", "active", "", "", "", ""])
    return pid


def legal_rep(org, pid, name, since=""):
    relations.append([org, pid, name, "legal_representative", since, ""])


def entry(list_code, code, name, dept, doc, entered, expires="", reason="", basis="", persons=("", ""), status="active"):
    lists.append([list_code, code, name, "", dept, doc, entered, expires, reason, basis, persons[0], persons[1], status])


def published(decided):
    """When the department published a decision (双公示): mostly within a week, every ninth one weeks late,
    and the decisions of the last two months not yet — so that the demo has overdue ones to show."""
    day = datetime.date.fromisoformat(decided)
    if day >= datetime.date(2026, 10, 1):
        return ""
    published.count += 1
    return (day + datetime.timedelta(days=30 if published.count % 9 == 0 else 2 + published.count % 5)).isoformat()


published.count = 0


def penalty(doc, code, name, dept, decided, types, content, fine="", severity="", status="active"):
    penalties.append([doc, code, "", name, "", "", "", "", "", dept[0], dept[1], decided, "违反相关法规", "经查属实", "相关法律法规",
                      types, content, fine, "", "", "", severity, "", status, published(decided)])


def license_(doc, code, name, dept, decided, category, lic_name, lic_no, content, valid_from, valid_to):
    licenses.append([doc, code, "", name, "", "", "", "", "", dept[0], dept[1], decided, category, lic_name, lic_no, content, valid_from, valid_to,
                     "active", published(decided)])


# ---- the named cases of the tour ---------------------------------------------------------------
hengxin = company(1, "鄂州市恒信建材有限公司", "2012-03-15")
wang = person(1, "王建国", "19700512")
legal_rep(hengxin, wang, "王建国", "2012-03-15")
entry("court.dishonest_debtor", hengxin, "鄂州市恒信建材有限公司", COURT[0], "(2024)鄂07执恢12号", "2024-06-18", "",
      "有履行能力而拒不履行生效法律文书确定的义务", "最高人民法院关于公布失信被执行人名单信息的若干规定 §1", (wang, "王建国"))

chengda = company(2, "鄂州市诚达物流有限公司", "2009-07-01")
entry("credit.model", chengda, "鄂州市诚达物流有限公司", NDRC[0], "鄂信用办〔2025〕3号", "2025-01-10", "2028-01-10", "2024年度诚信典型", "鄂州政办发〔2017〕41号 第7项")

laozihao = company(3, "鄂州市华容区老字号食品厂", "2015-04-20", division="420703")
license_("鄂华市监食许〔2023〕8号", laozihao, "鄂州市华容区老字号食品厂", SAMR, "2023-05-06", "普通", "食品生产许可证", "SC10142070300081",
         "糕点生产", "2023-05-06", "2028-05-05")

shengtai = company(4, "鄂州市梁子湖生态农业有限公司", "2016-09-09", division="420702")
entry("samr.serious_illegal", shengtai, "鄂州市梁子湖生态农业有限公司", SAMR[0], "鄂市监严失〔2026〕2号", "2026-03-02", "2029-03-02",
      "提交虚假材料取得登记", "市场监督管理严重违法失信名单管理办法 §9")

mingzhu = company(5, "鄂州市鄂城区明珠酒店有限公司", "2011-11-11")
li = person(5, "李明", "19751103")
legal_rep(mingzhu, li, "李明", "2011-11-11")
entry("court.dishonest_debtor", li, "李明", COURT[0], "(2025)鄂0704执88号", "2025-08-20", "", "个人借款纠纷拒不履行", "民事诉讼法 §262")

xinyuan = company(6, "鄂州市鑫源化工有限公司", "2010-02-02")
entry("environment.serious", xinyuan, "鄂州市鑫源化工有限公司", ECO[0], "鄂环失信〔2024〕1号", "2024-04-01", "2027-04-01",
      "超标排放被责令停产整治", "环境保护法 §63", status="repaired")
penalty("鄂环罚〔2024〕15号", xinyuan, "鄂州市鑫源化工有限公司", (ECO[0], ECO[1]), "2024-03-10", "罚款", "罚款二十万元", "20", status="repaired")

yuanhang = company(7, "鄂州市远航建设工程有限公司", "2013-05-20")
entry("procurement.serious_violation", yuanhang, "鄂州市远航建设工程有限公司", FINANCE[0], "鄂财采处〔2025〕6号", "2025-11-10", "2027-11-10",
      "提供虚假材料谋取中标", "政府采购法 §77")

# ---- background population ---------------------------------------------------------------------
for n in range(10, 310):
    trade = TRADES[n % len(TRADES)]
    division = DIVISIONS[n % 3]
    year = 2005 + n % 20
    code = company(n, f"鄂州市{['鄂城', '华容', '梁子湖'][n % 3]}{trade}有限公司{n:03d}号", f"{year}-{1 + n % 12:02d}-{1 + n % 28:02d}", division,
                   "2" if n % 10 == 0 else "1")
    if n % 10 != 0:
        pid = person(n, SURNAMES[n % 20] + GIVEN[n % len(GIVEN)] + GIVEN[(n * 7) % len(GIVEN)], f"19{60 + n % 35}{1 + n % 12:02d}{1 + n % 28:02d}")
        legal_rep(code, pid, subjects[-1][1], subjects[-2][3])
    if n % 3 == 0:
        license_(f"鄂市监许〔{2018 + n % 8}〕{n}号", code, subjects[-2 if n % 10 else -1][1], SAMR, f"{2018 + n % 8}-03-{1 + n % 28:02d}",
                 "普通", "食品经营许可证", f"JY1420704{n:07d}", "食品销售", f"{2018 + n % 8}-03-{1 + n % 28:02d}", f"{2023 + n % 8}-03-{n % 28:02d}".replace("-00", "-28"))
    name = [s for s in subjects if s[0] == code][0][1]
    if n % 7 == 0:
        penalty(f"鄂市监罚〔{2019 + n % 7}〕{n}号", code, name, SAMR, f"{2019 + n % 7}-0{1 + n % 9}-1{n % 9}", "警告", "警告并责令改正")
    if n % 11 == 0:
        penalty(f"鄂市监罚〔{2020 + n % 6}〕{n}号", code, name, SAMR, f"{2020 + n % 6}-1{n % 3}-0{1 + n % 9}", "罚款;没收违法所得",
                f"罚款{n}千元并没收违法所得", f"{n / 10:.1f}")
    if n % 17 == 0:
        entry("samr.abnormal_operation", code, name, SAMR[0], f"鄂市监异〔2025〕{n}号", "2025-05-01", "", "未按期公示年度报告", "企业信息公示暂行条例 §17")
    if n % 23 == 0:
        entry("tax.a_grade", code, name, TAX[0], f"鄂税A〔2026〕{n}号", "2026-04-01", "2027-04-01", "2025年度纳税信用A级", "纳税信用管理办法 §26")
    if n % 19 == 0:
        license_(f"鄂市监许〔2026〕{n}号", code, name, SAMR, f"2026-{10 + n % 2}-{1 + n % 27:02d}", "普通", "食品经营许可证", f"JY1420704{n:07d}",
                 "食品销售", f"2026-{10 + n % 2}-{1 + n % 27:02d}", f"2031-{10 + n % 2}-{n % 27:02d}".replace("-00", "-28"))
    if n % 29 == 0:
        penalty(f"鄂环罚〔2026〕{n}号", code, name, ECO, f"2026-{9 + n % 3:02d}-{1 + n % 27:02d}", "罚款", f"罚款{n}千元", f"{n / 10:.1f}")
    if n % 37 == 0:
        entry("labor.wage_arrears", code, name, "鄂州市人力资源和社会保障局", f"鄂人社欠薪〔2025〕{n}号", "2025-09-01", "2028-09-01",
              "拖欠农民工工资", "拖欠农民工工资失信联合惩戒对象名单管理暂行办法 §5")


def write(name, header, rows):
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / name, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


write("subjects.csv", ["code", "name", "kind", "established_on", "status", "division", "legacy_codes", "legal_representative_id",
                       "legal_representative_name"], subjects)
write("relations.csv", ["organization_code", "person_id", "person_name", "role", "valid_from", "valid_to"], relations)
write("lists.csv", ["list", "subject_code", "subject_name", "subject_kind", "department", "document_no", "entered_on", "expires_on", "reason",
                    "legal_basis", "responsible_person_id", "responsible_person_name", "status"], lists)
write("licenses.csv", ["document_no", "subject_code", "subject_id_number", "subject_name", "subject_category", "registration_no", "org_code",
                       "legal_representative", "legal_representative_id", "department", "department_code", "decided_on", "license_category",
                       "license_name", "license_no", "content", "valid_from", "valid_to", "status", "published_on"], licenses)
write("penalties.csv", ["document_no", "subject_code", "subject_id_number", "subject_name", "subject_category", "registration_no", "org_code",
                        "legal_representative", "legal_representative_id", "department", "department_code", "decided_on", "violation_type",
                        "facts", "basis", "penalty_types", "content", "fine_10k_yuan", "confiscated_10k_yuan", "valid_to", "publicity_until",
                        "severity", "category", "status", "published_on"], penalties)
print(f"{OUT}: {len(subjects)} subjects, {len(relations)} relations, {len(lists)} list entries, {len(licenses)} licences, {len(penalties)} penalties")
