"""The API suite's own access to a server's database, on either engine.

The suite runs once on SQLite and once on PostgreSQL (tests/run.sh sets
ONESTOP_TEST_PG to the URL of a throwaway cluster's superuser). Tests write
SQL once, with `?` parameters, as the platform does; `connect(target)` gives
an sqlite3-like connection (execute(sql, args) -> cursor; `with` commits)
on a SQLite file or a PostgreSQL URL.
"""
import os
import sqlite3
import subprocess
import time
import uuid

PG_ADMIN = os.environ.get("ONESTOP_TEST_PG")          # postgresql://postgres@127.0.0.1:PORT/postgres
ENGINE = "postgresql" if PG_ADMIN else "sqlite"
PG_BIN = "/usr/lib/postgresql/15/bin"


def pg_url(dbname):
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + dbname


class PgConnection:
    """sqlite3-style execute() over psycopg2, `?` parameters translated."""

    def __init__(self, url):
        import psycopg2
        self._c = psycopg2.connect(url)

    def execute(self, sql, args=()):
        cur = self._c.cursor()
        if args:
            cur.execute(sql.replace("%", "%%").replace("?", "%s"), tuple(args))
        else:
            cur.execute(sql)
        return cur

    def columns(self, table):
        """(name, type, notnull, default) of each column."""
        rows = self.execute("SELECT column_name, data_type, is_nullable = 'NO', column_default "
                            "FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                            (table,)).fetchall()
        return [tuple(r) for r in rows]

    def table_exists(self, name):
        return self.execute("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = ?",
                            (name,)).fetchone()[0] == 1

    def commit(self):
        self._c.commit()

    def close(self):
        self._c.close()

    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        if kind:
            self._c.rollback()
        else:
            self._c.commit()
        self._c.close()


class SqliteConnection(sqlite3.Connection):
    def columns(self, table):
        return [(name, typ, bool(notnull), default)
                for _, name, typ, notnull, default, _pk in self.execute(f"PRAGMA table_info({table})")]

    def table_exists(self, name):
        return self.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
                            (name,)).fetchone()[0] == 1


def connect(target):
    """target: a SQLite path or a postgresql:// URL."""
    if str(target).startswith("postgresql://"):
        return PgConnection(str(target))
    return sqlite3.connect(target, timeout=10, factory=SqliteConnection)


def url_of(target):
    """The --db URL of a target."""
    t = str(target)
    return t if t.startswith("postgresql://") else f"sqlite:{t}"


def new_database(template=None):
    """A fresh PostgreSQL database on the test cluster, empty or a copy of the
    database `template` (a URL) that nobody is connected to: its URL."""
    import psycopg2
    name = "t_" + uuid.uuid4().hex[:16]
    sql = f"CREATE DATABASE {name}" + (f" TEMPLATE {template.rsplit('/', 1)[1]}" if template else "")
    for attempt in range(50):
        try:
            admin(sql)
            return pg_url(name)
        except psycopg2.errors.ObjectInUse:   # the template's last client is still leaving
            if attempt == 49:
                raise
            time.sleep(0.1)


def drop_database(url):
    admin(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")


def admin(sql, url=None):
    """Runs sql on the test cluster's admin database (or on `url`), outside any transaction."""
    import psycopg2
    c = psycopg2.connect(url or PG_ADMIN)
    c.autocommit = True
    try:
        c.cursor().execute(sql)
    finally:
        c.close()


def copy_database(url):
    """A consistent copy of a live PostgreSQL database (pg_dump into a new one): its URL."""
    dest = new_database()
    dump = subprocess.run([f"{PG_BIN}/pg_dump", "--no-owner", url], capture_output=True, check=True)
    subprocess.run([f"{PG_BIN}/psql", "-q", "-v", "ON_ERROR_STOP=1", dest], input=dump.stdout,
                   capture_output=True, check=True)
    return dest
