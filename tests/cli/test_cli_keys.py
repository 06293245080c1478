"""SM2 signing keys (`credcheck keys`) and the audit head anchored outside the database (`audit head`,
`audit verify --anchor --trust`), checked against OpenSSL's own command line."""

import hashlib
import json
import shutil
import sqlite3
import stat
import subprocess

import pytest

# OpenSSL's command line signs and verifies SM2 with an EMPTY distinguishing ID unless it is given one
# (OpenSSL 3.0); credcheck uses the standard default ID of GB/T 35276, so it is passed explicitly.
DISTID = "distid:1234567812345678"
OPENSSL = shutil.which("openssl")
needs_openssl = pytest.mark.skipif(OPENSSL is None, reason="the openssl command line is not installed (Debian package openssl)")


def openssl(*args):
    return subprocess.run([OPENSSL, *args], capture_output=True, timeout=60)


def make_db(cli, tmp_path, name="t.db"):
    db = tmp_path / name
    lists = tmp_path / "lists.csv"
    lists.write_text("list,subject_code,subject_name,department,document_no,entered_on\n"
                     "samr.serious_illegal,91420704MA00002770,鄂州市恒信建材有限公司,鄂州市中级人民法院,(2024)鄂07执1号,2024-06-18\n",
                     encoding="utf-8")
    assert cli("init", str(db))[0] == 0
    assert cli("import", str(db), "--kind", "lists", "--quiet", str(lists))[0] == 0
    return db


def shown(cli, path):
    code, out, err = cli("keys", "show", str(path))
    assert code == 0, err
    return dict(line.split(": ", 1) for line in out.splitlines())


def check(cli, db):
    """One check: one more audit entry."""
    code, out, err = cli("check", str(db), "--subject", "91350100M000100Y43", "--scenario", "gov_procurement", "--as-of", "2026-11-28")
    assert code == 0, err


def rewrite_trail(db, seq):
    """Edits entry `seq` and recomputes its hash and every later one, as audit_log.cpp computes them."""
    with sqlite3.connect(db) as c:
        c.execute("UPDATE audit_log SET officer = 'someone else' WHERE seq = ?", (seq,))
        previous = "0" * 64 if seq == 1 else c.execute("SELECT hash FROM audit_log WHERE seq = ?", (seq - 1,)).fetchone()[0]
        rows = c.execute("SELECT seq, at, department, role, officer, action, subject, target, details FROM audit_log "
                         "WHERE seq >= ? ORDER BY seq", (seq,)).fetchall()
        for row in rows:
            canonical = "\x1f".join([str(row[0]), *row[1:], previous])
            digest = hashlib.new("sm3", canonical.encode("utf-8")).hexdigest()
            c.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?", (previous, digest, row[0]))
            previous = digest


def signed_text(anchor):
    """The text an anchor's signature covers, as include/credcheck/audit_anchor.hpp documents it."""
    fields = ["database", "algorithm", "seq", "hash", "last_at", "signed_at", "key_fingerprint"]
    return "credcheck audit anchor 1\n" + "".join(f"{name}={anchor[name]}\n" for name in fields)


def test_keys_generate_writes_a_pair_and_show_describes_each(cli, tmp_path):
    code, out, err = cli("keys", "generate", "--out", str(tmp_path / "office"))
    assert code == 0, err
    private, public = tmp_path / "office.pem", tmp_path / "office.pub"
    assert private.read_text().startswith("-----BEGIN PRIVATE KEY-----\n")
    assert public.read_text().startswith("-----BEGIN PUBLIC KEY-----\n")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    a, b = shown(cli, private), shown(cli, public)
    assert (a["kind"], a["algorithm"]) == ("private", "SM2")
    assert (b["kind"], b["algorithm"]) == ("public", "SM2")
    assert a["fingerprint"] == b["fingerprint"] and a["fingerprint"] in out

    before = private.read_bytes()
    code, out, err = cli("keys", "generate", "--out", str(tmp_path / "office"))
    assert code == 3 and "exists: a key file is never replaced" in err
    assert private.read_bytes() == before


