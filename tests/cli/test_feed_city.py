"""A simulated city (issue 14's acceptance): one credit office and three department replicas — the
court, the market regulator, the finance bureau — as separate database files, every step a separate
`credcheck` process. For 30 days the office imports entries and penalties, corrects and removes
entries, files and resolves objections, repairs records, updates the catalog, the calendar and the
routes; the departments check on their replicas, give feedback, receive objections at their windows
and send their returns. After each day the office publishes, every replica applies the feed, and then
every replica's content equals the office's projection, table by table, and its checks give the
office's decisions: the same verdict, measures and sources."""

import datetime
import json

from feed_support import (COURT, ENVIRONMENT, FINANCE, LIST_HEADER, PENALTY_HEADER, SAMR, Office, company, file_bytes, person,
                          replica_content, status, tool)

START = datetime.date(2026, 11, 1)
DAYS = 30
COMPANIES = 40
PERSONS = 15
DEPARTMENTS = {"court": COURT, "samr": SAMR, "finance": FINANCE}


def decisions(db, codes_file, scenario, day, principal=None):
    """What the acceptance compares of each decision: verdict, and each measure with how it reaches and its source."""
    args = ["check-batch", db, "--scenario", scenario, "--in", codes_file, "--as-of", day.isoformat(), "--json"]
    if principal:
        args = ["--as", principal, *args]
    out, _ = tool(*args)

    def measure(m):
        s = m.get("source") or {}
        return (m["code"], m["via"], m["role"], s.get("entry_id"), s.get("list"), s.get("document_no"), s.get("subject_code"))

    return [(d["subject"]["code"], d["verdict"], [measure(m) for m in d["measures"]], [measure(m) for m in d["suspended"]])
            for d in json.loads(out)], [d["receipt"]["id"] for d in json.loads(out)]


