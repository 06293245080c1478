"""What the feed's command-line tests share: codes made by tools/data/generate.py (not the library), the
tool run as a separate process, and an office with a key and a feed directory."""

import importlib.util
import json
import os
import subprocess
from pathlib import Path

SOURCE = Path(os.environ.get("CREDCHECK_SOURCE_DIR", Path(__file__).resolve().parents[2]))

COURT = "鄂州市中级人民法院"
SAMR = "鄂州市市场监督管理局"
ENVIRONMENT = "鄂州市生态环境局"
FINANCE = "鄂州市财政局"
LIST_HEADER = "list,subject_code,subject_name,department,document_no,entered_on,expires_on,status,responsible_person_id,responsible_person_name\n"
PENALTY_HEADER = "document_no,subject_code,subject_name,department,decided_on,penalty_types,severity\n"


def _generator():
    spec = importlib.util.spec_from_file_location("credcheck_generate", SOURCE / "tools" / "data" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GENERATE = _generator()


def company(n):
    return GENERATE.uscc("9", "1", "420704", GENERATE.org_body(40000 + n))


def person(n):
    """A citizen ID number born in the 1980s, division 鄂城区."""
    return GENERATE.citizen_id("420704", f"198{n % 10}{1 + n % 12:02d}{1 + n % 28:02d}", n % 1000)


def binary():
    return os.environ["CREDCHECK_CLI"]


def tool(*args, code=0, env=None):
    done = subprocess.run([binary(), *map(str, args)], capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == code, f"{args}: exit {done.returncode}, expected {code}\n{done.stdout}\n{done.stderr}"
    return done.stdout, done.stderr


def tool_json(*args):
    out, _ = tool(*args)
    return json.loads(out)


class Office:
    """An office database with a signing key and a feed directory under `root`."""

    def __init__(self, root: Path):
        self.root = root
        self.db = root / "office.db"
        self.feed = root / "feed"
        tool("init", self.db)
        tool("keys", "generate", "--out", root / "office")
        self.key = root / "office.pem"
        self.trust = root / "office.pub"
        self.files = 0

    def load(self, kind, text, *extra):
        self.files += 1
        path = self.root / f"in{self.files}.csv"
        path.write_text(text, encoding="utf-8")
        tool("import", self.db, "--kind", kind, "--quiet", path, *extra)

    def publish(self, *extra):
        out, _ = tool("feed", "publish", self.db, "--key", self.key, "--out", self.feed, *extra)
        return out

    def snapshot(self, name):
        tool("feed", "snapshot", self.db, "--key", self.key, "--out", self.root / name)
        return self.root / name

    def replica(self, name, snapshot):
        path = self.root / name
        tool("replica", "init", path, "--snapshot", snapshot, "--trust", self.trust)
        return path

    def projection(self):
        out, _ = tool("feed", "export", self.db)
        return out


def replica_content(replica):
    out, _ = tool("replica", "export", replica)
    return out


def status(replica):
    out, _ = tool("replica", "status", replica, "--json")
    return json.loads(out)


def file_bytes(*paths):
    """The bytes of files (a database with its WAL), for scanning."""
    data = b""
    for p in paths:
        for suffix in ("", "-wal"):
            f = Path(str(p) + suffix)
            if f.exists():
                data += f.read_bytes()
    return data