@needs_openssl
def test_the_fingerprint_is_sm3_of_the_der_public_key(cli, tmp_path):
    assert cli("keys", "generate", "--out", str(tmp_path / "k"))[0] == 0
    der = openssl("pkey", "-pubin", "-in", str(tmp_path / "k.pub"), "-outform", "DER").stdout
    digest = subprocess.run([OPENSSL, "dgst", "-sm3", "-r"], input=der, capture_output=True).stdout.split()[0].decode()
    assert shown(cli, tmp_path / "k.pub")["fingerprint"] == digest


@needs_openssl
def test_keys_from_openssl_genpkey_sign_and_verify_the_audit_head(cli, tmp_path):
    db = make_db(cli, tmp_path)
    key, pub = tmp_path / "office.pem", tmp_path / "office.pub"
    assert openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", str(key)).returncode == 0
    assert openssl("pkey", "-in", str(key), "-pubout", "-out", str(pub)).returncode == 0
    assert shown(cli, key)["algorithm"] == "SM2"

    anchor_file = tmp_path / "anchor.json"
    code, out, err = cli("audit", "head", str(db), "--key", str(key), "--out", str(anchor_file))
    assert code == 0, err
    anchor = json.loads(anchor_file.read_text())
    assert anchor["seq"] >= 2 and anchor["database"] == "t.db" and anchor["algorithm"] == "sm3"
    code, printed, err = cli("audit", "head", str(db), "--key", str(key))  # to standard output
    assert code == 0 and json.loads(printed)["hash"] == anchor["hash"]

    code, out, err = cli("audit", "verify", str(db), "--anchor", str(anchor_file), "--trust", str(pub))
    assert code == 0, out + err
    assert "audit trail intact" in out and f"anchor holds: entries 1–{anchor['seq']}" in out

    # Entries written after the anchor do not disturb it; cutting entries off does.
    check(cli, db)
    assert cli("audit", "verify", str(db), "--anchor", str(anchor_file), "--trust", str(pub))[0] == 0
    with sqlite3.connect(db) as c:
        c.execute("DELETE FROM audit_log WHERE seq >= ?", (anchor["seq"],))
    code, out, err = cli("audit", "verify", str(db))
    # The chain alone cannot tell; the data check can, because the cut entry vouched for rows it wrote.
    assert code == 1 and "audit trail intact (" in out and "the DATA does not match it" in out
    code, out, err = cli("audit", "verify", str(db), "--anchor", str(anchor_file), "--trust", str(pub))
    assert code == 1
    assert f"truncated: the anchor vouches for {anchor['seq']} entries, the trail has {anchor['seq'] - 1}" in out


@needs_openssl
def test_a_credcheck_signature_verifies_with_openssl_pkeyutl_and_dgst(cli, tmp_path):
    db = make_db(cli, tmp_path)
    assert cli("keys", "generate", "--out", str(tmp_path / "office"))[0] == 0
    code, out, err = cli("audit", "head", str(db), "--key", str(tmp_path / "office.pem"))
    assert code == 0, err
    anchor = json.loads(out)
    text, sig = tmp_path / "signed.txt", tmp_path / "sig.der"
    text.write_bytes(signed_text(anchor).encode("utf-8"))
    sig.write_bytes(bytes.fromhex(anchor["signature"]))
    pub = str(tmp_path / "office.pub")

    done = openssl("pkeyutl", "-verify", "-pubin", "-inkey", pub, "-rawin", "-digest", "sm3", "-in", str(text), "-sigfile", str(sig),
                   "-pkeyopt", DISTID)
    assert done.returncode == 0 and b"Signature Verified Successfully" in done.stdout, done.stderr
    done = openssl("dgst", "-sm3", "-verify", pub, "-signature", str(sig), "-sigopt", DISTID, str(text))
    assert done.returncode == 0 and b"Verified OK" in done.stdout, done.stderr
    # Without the ID, OpenSSL 3.0's command line computes another message digest (an empty ID): it fails.
    assert openssl("dgst", "-sm3", "-verify", pub, "-signature", str(sig), str(text)).returncode == 1
    # And an edited text fails under the right ID.
    text.write_bytes(signed_text({**anchor, "seq": anchor["seq"] - 1}).encode("utf-8"))
    assert openssl("dgst", "-sm3", "-verify", pub, "-signature", str(sig), "-sigopt", DISTID, str(text)).returncode == 1


