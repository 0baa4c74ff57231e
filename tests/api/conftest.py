"""Fixtures of the API suite: a real `onestop serve` on a free port.

`server` (session scope) starts one server with a fresh SQLite database and
the demo data (`--demo`), waits for /readyz, and stops it with SIGTERM at the
end; the test session fails unless it exits 0 (graceful shutdown). Tests stay
independent by using their own accounts (`uniq()` usernames, fresh ID
numbers and credit codes from the generators below).

`make_server(*flags, env=...)` (function scope) starts an extra server for a
test that needs other limits (e.g. `--max-body 2048`) or a clean slate
(loading the 2027 calendar); `db_url=other.db_url` makes it a second node on
another server's database (on PostgreSQL: nodes that share only the
database). Each server keeps its stderr (the JSON log) in
a file; when a test fails, the tail of every server log it used is added to
the report.

Logins cost an argon2id verification (~50 ms), so `server.as_user(name)`
caches sessions of demo accounts; `server.login(...)` always makes a new one.
Failed logins count against the client address (throttling), so tests that
fail on purpose connect from their own loopback address (`server.source()`),
never from 127.0.0.1 which every other test shares.

Staff sign in with a one-time code (RFC 6238, 30-second steps, ±1 step): the
helpers compute it from the demo secrets of data/demo/accounts.json, or the
secret new_staff enrolled, with `totp()` below — an implementation of the RFC
of its own (hmac + hashlib), not the server's. A code is accepted once per
account (replay refused), so the helpers remember the last step they used per
database and account, take the next step's code (inside the window) for a
second login, and wait for the clock only when both are used.
"""
import atexit
import base64
import hmac
import json
import datetime
import hashlib
import itertools
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest
import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ProtocolError
from urllib3.util.retry import Retry

import dbkit

REPO = Path(__file__).resolve().parents[2]


def _binary(env, default):
    p = Path(os.environ.get(env) or REPO / default)
    return p if p.is_absolute() else REPO / p


BIN = _binary("ONESTOP_BIN", "onestop")

# The key file every server and command of this test run shares (the audit
# chain is keyed with it): one per run, 0600, as an operator would keep it.
if not os.environ.get("ONESTOP_KEYSTORE"):
    _keys = Path(tempfile.mkdtemp(prefix="onestop-keys-")) / "keystore.key"
    _keys.write_text(os.urandom(32).hex() + "\n")
    _keys.chmod(0o600)
    os.environ["ONESTOP_KEYSTORE"] = str(_keys)
# GET /metrics wants the operator's token: every server of this run gets one
# (server.metrics() sends it); a test that wants none passes env={"ONESTOP_METRICS_TOKEN": ""}.
METRICS_TOKEN = os.environ.setdefault("ONESTOP_METRICS_TOKEN", "test-metrics-" + os.urandom(12).hex())
# A request's access line is read from the log right after its answer: each line at once. The
# buffered log that serve starts with by default has tests of its own (test_log_buffer.py).
os.environ.setdefault("ONESTOP_LOG_FLUSH", "0")
# The test build: the same program with the adjustable clock and the test
# routes (POST /api/v1/test/clock, POST /api/v1/test/jobs).
TEST_BIN = _binary("ONESTOP_TEST_BIN", "build/default/onestop-test")
PASSWORD = "Demo2026!"
STAFF_PASSWORD = "Demo2026!x"     # of the staff accounts tests create
DEMO_ACCOUNTS = json.loads((REPO / "data/demo/accounts.json").read_text())
DEMO_TOTP = {a["username"]: a["totp_secret"] for a in DEMO_ACCOUNTS if a.get("totp_secret")}
STEP_S = 30


def totp(secret_b32, step):
    """RFC 6238 with HMAC-SHA1, 6 digits: the code of a 30-second step."""
    key = base64.b32decode(secret_b32.upper() + "=" * (-len(secret_b32) % 8))
    mac = hmac.new(key, step.to_bytes(8, "big"), "sha1").digest()
    off = mac[-1] & 0x0F
    return f"{(int.from_bytes(mac[off:off + 4], 'big') & 0x7FFFFFFF) % 10**6:06d}"


