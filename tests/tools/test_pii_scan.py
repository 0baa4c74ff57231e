"""The personal-number scan (scripts/pii_scan.py): what it finds, where, and what it leaves.

The numbers are built here from the rule itself: an ID number's check character is GB 11643's
(ISO 7064 MOD 11-2, computed below), a mobile is 1[3-9] and 9 digits."""
import pathlib
import sqlite3
import subprocess
import sys

REPO = pathlib.Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts/pii_scan.py"

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def idn(first17):
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, W)) % 11]


ID1 = idn("31010119850312003")        # born 1985-03-12
ID2 = idn("11010519491231002")        # ends in X
assert ID2.endswith("X")
BAD_CHECK = ID1[:17] + ("1" if ID1[17] != "1" else "2")
BAD_DATE = idn("31010119851332003")   # 32 March
MOBILE = "13800138000"


def scan(*paths, only=None):
    args = [sys.executable, str(SCRIPT), *map(str, paths)] + (["--only", only] if only else [])
    r = subprocess.run(args, capture_output=True, text=True, timeout=60)
    return r.returncode, r.stdout


def findings(out):
    """[(file name, offset, kind, masked)] of the report."""
    rows = []
    for line in out.splitlines():
        if line.startswith("pii_scan:"):
            continue
        where, kind, masked = line.rsplit(" ", 2)
        path, off = where.rstrip(":").rsplit(":", 1)
        rows.append((pathlib.Path(path).name, int(off), kind, masked))
    return rows


def write(tmp_path, name, data):
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data if isinstance(data, bytes) else data.encode())
    return p


def test_finds_each_shape_with_file_and_offset(tmp_path):
    text = (f"a {ID1} b {ID2.lower()} c {ID1}{ID2} d tel{MOBILE} e 138-0013-8000 f 139 0013 9000 "
            f"g +8613900139000 h 0086 13800138000")
    write(tmp_path, "x/dump.bin", text)
    rc, out = scan(tmp_path)
    assert rc == 1
    got = [(off, kind) for _, off, kind, _ in findings(out)]
    want = [(text.index(ID1), "id18"), (text.index(ID2.lower()), "id18"),
            (text.index(ID1 + ID2), "id18"), (text.index(ID1 + ID2) + 18, "id18"),
            (text.index(MOBILE), "mobile"), (text.index("8613900139000") + 2, "mobile"),
            (text.rindex(MOBILE), "mobile"), (text.index("138-0013"), "mobile"), (text.index("139 0013"), "mobile")]
    assert sorted(got) == sorted(want), out
    assert "pii_scan: 1 file(s), 9 finding(s)" in out


def test_never_prints_the_number(tmp_path):
    write(tmp_path, "f", f"{ID1} {MOBILE}")
    rc, out = scan(tmp_path)
    assert rc == 1 and ID1 not in out and MOBILE not in out
    assert {m for *_, m in findings(out)} == {ID1[:4] + "*" * 10 + ID1[-4:], "138****8000"}


def test_leaves_innocent_numbers(tmp_path):
    text = " ".join([
        BAD_CHECK, BAD_DATE,                          # not a valid ID number
        "1" + ID1, ID1 + "7",                         # inside a longer digit run
        "2" + MOBILE, MOBILE + "5", "12812345678",    # not a mobile
        "1764680400123", "1764680400",                # timestamps (ms, s)
        "310101-20261123-000042",                     # a case number
        "7f3a9c0d" + MOBILE + "bcdef",                # a request id (24 hex)
        "p_d16973993084",                             # a generated username (12 hex)
        "e" + MOBILE + "a0f9c0dd1234abcd",            # a hash
        "021-6300-1234", "1138-0013-8000",
    ])
    write(tmp_path, "quiet.log", text)
    rc, out = scan(tmp_path)
    assert rc == 0, out
    assert out.strip() == "pii_scan: 1 file(s), 0 finding(s)"


def test_legacy_15_digit_numbers_only_in_logs(tmp_path):
    old = "310104520608002"                           # 1952-06-08
    write(tmp_path, "a/server.log", f"x {old} y")
    write(tmp_path, "b/onestop.db-wal", f"x {old} y")
    rc, out = scan(tmp_path)
    assert rc == 1 and [(f, k) for f, _, k, _ in findings(out)] == [("server.log", "id15")]


def test_only_logs_or_only_stores(tmp_path):
    write(tmp_path, "stderr.log", f"ok {ID1}")
    write(tmp_path, "files/ab/cdef", f"{MOBILE}")
    assert [f for f, *_ in findings(scan(tmp_path, only="logs")[1])] == ["stderr.log"]
    assert [f for f, *_ in findings(scan(tmp_path, only="stores")[1])] == ["cdef"]


def test_an_sqlite_database_and_its_wal(tmp_path):
    db = tmp_path / "onestop.db"
    c = sqlite3.connect(db)
    c.execute("PRAGMA journal_mode=WAL")
    c.execute("CREATE TABLE accounts (id TEXT, id_number TEXT, phone TEXT)")
    with c:
        c.execute("INSERT INTO accounts VALUES ('a', ?, ?)", (ID1, MOBILE))
    rc, out = scan(tmp_path)                         # the rows are still in the WAL
    c.close()
    assert rc == 1
    assert {(f, k) for f, _, k, _ in findings(out)} == {("onestop.db-wal", "id18"), ("onestop.db-wal", "mobile")}


def test_usage(tmp_path):
    rc, out = scan(tmp_path / "missing")
    assert rc == 2
    write(tmp_path, "empty", b"")
    assert scan(tmp_path) == (0, "pii_scan: 1 file(s), 0 finding(s)\n")