def test_thirty_days_of_a_city_with_three_department_replicas(tmp_path):
    office = Office(tmp_path)
    office.load("subjects", "code,name,kind,established_on,status\n" +
                "".join(f"{company(i)},城市公司{i},legal_person,20{10 + i % 10}-03-01,active\n" for i in range(COMPANIES)))
    office.load("relations", "organization_code,person_id,person_name,role,valid_from,valid_to\n" +
                "".join(f"{company(i)},{person(i)},法人{i},legal_representative,2015-01-01,\n" for i in range(PERSONS)))
    office.load("lists", LIST_HEADER + "".join(f"court.dishonest_debtor,{company(i)},城市公司{i},{COURT},(2025)鄂07执{i}号,2025-0{1 + i % 9}-10,,,,\n"
                                               for i in range(0, COMPANIES, 7)))
    # Old penalties, to be repaired during the month (general: 3 months' publicity).
    office.load("penalties", PENALTY_HEADER + "".join(f"鄂环罚〔2026〕{i}号,{company(20 + i)},城市公司{20 + i},{ENVIRONMENT},2026-06-0{1 + i},罚款,general\n"
                                                      for i in range(5)))
    office.publish()
    snapshot = office.snapshot("start.ccsnap")
    replicas, keys = {}, {}
    for name, department in DEPARTMENTS.items():
        replicas[name] = office.replica(f"{name}.db", snapshot)
        tool("keys", "generate", "--out", tmp_path / f"{name}-key")
        keys[name] = tmp_path / f"{name}-key.pem"
    # The finance bureau and the market regulator are known to the office once measures are routed to them.
    routes = tmp_path / "routes.csv"
    routes.write_text(f"measure,department\nP.procurement_ban,{FINANCE}\nP.procurement_ban,{SAMR}\n", encoding="utf-8")
    tool("routes", "load", office.db, routes, "--as-of", START.isoformat())
    for name, department in DEPARTMENTS.items():
        tool("keys", "register", office.db, "--department", department, "--public-key", tmp_path / f"{name}-key.pub")

    codes = tmp_path / "codes.txt"
    codes.write_text("".join(f"{company(i)}\n" for i in range(COMPANIES)) + "".join(f"{person(i)}\n" for i in range(PERSONS)), encoding="utf-8")
    exported = tmp_path / "catalog.json"
    tool("catalog", "export", office.db, "--out", exported)
    entries_made, removed, returns = [], 0, 0
    for d in range(1, DAYS + 1):
        day = START + datetime.timedelta(days=d - 1)
        n = COMPANIES + d
        # -- the office's day -------------------------------------------------------------------------
        rows = f"court.dishonest_debtor,{company(d % COMPANIES)},城市公司{d % COMPANIES},{COURT},(2026)鄂07执恢{d}号,{day},,,,\n"
        if d % 3 == 0:
            rows += (f"samr.serious_illegal,{company(n)},新公司{n},{SAMR},鄂市监严失〔2026〕{d}号,{day},{day.replace(year=2029)},,"
                     f"{person(100 + d)},责任人{d}\n")
        if d % 4 == 0 and entries_made:  # a correction: the court extends an earlier entry
            doc, when = entries_made[0]
            rows += f"court.dishonest_debtor,{company(doc % COMPANIES)},城市公司{doc % COMPANIES},{COURT},(2026)鄂07执恢{doc}号,{when},2028-12-31,,,\n"
        if d % 6 == 0 and len(entries_made) > 2:  # a removal
            doc, when = entries_made.pop(1)
            rows += f"court.dishonest_debtor,{company(doc % COMPANIES)},城市公司{doc % COMPANIES},{COURT},(2026)鄂07执恢{doc}号,{when},,removed,,\n"
            removed += 1
        office.load("lists", LIST_HEADER + rows, "--as-of", day.isoformat())
        entries_made.append((d, day))
        office.load("penalties", PENALTY_HEADER + f"鄂环罚〔2026〕1{d:02d}号,{company(30 + d % 10)},城市公司{30 + d % 10},{ENVIRONMENT},{day},罚款,general\n")
        pending = json.loads(tool("objection", "list", office.db, "--pending", "--format", "json")[0])
        if d % 5 == 3:
            entry = json.loads(tool("publicity", office.db, "--overdue", "--kind", "entries", "--format", "json", "--as-of", day.isoformat())[0])
            free = [e for e in entry if e["entry_id"] not in {p["target_id"] for p in pending}]
            if free:
                tool("objection", "file", office.db, "--entry", free[0]["entry_id"], "--by", "当事人", "--reason", "已履行完毕", "--on", day)
        if d % 5 == 0 and pending:
            o = pending[0]
            outcome = "upheld" if d % 10 == 0 else "revoked"
            tool("objection", "resolve", office.db, o["id"], "--outcome", outcome, "--by", o["department"], "--resolution", "核实完毕", "--on", day)
        if d % 7 == 2:
            i = d // 7
            tool("commitment", office.db, "--subject", company(20 + i), "--department", ENVIRONMENT, "--document-no", f"鄂环承诺〔2026〕{d}号",
                 "--on", day)
            record = json.loads(tool("publicity", office.db, "--overdue", "--format", "json", "--as-of", day.isoformat())[0])
            target = [r for r in record if r["document_no"] == f"鄂环罚〔2026〕{i}号"]
            if target:
                tool("repair", office.db, "--record", target[0]["record_id"], "--by", ENVIRONMENT, "--evidence", "罚款缴纳凭证", "--on", day)
        if d == 5:
            tsv = tmp_path / "2027.tsv"
            tsv.write_text("date\tkind\tname\n2027-01-01\toff\t元旦\n2027-02-20\twork\t春节\n", encoding="utf-8")
            tool("calendar", "load", office.db, tsv)
        if d == 10:
            catalog = json.loads(exported.read_text(encoding="utf-8"))
            catalog["version"] = "2026.12-city"
            exported.write_text(json.dumps(catalog, ensure_ascii=False), encoding="utf-8")
            tool("catalog", "load", office.db, exported)
        if d == 15:
            routes.write_text(f"measure,department\nP.procurement_ban,{FINANCE}\nP.procurement_ban,{SAMR}\nP.procurement_ban,{COURT}\n",
                              encoding="utf-8")
            tool("routes", "load", office.db, routes, "--as-of", day.isoformat())
        if d % 5 == 1:  # the market regulator's window receives an objection
            entry_id = json.loads(tool("publicity", office.db, "--overdue", "--kind", "entries", "--format", "json", "--as-of",
                                       day.isoformat())[0])[-1]["entry_id"]
            tool("--as", f"{SAMR}:implementing:窗口王", "objection", "receive", replicas["samr"], "--entry", entry_id, "--by", "申请人",
                 "--reason", "信息有误", "--on", day)

        # -- the feed ---------------------------------------------------------------------------------
        office.publish()
        for name, replica in replicas.items():
            tool("replica", "apply", replica, office.feed)
            assert status(replica)["sequence"] == d + 1
        # -- every replicated kind equals the office's projection ------------------------------------
        projection = office.projection()
        for name, replica in replicas.items():
            assert replica_content(replica) == projection, f"day {d}: the {name} replica differs from the office's projection"
        # -- checks on the replicas give the office's decisions ---------------------------------------
        for scenario in ("gov_procurement", "admin_license") if d % 2 else ("post_appointment",):
            expected, _ = decisions(office.db, codes, scenario, day)
            for name, replica in replicas.items():
                got, receipts = decisions(replica, codes, scenario, day, f"{DEPARTMENTS[name]}:implementing:{name}科员")
                assert got == expected, f"day {d} {scenario}: the {name} replica decides otherwise"
        # -- the departments' returns -----------------------------------------------------------------
        if d % 3 == 0:
            tool("--as", f"{FINANCE}:implementing:财政张", "feedback", replicas["finance"], "--decision", receipts[0], "--department", FINANCE,
                 "--outcome", "applied", "--officer", "财政张", "--case", f"采购2026-{d}", "--on", day)
        for name, replica in replicas.items():
            returns += 1
            back = tmp_path / f"return-{name}-{d}.outbox"
            tool("--as", f"{DEPARTMENTS[name]}:implementing:{name}科员", "outbox", "export", replica, "--key", keys[name], "--out", back)
            out, _ = tool("outbox", "import", office.db, back)
            assert out.startswith("imported return")

    # -- after the month ---------------------------------------------------------------------------
    report = json.loads(tool("report", office.db, "--from", START.isoformat(), "--to", (START + datetime.timedelta(days=DAYS)).isoformat(),
                             "--format", "json")[0])
    by_department = {r["department"]: r for r in report}
    for department in DEPARTMENTS.values():
        assert by_department[department]["checks"]["total"] > 0, department  # the replicas' checks, as each department's acts
    assert by_department[FINANCE]["feedback"]["on_decisions"] == DAYS // 3
    received, _ = tool("audit", "show", office.db, "--department", SAMR, "--limit", "100000")
    assert received.count(" objection.receive ") == (DAYS + 4) // 5
    objections = json.loads(tool("objection", "list", office.db, "--format", "json")[0])
    assert len(objections) >= DAYS // 5 and any(o["status"] != "pending" for o in objections), objections
    assert sum(r["repairs"] for r in report) > 0
    out, _ = tool("audit", "verify", office.db)
    assert "intact" in out
    for replica in replicas.values():
        assert "intact" in tool("audit", "verify", replica)[0]
    # No citizen ID number of the office's data in any feed file, snapshot, replica or return.
    ids = [person(i) for i in range(PERSONS)] + [person(100 + d) for d in range(3, DAYS + 1, 3)]  # legal representatives, responsible persons
    office_bytes = file_bytes(office.db)
    leaving = file_bytes(snapshot, *replicas.values(), *sorted(office.feed.iterdir()), *sorted(tmp_path.glob("return-*.outbox")))
    for number in ids:
        assert number.encode() in office_bytes, number  # the office's own file keeps them
        assert number.encode() not in leaving, number
    assert removed > 0 and returns == 3 * DAYS