# (database, username) -> the secret new_staff enrolled; -> the last step a helper used
_secrets = {}
_steps = {}

# ---------------------------------------------------------------- identities

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_rng = random.Random()
_issued = set()


def id_check_char(first17):
    """GB 11643 / ISO 7064 MOD 11-2 check character of 17 digits."""
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


def credit_check_char(first17):
    """GB 32100: weights 3^(i-1) mod 31, check = 31 - (sum mod 31), 31 -> 0."""
    total = sum(CREDIT_CHARS.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    return CREDIT_CHARS[(31 - total % 31) % 31]


def _fresh(make):
    for _ in range(1000):
        v = make()
        if v not in _issued:
            _issued.add(v)
            return v
    raise RuntimeError("no fresh value")


def new_id_number(region="310101", born=None):
    """A valid 18-digit ID number nobody in this test run has used."""
    def make():
        b = born or datetime.date(1950, 1, 1) + datetime.timedelta(days=_rng.randrange(20000))
        first17 = f"{region}{b:%Y%m%d}{_rng.randrange(1000):03d}"
        return first17 + id_check_char(first17)
    return _fresh(make)


def new_legacy_id():
    """A valid 15-digit (GB 11643-1989) number and its 18-digit upgrade."""
    def make():
        b = datetime.date(1940, 1, 1) + datetime.timedelta(days=_rng.randrange(20000))
        return f"310104{b:%y%m%d}{_rng.randrange(1000):03d}"
    while True:
        old = _fresh(make)
        first17 = old[:6] + "19" + old[6:]
        new = first17 + id_check_char(first17)
        if new not in _issued:
            _issued.add(new)
            return old, new


def new_credit_code():
    """A valid 18-character unified social credit code (91 = enterprise, Huangpu)."""
    def make():
        body = "".join(_rng.choice(CREDIT_CHARS) for _ in range(9))
        first17 = "91310101" + body
        return first17 + credit_check_char(first17)
    return _fresh(make)


# The platform's day is China Standard Time's (UTC+8, no daylight saving): from
# 16:00 UTC on, the machine's date.today() is the platform's yesterday.
CST = datetime.timezone(datetime.timedelta(hours=8))


def cn_today():
    """Today in the platform's time zone (not the machine's)."""
    return datetime.datetime.now(CST).date()


def cn_day(iso):
    """The platform's day of an ISO 8601 timestamp the API returned (UTC, "Z")."""
    return datetime.datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(CST).date()


def uniq(prefix="u"):
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


def new_phone():
    return _fresh(lambda: "13" + f"{_rng.randrange(10**9):09d}")


def person_body(**over):
    b = {"kind": "person", "username": uniq("p"), "password": "Secret2026x", "name": "王小明",
         "id_number": new_id_number(), "phone": new_phone()}
    b.update(over)
    return {k: v for k, v in b.items() if v is not None}


def enterprise_body(**over):
    b = {"kind": "enterprise", "username": uniq("e"), "password": "Secret2026x", "name": "上海测试餐饮有限公司",
         "credit_code": new_credit_code(), "legal_rep": "赵六"}
    b.update(over)
    return {k: v for k, v in b.items() if v is not None}


def token_hash(token):
    """What the sessions table stores instead of the token: BLAKE2b-256 hex."""
    return hashlib.blake2b(token.encode(), digest_size=32).hexdigest()

# ---------------------------------------------------------------- responses


def problem(r, status, code=None):
    """Asserts an RFC 9457 problem+json answer and returns its body."""
    assert r.status_code == status, f"expected {status}, got {r.status_code}: {r.text[:500]}"
    assert r.headers["Content-Type"].startswith("application/problem+json"), r.headers["Content-Type"]
    assert r.headers.get("X-Request-Id"), "every answer carries X-Request-Id"
    p = r.json()
    for k in ("type", "title", "status", "detail", "errors"):
        assert k in p, f"problem lacks {k}: {p}"
    assert p["status"] == status
    assert p["request_id"] == r.headers["X-Request-Id"]
    if code:
        assert p["code"] == code, p
        assert p["type"].endswith("/" + code), p
    return p


def all_items(s, path, params=None):
    """Every row of a paged list (?limit=&cursor=, answered with next_cursor), following the cursor."""
    items, cursor = [], None
    while True:
        q = dict(params or {}, limit=100, **({"cursor": cursor} if cursor else {}))
        r = s.get(s.url(path), params=q, timeout=30)
        assert r.status_code == 200, r.text
        items += r.json()["items"]
        cursor = r.json()["next_cursor"]
        if not cursor:
            return items


def field_errors(p):
    """{(field, code)} of a problem's errors."""
    return {(e["field"], e["code"]) for e in p["errors"]}


def invalid(r, *pairs, status=422):
    """Asserts a validation problem naming exactly these (field, code) pairs (at least)."""
    p = problem(r, status)
    got = field_errors(p)
    for pair in pairs:
        assert pair in got, f"{pair} not in {sorted(got)}"
    return p


# ---------------------------------------------------------------- the server


class RetryDropped(Retry):
    """Sends a GET or HEAD once more when the server closed its kept-alive connection just as the
    request went out on it, and nothing else: a session the suite keeps (as_user) may sit idle for the
    server's idle minute (CONNS_IDLE_S), and the server's close can cross the next request on the wire,
    a race of keep-alive itself that browsers meet the same way. A server that crashed refuses the
    second attempt too; a timeout, a refused connection or an error status is never retried."""

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        if not isinstance(error, ProtocolError):
            return Retry(0, read=False, raise_on_status=False).increment(
                method, url, response, error, _pool, _stacktrace)
        return super().increment(method, url, response, error, _pool, _stacktrace)


RETRY_DROPPED = RetryDropped(total=1, connect=0, read=1, status=0, other=0, redirect=0,
                             allowed_methods=frozenset({"GET", "HEAD"}), raise_on_status=False)


class FreshAfterIdle(HTTPAdapter):
    """Does not reuse a kept-alive connection that sat idle for half the server's idle minute
    (CONNS_IDLE_S, 60 s) or more: the next request, whatever its method, goes out on a new one. The
    server closes a connection idle for its minute, and a POST sent on it as the close crosses it is
    lost on the wire and, not being idempotent, may not be sent again (RetryDropped sends only GET
    and HEAD again); a client that lets its idle connections go before the server does never meets
    that race. Browsers do the same: their idle sockets live shorter than servers keep them."""

    IDLE_REUSE_S = 30

    def send(self, request, *a, **kw):
        now = time.monotonic()
        if now - getattr(self, "_last_send", now) >= self.IDLE_REUSE_S:
            self.poolmanager.clear()
        self._last_send = now
        return super().send(request, *a, **kw)


class SourceAdapter(FreshAfterIdle):
    """Connects from a given local address (127.0.0.x), to look like another client."""

    def __init__(self, source, **kw):
        self._source = source
        super().__init__(**kw)

    def init_poolmanager(self, *a, **kw):
        kw["source_address"] = (self._source, 0)
        super().init_poolmanager(*a, **kw)


_sources = itertools.count(2)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _KeptDir:
    """A server's directory left in place for the personal-data scan (tests/run.sh sets
    ONESTOP_TEST_KEEP; scripts/pii_scan.py reads the database, its WAL, the blob store and the log
    after the whole suite; run.sh removes them)."""

    def __init__(self, parent):
        self.name = tempfile.mkdtemp(prefix="onestop-api-", dir=parent)

    def cleanup(self):
        pass


# The demo data, seeded once per worker (per program, engine and platform day) and
# copied into each server that asks for the plain demo: seeding costs about two
# seconds of processor (an argon2id hash for each demo account), a copy a few
# milliseconds. What would seed differently (these flags and variables) seeds itself.
SEED_FLAGS = {"--demo-history", "--keystore", "--checkpoints"}
SEED_ENV = {"ONESTOP_DEMO_HISTORY", "ONESTOP_KEYSTORE", "ONESTOP_CHECKPOINTS", "ONESTOP_TEST_IO_FAULT"}
_templates = {}


def _template(binary, engine):
    """(directory, URL) of a database holding the demo data, `onestop seed --demo` made."""
    key = (str(binary), engine, cn_today())
    if key not in _templates:
        d = Path(tempfile.mkdtemp(prefix="onestop-template-"))
        url = dbkit.new_database() if engine == "postgresql" else f"sqlite:{d}/onestop.db"
        r = subprocess.run([str(binary), "seed", "--demo", "--db", url], cwd=d, capture_output=True,
                           text=True, timeout=600)
        if r.returncode != 0:
            pytest.fail(f"onestop seed --demo failed ({r.returncode}):\n{r.stdout}{r.stderr}")
        _templates[key] = (d, url)
    return _templates[key]


@atexit.register
def _drop_templates():
    for d, url in _templates.values():
        if url.startswith("postgresql://"):
            try:
                dbkit.drop_database(url)
            except Exception:   # the cluster may be gone already at the end of the run
                pass
        shutil.rmtree(d, ignore_errors=True)


class Server:
    binary = BIN

    def __init__(self, flags=(), env=None, demo=True, db_url=None):
        keep = os.environ.get("ONESTOP_TEST_KEEP")
        self.tmp = _KeptDir(keep) if keep else tempfile.TemporaryDirectory(prefix="onestop-api-")
        self.dir = Path(self.tmp.name)
        self.db_path = self.dir / "onestop.db"
        # on PostgreSQL, a database of this server's own on the test cluster,
        # unless db_url names another server's: a second node on the same
        # database, which leaves it to its owner (never dropped here)
        self.shared_db = db_url is not None
        if self.shared_db:
            self.db_url = db_url
        else:
            self.db_url = None
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = self.dir / "stderr.log"
        self.flags = list(flags)
        self.env = dict(os.environ, **(env or {}))
        self.demo = demo
        self.template = (demo and not self.shared_db and not SEED_FLAGS & set(self.flags)
                         and not SEED_ENV & set(env or {}))
        if not self.shared_db:
            self.db_url = self._new_db_url()
        self.proc = None
        self._cache = {}
        self._moved = set()   # cached sessions not yet used since the clock last moved
        self.clock_offset_ms = 0      # the test build's clock, moved by set_clock
        # whose codes were used: one database's (a copy of a database shares its original's)
        self.totp_key = self.db_url

    # lifecycle
    def start(self):
        if not self.binary.exists():
            pytest.fail(f"{self.binary} does not exist; run make (or set ONESTOP_BIN / ONESTOP_TEST_BIN)")
        for _ in range(5):
            if self._launch():
                return self
            # Another process (a parallel test worker, the browser suite) took
            # the port between free_port() and the server's bind: a fresh
            # database and another port.
            for f in self.dir.glob(self.db_path.name + "*"):
                f.unlink()
            if dbkit.ENGINE == "postgresql" and not self.shared_db:
                dbkit.drop_database(self.db_url)
                self.db_url = self._new_db_url()
            self.port = free_port()
            self.base = f"http://127.0.0.1:{self.port}"
        pytest.fail(f"onestop found no free port:\n{self.log_tail()}")

    def _new_db_url(self):
        """A database of this server's own: on PostgreSQL a new one on the test
        cluster (a copy of the demo template when it takes the plain demo)."""
        if dbkit.ENGINE != "postgresql":
            return f"sqlite:{self.db_path}"
        if self.template:
            _, url = _template(self.binary, "postgresql")
            return dbkit.new_database(template=url)
        return dbkit.new_database()

    def _copy_template(self):
        """The demo template's SQLite file (and its checkpoints) into this server's
        directory, when its database is the default one and not there yet."""
        if (not self.template or self.db_path.name != "onestop.db" or self.db_url != f"sqlite:{self.db_path}"
                or self.db_path.exists()):
            return
        src, _ = _template(self.binary, "sqlite")
        for name in ("onestop.db", "onestop.db-wal", "audit-checkpoints.jsonl"):
            if (src / name).exists():
                shutil.copyfile(src / name, self.dir / name)

    def _launch(self):
        """Starts the server and waits until /readyz answers: True; False if
        its port was taken; fails the test on any other trouble. The limits
        are generous on purpose: a loaded machine is slow, not broken."""
        self._copy_template()
        cmd = [str(self.binary), "serve", "--listen", f"127.0.0.1:{self.port}", "--db", self.db_url,
               *(["--demo"] if self.demo else []), *self.flags]
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(cmd, stdout=self._log, stderr=self._log, env=self.env, cwd=self.dir)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self._log.close()
                if "cannot listen on" in self.log_text():
                    return False
                pytest.fail(f"onestop exited with {self.proc.returncode} at start:\n{self.log_tail()}")
            try:
                # ready, and its first round of background jobs done: what a fresh node catches up on
                # at start (a demo plan gone overdue, say) is written before a test counts rows
                r = requests.get(self.base + "/readyz", timeout=5)
                if r.status_code == 200 and r.json().get("job_rounds", 0) >= 1:
                    return True
            except requests.RequestException:   # not listening yet, or slow to answer
                pass
            time.sleep(0.05)
        self.proc.kill()
        pytest.fail(f"onestop did not become ready:\n{self.log_tail()}")

    def stop(self):
        """SIGTERM; returns the exit code (0 = graceful)."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else 0
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        self._log.close()
        if dbkit.ENGINE == "postgresql" and not self.shared_db:
            dbkit.drop_database(self.db_url)
        return rc

    def log_text(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def log_tail(self, n=40):
        return "\n".join(self.log_text().splitlines()[-n:])

    # HTTP
    def url(self, path):
        return self.base + path

    def source(self):
        """A fresh loopback source address, i.e. a client of its own for throttling."""
        n = next(_sources)
        return f"127.0.{n // 250}.{n % 250 + 2}"

    def session(self, source=None):
        s = requests.Session()
        s.mount("http://", SourceAdapter(source, max_retries=RETRY_DROPPED) if source
                else FreshAfterIdle(max_retries=RETRY_DROPPED))
        return s

    def get(self, path, **kw):
        return requests.get(self.url(path), timeout=30, **kw)

    def metrics(self):
        """The text of GET /metrics, fetched with the operator's token."""
        r = self.get("/metrics", headers={"Authorization": "Bearer " + METRICS_TOKEN})
        assert r.status_code == 200, f"/metrics: {r.status_code} {r.text[:300]}"
        return r.text

    def post(self, path, body=None, **kw):
        return requests.post(self.url(path), json=body, timeout=30, **kw)

    def put(self, path, body=None, **kw):
        return requests.put(self.url(path), json=body, timeout=30, **kw)

    def delete(self, path, **kw):
        return requests.delete(self.url(path), timeout=30, **kw)

    # the second factor
    def totp_secret(self, username):
        """The base32 TOTP secret of a staff account (demo or new_staff); None for others."""
        return _secrets.get((self.totp_key, username)) or DEMO_TOTP.get(username)

    def server_step(self):
        return int((time.time() * 1000 + self.clock_offset_ms) // (STEP_S * 1000))

    def otp(self, username):
        """A code the server has not accepted yet for this account: this step's,
        else the next step's (inside the ±1 window), else — both used — the
        next step's after waiting for this one to end. None for non-staff."""
        secret = self.totp_secret(username)
        return None if secret is None else totp(secret, self.otp_step(username))

    def otp_step(self, username):
        """The step otp() takes its code from (and marks used)."""
        now = self.server_step()
        last = _steps.get((self.totp_key, username))
        step = now if last is None or last > now + 1 else max(now, last + 1)   # > now+1: clock set back
        if step > now + 1:
            wait_ms = (step - 1) * STEP_S * 1000 - (time.time() * 1000 + self.clock_offset_ms)
            time.sleep(max(0.0, wait_ms / 1000) + 0.05)
            if os.environ.get("ONESTOP_TOTP_WAIT_LOG"):     # to measure what replay protection costs the suite
                with open(os.environ["ONESTOP_TOTP_WAIT_LOG"], "a") as f:
                    f.write(f"{username} {max(0.0, wait_ms / 1000) + 0.05:.2f}\n")
        _steps[(self.totp_key, username)] = step
        return step

    def login_raw(self, username, password=PASSWORD, source=None, otp="auto"):
        """POST /api/v1/session; a staff account's code is added unless otp is given (None: none)."""
        body = {"username": username, "password": password}
        code = self.otp(username) if otp == "auto" else otp
        if code is not None:
            body["otp"] = code
        return self.session(source).post(self.url("/api/v1/session"), json=body, timeout=30)

    def login(self, username, password=PASSWORD, source=None):
        """A new session: a requests.Session sending `Authorization: Bearer`.
        It carries .token, .csrf, .account and .base, and json helpers."""
        r = self.login_raw(username, password, source)
        assert r.status_code == 201, f"login {username}: {r.status_code} {r.text}"
        body = r.json()
        s = self.session(source)
        s.headers["Authorization"] = "Bearer " + body["token"]
        s.token, s.csrf, s.account = body["token"], body["csrf_token"], body["account"]
        base = self.base
        s.url = lambda p: base + p
        s.get_json = lambda p, **kw: s.get(base + p, timeout=30, **kw)
        s.post_json = lambda p, body=None, **kw: s.post(base + p, json=body, timeout=30, **kw)
        s.put_json = lambda p, body=None, **kw: s.put(base + p, json=body, timeout=30, **kw)
        return s

    def as_user(self, username, password=PASSWORD):
        """A cached session of a demo account, or of a staff account a test
        made with new_staff (never log it out)."""
        if username in self._moved:
            # the clock moved since this session was last used: keep it if the
            # server still takes it (an 8-hour session survives a jump back, and
            # a new login of a staff account spends one of its one-time codes)
            self._moved.discard(username)
            if self._cache[username].get_json("/api/v1/me").status_code != 200:
                del self._cache[username]
        if username not in self._cache:
            self._cache[username] = self.login(username, password)
        return self._cache[username]

    def register(self, body, expect=201, **kw):
        """POST /api/v1/accounts from a client address of its own: registrations are limited per
        address (100 an hour), and the suite's many, all from one address, would add up to the limit
        on whichever worker ran the most of them (test_rate_limits.py tests the limit itself)."""
        with self.session(self.source()) as s:
            r = s.post(self.url("/api/v1/accounts"), json=body, timeout=30, **kw)
        assert r.status_code == expect, f"register: {r.status_code} {r.text}"
        return r

    def new_staff(self, department, roles, username=None, name=None, password=STAFF_PASSWORD, enrol=True):
        """The security administrator creates a staff account and (unless
        enrol=False) enrols its second factor; returns its username."""
        username = username or uniq(f"{department}_{roles.split(',')[0]}")
        sec = self.as_user("secadmin")
        r = sec.post_json("/api/v1/staff", {"username": username, "password": password,
                                            "name": name or f"测试 {roles}",
                                            "department": department, "roles": roles})
        assert r.status_code == 201, r.text
        if enrol:
            self.enrol_totp(r.json()["id"], username)
        return username

    def enrol_totp(self, account_id, username):
        """The security administrator enrols a staff account's second factor;
        the helpers then sign it in with codes of the new secret. Returns the answer's body."""
        e = self.as_user("secadmin").post_json(f"/api/v1/staff/{account_id}/totp", {"username": username})
        assert e.status_code == 201, e.text
        _secrets[(self.totp_key, username)] = e.json()["secret"]
        _steps.pop((self.totp_key, username), None)
        return e.json()

    def new_person(self, **over):
        """Registers a person; returns (body sent, response json)."""
        body = person_body(**over)
        return body, self.register(body).json()

    def new_enterprise(self, **over):
        """Registers an enterprise (with a fresh credit code); returns (body sent, response json)."""
        body = enterprise_body(**over)
        return body, self.register(body).json()

    # database
    @property
    def db_target(self):
        """What dbkit.connect takes: the SQLite file or the PostgreSQL URL."""
        return self.db_url if dbkit.ENGINE == "postgresql" else self.db_path

    def db(self, target=None):
        """An sqlite3-like connection (`?` parameters) to the server's database or a copy of it."""
        return dbkit.connect(target or self.db_target)

    def query(self, sql, *args):
        c = self.db()
        try:
            with c:
                return [tuple(r) for r in c.execute(sql, args).fetchall()]
        finally:
            c.close()

    def execute(self, sql, *args):
        """A write behind the server's back (to fake time passing or tampering)."""
        c = self.db()
        try:
            with c:
                return c.execute(sql, args).rowcount
        finally:
            c.close()

    def scalar(self, sql, *args):
        rows = self.query(sql, *args)
        return rows[0][0] if rows else None

    def counts(self):
        """Row counts that a refused request must leave unchanged."""
        tables = ("accounts", "audit_log", "sessions", "calendar_years", "calendar_days")
        row = self.query("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {t})" for t in tables))[0]
        return dict(zip(tables, row))

    def snapshot_db(self, dest):
        """A consistent copy of the live database (SQLite backup API, or
        pg_dump into a new database): what db() and cli(db=) take."""
        if dbkit.ENGINE == "postgresql":
            return dbkit.copy_database(self.db_url)
        src = sqlite3.connect(self.db_path, timeout=10)
        dst = sqlite3.connect(dest)
        with dst:
            src.backup(dst)
        src.close()
        dst.close()
        return dest

    def cli(self, *args, db=None):
        return subprocess.run([str(BIN), *args, "--db", dbkit.url_of(db or self.db_target)],
                              capture_output=True, text=True, timeout=60)


class TestServer(Server):
    """The test build (TEST_BIN): the platform clock can be moved."""
    __test__ = False
    binary = TEST_BIN

    def set_clock(self, days=0, ms=None):
        """Moves the platform clock `days` (or `ms` milliseconds) from the real time."""
        r = self.post("/api/v1/test/clock", {"offset_ms": ms} if ms is not None else {"offset_days": days})
        assert r.status_code == 200, r.text
        self.clock_offset_ms = ms if ms is not None else days * 86400 * 1000   # staff codes follow it
        self._moved.update(self._cache)   # a jump ahead may have expired them: as_user asks
        return r.json()["now"]

    def run_jobs(self):
        assert self.post("/api/v1/test/jobs", {}).status_code == 200


_used_servers = []


@pytest.fixture(scope="session")
def server():
    s = Server().start()
    _used_servers.append(s)
    yield s
    rc = s.stop()
    assert rc == 0, f"onestop did not stop gracefully on SIGTERM (exit {rc}):\n{s.log_tail()}"
    s.tmp.cleanup()


@pytest.fixture(scope="module")
def ts():
    """A test-build server of the module's own (fresh database, demo data):
    for tests that move the clock, run the jobs, or need a slate no other
    module writes on."""
    s = TestServer().start()
    _used_servers.append(s)
    yield s
    rc = s.stop()
    _used_servers.remove(s)
    assert rc == 0, f"onestop-test did not stop gracefully on SIGTERM (exit {rc}):\n{s.log_tail(80)}"
    s.tmp.cleanup()


@pytest.fixture
def make_server():
    started = []

    def make(*flags, env=None, demo=True, db_url=None):
        s = Server(flags, env, demo, db_url).start()
        started.append(s)
        _used_servers.append(s)
        return s

    yield make
    bad = []
    for s in reversed(started):     # a server sharing another's database stops first
        rc = s.stop()
        if rc != 0:
            bad.append(f"exit {rc}:\n{s.log_tail()}")
        _used_servers.remove(s)
        s.tmp.cleanup()
    assert not bad, "extra server did not stop gracefully: " + "\n".join(bad)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    if rep.failed:
        for s in list(_used_servers):
            rep.sections.append((f"onestop stderr (port {s.port}, last lines)", s.log_tail(30)))
