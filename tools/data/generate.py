#!/usr/bin/env python3
"""Generates realistic credcheck import files: valid codes (computed here, independently of the
library), Ezhou departments and divisions, Chinese text with the awkward characters real files hold.

    generate.py penalties --rows 1000000 --out penalties.csv [--subjects N] [--bad-row K] [--seed S]
    generate.py subjects|relations|lists|licenses --rows N --out FILE

Same arguments, same bytes: the output depends only on the seed.
"""

import argparse
import csv
import random
import sys

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
DIVISIONS = ["420702", "420703", "420704", "420700"]
DEPARTMENTS = [
    ("鄂州市市场监督管理局", "11420700MA0000007U"),
    ("鄂州市生态环境局", None),
    ("鄂州市应急管理局", None),
    ("国家税务总局鄂州市税务局", None),
    ("鄂州市人力资源和社会保障局", None),
    ("鄂州市住房和城乡建设局", None),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英"
TRADES = ["食品", "建材", "物流", "科技", "商贸", "餐饮", "化工", "建筑工程", "医药", "农业开发"]
PENALTY_TYPES = ["警告", "罚款", "罚款;没收违法所得", "通报批评", "责令停产停业", "吊销许可证件"]
VIOLATIONS = ["食品安全", "环境污染", "安全生产", "无证经营", "虚假广告", "拖欠工资"]


def org_check(body):
    s = sum(int(c, 36) * w for c, w in zip(body, ORG_WEIGHTS))
    c = 11 - s % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def uscc(authority, category, division, body):
    first = authority + category + division + body + org_check(body)
    s = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first, USCC_WEIGHTS))
    return first + USCC_ALPHABET[(31 - s % 31) % 31]


def citizen_id(division, birth, seq):
    first = f"{division}{birth}{seq:03d}"
    s = sum(int(c) * w for c, w in zip(first, ID_WEIGHTS))
    return first + "10X98765432"[s % 11]


def org_body(i):
    # "MA" + 6 characters in base 31 of i: unique, USCC-compatible, like codes issued after 2015.
    digits = ""
    for _ in range(6):
        digits = USCC_ALPHABET[i % 31] + digits
        i //= 31
    return "MA" + digits


class Population:
    def __init__(self, rng, count):
        self.rng = rng
        self.count = count

    def company(self, i):
        division = DIVISIONS[i % len(DIVISIONS)]
        return uscc("9", "1", division, org_body(i)), f"鄂州市{TRADES[i % len(TRADES)]}有限公司第{i}号"

    def person(self, i):
        year = 1950 + i % 50
        birth = f"{year}{1 + i % 12:02d}{1 + i % 28:02d}"
        return citizen_id(DIVISIONS[i % 3], birth, (i // 1400) % 1000), SURNAMES[i % 20] + GIVEN[(i // 20) % len(GIVEN)] + GIVEN[i % 7]


def penalties(args, rng, out):
    pop = Population(rng, args.subjects)
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["行政处罚决定书文号", "行政相对人名称", "行政相对人类别", "统一社会信用代码", "证件号码", "法定代表人",
                "法定代表人证件号码", "违法行为类型", "违法事实", "处罚依据", "处罚类别", "处罚内容", "罚款金额（万元）",
                "处罚决定日期", "处罚机关", "处罚机关统一社会信用代码", "数据来源单位", "备注"])
    for n in range(1, args.rows + 1):
        s = rng.randrange(args.subjects)
        dept, dept_code = DEPARTMENTS[n % len(DEPARTMENTS)]
        kind = PENALTY_TYPES[rng.randrange(len(PENALTY_TYPES))]
        fine = "" if "罚款" not in kind else f"{rng.randrange(1, 500000) / 10000:.4f}".rstrip("0").rstrip(".")
        date = f"20{17 + n % 9:02d}-{1 + n % 12:02d}-{1 + n % 28:02d}"
        facts = f"经查，当事人{VIOLATIONS[n % 6]}，涉及\"批次{n}\"，金额1,200元; 情节一般"
        if s % 5 == 0:  # a natural person
            pid, pname = pop.person(s)
            row = [f"鄂州罚〔{n // 100000 + 2017}〕{n}号", pname, "自然人", "", pid, "", ""]
        else:
            code, name = pop.company(s)
            lr_id, lr_name = pop.person(s + 7_000_000)
            row = [f"鄂州罚〔{n // 100000 + 2017}〕{n}号", name, "法人及非法人组织", code, "", lr_name, lr_id]
        row += [VIOLATIONS[n % 6], facts, "《中华人民共和国食品安全法》第一百二十四条", kind, f"{kind}处理",
                fine, date, dept, dept_code or "", dept, ""]
        if n == args.bad_row:
            row[13] = "2017-02-30"  # an impossible date
        w.writerow(row)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("kind", choices=["penalties"])
    p.add_argument("--rows", type=int, required=True)
    p.add_argument("--subjects", type=int)
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=20170803)
    p.add_argument("--bad-row", type=int, default=0, help="1-based data row to make invalid (0: none)")
    args = p.parse_args()
    args.subjects = args.subjects or max(1, args.rows // 3)
    rng = random.Random(args.seed)
    with open(args.out, "w", encoding="utf-8", newline="") as out:
        {"penalties": penalties}[args.kind](args, rng, out)


if __name__ == "__main__":
    sys.exit(main())
