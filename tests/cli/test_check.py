"""`credcheck check`, `check-batch`, `catalog` and `demo` from the command line, on the demo data."""

import json
import os
import subprocess
from pathlib import Path

import pytest

SOURCE = Path(os.environ.get("CREDCHECK_SOURCE_DIR", Path(__file__).resolve().parents[2]))


def code_of(name):
    for line in (SOURCE / "data" / "demo" / "subjects.csv").read_text(encoding="utf-8").splitlines():
        code, subject_name = line.split(",")[:2]
        if subject_name == name:
            return code
    raise KeyError(name)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    done = subprocess.run([os.environ["CREDCHECK_CLI"], "demo", "--db", str(path)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "8. A repaired record" in done.stdout
    return path


def check(cli, db, subject, scenario, *extra):
    return cli("check", str(db), "--subject", subject, "--scenario", scenario, "--as-of", "2026-11-28", *extra)


def test_a_deny_is_a_completed_decision_and_exits_zero(cli, demo_db):
    code, out, _ = check(cli, demo_db, code_of("鄂州市远航建设工程有限公司"), "gov_procurement")
    assert code == 0
    assert out.startswith("DENY  gov_procurement: 鄂州市远航建设工程有限公司")
    assert "P.procurement_ban" in out and "why:" in out
    assert "basis: 中华人民共和国政府采购法 第七十七条 (law, text read)" in out


def test_the_json_decision_has_the_documented_shape(cli, demo_db):
    code, out, _ = check(cli, demo_db, code_of("鄂州市梁子湖生态农业有限公司"), "gov_procurement", "--json")
    assert code == 0
    d = json.loads(out)
    assert list(d) == ["verdict", "subject", "scenario", "as_of", "measures", "suspended", "green_channel", "receipt", "caveats", "logged",
                       "log_error", "stale", "stale_reason"]
    assert d["verdict"] == "review"
    assert list(d["subject"]) == ["found", "code", "name", "kind", "status", "matched_by"]
    assert d["measures"] == []
    suspended = d["suspended"][0]
    assert list(suspended) == ["code", "name", "effect", "via", "role", "bases", "source", "objection_id"]
    assert list(suspended["bases"][0]) == ["id", "citation", "level", "verified"]
    assert list(suspended["source"]) == ["list", "entry_id", "subject_code", "subject_name", "department", "document_no",
                                         "legal_basis", "entered_on", "expires_on"]
    assert suspended["objection_id"] == 1
    assert list(d["receipt"]) == ["id", "data_version", "data_as_of", "catalog_version", "library_version", "data_expires_at"]
    assert d["stale"] is False and d["stale_reason"] is None and d["receipt"]["data_expires_at"] is None


def test_person_codes_are_masked_unless_unmasked(cli, demo_db):
    person = code_of("王建国")
    code, out, _ = check(cli, demo_db, person, "high_consumption", "--json")
    d = json.loads(out)
    assert d["subject"]["code"] == person[:6] + "********" + person[-4:]
    assert d["measures"][0]["via"] == "organization" and d["measures"][0]["role"] == "legal_representative"
    code, out, _ = check(cli, demo_db, person, "high_consumption", "--json", "--unmask")
    assert json.loads(out)["subject"]["code"] == person


def test_an_unknown_code_is_not_found_and_allowed(cli, demo_db):
    code, out, _ = check(cli, demo_db, "91350100M000100Y43", "gov_procurement", "--json")
    d = json.loads(out)
    assert code == 0 and d["verdict"] == "allow" and d["subject"]["found"] is False


def test_bad_questions_are_errors(cli, demo_db):
    code, _, err = check(cli, demo_db, "91350100M000100Y44", "gov_procurement")
    assert code == 2 and "check character is '4', expected '3'" in err
    code, _, err = check(cli, demo_db, code_of("鄂州市恒信建材有限公司"), "moon_landing")
    assert code == 2 and "unknown scenario 'moon_landing'" in err
    assert cli("check", str(demo_db), "--subject", "x")[0] == 2  # --scenario missing


def test_batch_checks_all_bidders(cli, demo_db, tmp_path):
    bidders = tmp_path / "bidders.txt"
    bidders.write_text("# tender 鄂州公共资源〔2026〕77号\n" + "\n".join(
        code_of(n) for n in ["鄂州市梁子湖化工有限公司296号", "鄂州市诚达物流有限公司", "鄂州市梁子湖生态农业有限公司", "鄂州市恒信建材有限公司"]) + "\n",
        encoding="utf-8")
    code, out, _ = cli("check-batch", str(demo_db), "--scenario", "public_bidding", "--as-of", "2026-11-28", "--in", str(bidders), "--json")
    assert code == 0
    verdicts = [d["verdict"] for d in json.loads(out)]
    assert verdicts == ["deny", "favor", "review", "review"]


def test_catalog_show_export_and_load(cli, demo_db, tmp_path):
    code, out, _ = cli("catalog", "show", str(demo_db))
    assert code == 0 and "P.procurement_ban" in out and "sha256" in out
    exported = tmp_path / "catalog.json"
    assert cli("catalog", "export", str(demo_db), "--out", str(exported))[0] == 0
    catalog = json.loads(exported.read_text(encoding="utf-8"))
    catalog["version"] = "office-edit-1"
    catalog["measures"][3]["bases"] = ["seed_ezhou_41_item12"]  # P.procurement_ban on the seed alone
    exported.write_text(json.dumps(catalog, ensure_ascii=False), encoding="utf-8")
    code, _, err = cli("catalog", "load", str(demo_db), str(exported))
    assert code == 3 and "P.procurement_ban" in err and "a memorandum or a local document cannot create a measure" in err