def test_a_tampered_anchor_or_another_key_fails_with_exit_1(cli, tmp_path):
    db = make_db(cli, tmp_path)
    assert cli("keys", "generate", "--out", str(tmp_path / "office"))[0] == 0
    assert cli("keys", "generate", "--out", str(tmp_path / "other"))[0] == 0
    anchor_file = tmp_path / "anchor.json"
    assert cli("audit", "head", str(db), "--key", str(tmp_path / "office.pem"), "--out", str(anchor_file))[0] == 0
    anchor = json.loads(anchor_file.read_text())
    pub = str(tmp_path / "office.pub")

    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps({**anchor, "seq": anchor["seq"] - 1}))
    code, out, err = cli("audit", "verify", str(db), "--anchor", str(tampered), "--trust", pub)
    assert code == 1 and "anchor does NOT hold" in out and "a field was edited after signing" in out

    code, out, err = cli("audit", "verify", str(db), "--anchor", str(anchor_file), "--trust", str(tmp_path / "other.pub"))
    assert code == 1 and "the anchor was signed by another key" in out

    # An entry edited: the chain and the anchor both name it.
    with sqlite3.connect(db) as c:
        c.execute("UPDATE audit_log SET target = 'edited' WHERE seq = 1")
    code, out, err = cli("audit", "verify", str(db), "--anchor", str(anchor_file), "--trust", pub)
    assert code == 1 and "BROKEN at entry 1" in out and "the chain is broken at entry 1" in out


@pytest.mark.skipif("sm3" not in hashlib.algorithms_available, reason="this Python's hashlib has no SM3")
def test_a_trail_rewritten_with_recomputed_hashes_passes_the_chain_but_not_the_anchor(cli, tmp_path):
    db = make_db(cli, tmp_path)
    check(cli, db)
    assert cli("keys", "generate", "--out", str(tmp_path / "office"))[0] == 0
    anchor_file = tmp_path / "anchor.json"
    assert cli("audit", "head", str(db), "--key", str(tmp_path / "office.pem"), "--out", str(anchor_file))[0] == 0
    seq = json.loads(anchor_file.read_text())["seq"]
    rewrite_trail(db, 2)
    code, out, err = cli("audit", "verify", str(db))
    assert code == 0 and "audit trail intact" in out
    code, out, err = cli("audit", "verify", str(db), "--anchor", str(anchor_file), "--trust", str(tmp_path / "office.pub"))
    assert code == 1 and f"entry {seq} differs from the anchored head: the trail was rewritten" in out


def test_audit_head_and_anchor_options_refuse_what_they_cannot_use(cli, tmp_path):
    db = make_db(cli, tmp_path)
    assert cli("keys", "generate", "--out", str(tmp_path / "office"))[0] == 0
    key = str(tmp_path / "office.pem")
    code, out, err = cli("--as", "鄂州市财政局:implementing:张科员", "audit", "head", str(db), "--key", key)
    assert code == 3 and "may not sign the audit trail's head" in err
    code, out, err = cli("audit", "head", str(db), "--key", str(tmp_path / "office.pub"))
    assert code == 2 and "is a public key" in err
    out_file = tmp_path / "never.json"
    code, out, err = cli("audit", "head", str(db), "--key", str(tmp_path / "missing.pem"), "--out", str(out_file))
    assert code == 3 and "does not exist" in err and not out_file.exists()
    code, out, err = cli("audit", "verify", str(db), "--anchor", str(tmp_path / "a.json"))
    assert code == 2 and "--anchor requires --trust" in err
    code, out, err = cli("audit", "verify", str(db), "--trust", str(tmp_path / "office.pub"))
    assert code == 2 and "--trust requires --anchor" in err
    not_json = tmp_path / "a.json"
    not_json.write_text("{")
    code, out, err = cli("audit", "verify", str(db), "--anchor", str(not_json), "--trust", str(tmp_path / "office.pub"))
    assert code == 2 and "not an audit anchor: it is not JSON" in err


@needs_openssl
def test_a_p256_key_is_refused_naming_the_file(cli, tmp_path):
    key = tmp_path / "p256.pem"
    assert openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", str(key)).returncode == 0
    code, out, err = cli("keys", "show", str(key))
    assert code == 2 and f"{key} holds an EC key on curve prime256v1, not an SM2 key" in err
    db = make_db(cli, tmp_path)
    code, out, err = cli("audit", "head", str(db), "--key", str(key))
    assert code == 2 and "not an SM2 key" in err
