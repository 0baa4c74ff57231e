"""Personal data at rest (issue 14, item 4): ID numbers (GB 11643) and mobile
phone numbers are never stored in the clear, anywhere in the database.

The rule is checked from outside the code: a person registers, files a case
whose form holds their ID number and phone with delivery by post (a phone
again), a window clerk files one for them (found by ID number) and one for an
enterprise through an agent (the agent's ID number); then every column of
every table is read raw and searched for anything shaped like an ID number
(17 digits and a digit or X, with a valid check digit) or a mobile number
(1[3-9] and 9 digits, not inside a longer run), and for the exact values
used. On SQLite the database file and its WAL are searched byte by byte too.
Meanwhile the API answers the owner exactly as before: the numbers in clear.

A database written before sealing existed (simulated: the rows put back in
the clear and migration 0013 undone) is sealed when the server starts, and
the look-ups by ID number still find its people."""
import json
import re
import urllib.parse

import casekit
import dbkit
from casekit import FOOD, PDF, case_body, upload
from conftest import ID_CHECK, ID_WEIGHTS, new_id_number, new_phone, person_body

INDIVIDUAL = "XK00102000"     # 个体工商户设立登记: a person's matter of amr, its form holds ID number and phone

ID_RE = re.compile(r"(?<![0-9A-Za-z])([0-9]{17}[0-9Xx])(?![0-9A-Za-z])")
# Bounded by anything but a letter or digit: random hex ids and digests may
# hold such a run between letters; a number written by a person stands alone.
MOBILE_RE = re.compile(r"(?<![0-9A-Za-z])(1[3-9][0-9]{9})(?![0-9A-Za-z])")


def valid_id(s):
    return ID_CHECK[sum(int(c) * w for c, w in zip(s[:17], ID_WEIGHTS)) % 11] == s[17].upper()


def pii_in(text):
    """The ID numbers (with a valid check digit) and mobile numbers in text."""
    return [m for m in ID_RE.findall(text) if valid_id(m)] + MOBILE_RE.findall(text)


def tables(c):
    if dbkit.ENGINE == "postgresql":
        rows = c.execute("SELECT table_name FROM information_schema.tables "
                         "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'").fetchall()
    else:
        rows = c.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return sorted(r[0] for r in rows)


def raw_cells(server):
    """(table, column, text) of every non-NULL cell of every table."""
    out = []
    with server.db() as c:
        for t in tables(c):
            cols = [col[0] for col in c.columns(t)]
            for row in c.execute(f'SELECT * FROM "{t}"').fetchall():
                for name, v in zip(cols, row):
                    if v is not None:
                        out.append((t, name, v.decode("latin-1") if isinstance(v, (bytes, memoryview))
                                    else str(v)))
    return out


def clear_values(server, values):
    """Where in the database a value of `values`, or anything shaped like
    personal data, stands in the clear: [(table, column, what)]."""
    found = []
    for t, col, text in raw_cells(server):
        found += [(t, col, m) for m in pii_in(text)]
        found += [(t, col, v) for v in values if v in text]
    return found


def clear_bytes(server, values):
    """The same search over the bytes of the SQLite file and its WAL."""
    found = []
    for p in sorted(server.db_path.parent.glob(server.db_path.name + "*")):
        text = p.read_bytes().decode("latin-1")
        found += [(p.name, m) for m in pii_in(text)]
        found += [(p.name, v) for v in values if v in text]
    return found


def individual_form(server, idn, phone, **over):
    doc = server.get(f"/api/v1/matters/{INDIVIDUAL}").json()
    enum = {f["key"]: f["options"][0]["value"] for f in doc["form"]["fields"] if f["type"] == "enum"}
    form = {"enterprise_name": "王记小吃店", "composition": enum["composition"],
            "enterprise_address": "上海市黄浦区福州路 10 号", "enterprise_region": "310101",
            "business_scope": "小吃服务", "capital_amount": 5, "applicant_name": "王小明",
            "applicant_id_number": idn, "applicant_phone": phone}
    form.update(over)
    return form


def file_everything(server):
    """Registers a person and files three cases that carry ID numbers and
    phones; returns (the values used, the person's session, the cases)."""
    body = person_body(name="王小明")
    server.register(body)
    me = server.login(body["username"], body["password"])
    other_phone, post_phone, agent_id = new_phone(), new_phone(), new_id_number("310104")
    # 1. online, by the person: own ID number and a second phone in the form, delivery by post
    own = me.post_json("/api/v1/cases", {
        "matter": INDIVIDUAL, "channel": "online",
        "form": individual_form(server, body["id_number"], other_phone,
                                business_scope=f"小吃服务；联系电话 {body['phone']}"),
        "materials": casekit.materials_for(server, me, INDIVIDUAL),
        "delivery": {"method": "post", "address": "上海市黄浦区福州路 10 号", "recipient": "王小明",
                     "phone": post_phone}})
    assert own.status_code == 201, own.text
    # 2. at the window: the clerk names the applicant by ID number (the blind index finds them)
    clerk = server.as_user("amr_clerk")
    window = clerk.post_json("/api/v1/cases", {
        "matter": INDIVIDUAL, "channel": "window", "applicant": {"id_number": body["id_number"]},
        "form": individual_form(server, body["id_number"], body["phone"]),
        "materials": casekit.materials_for(server, clerk, INDIVIDUAL), "delivery": {"method": "electronic"}})
    assert window.status_code == 201, window.text
    # 3. an enterprise's case filed by its agent (经办人), whose ID number is recorded
    auth = upload(clerk, PDF, "授权委托书.pdf")
    xiaochi = server.as_user("xiaochi")
    agent = clerk.post_json("/api/v1/cases", case_body(
        server, clerk, FOOD, channel="assisted", applicant={"credit_code": xiaochi.account["credit_code"]},
        agent={"name": "李小明", "id_number": agent_id, "relation": "经办人", "authorization_file": auth}))
    assert agent.status_code == 201, agent.text
    values = [body["id_number"], body["phone"], other_phone, post_phone, agent_id]
    return body, values, me, {"own": own.json(), "window": window.json(), "agent": agent.json()}


def test_no_id_number_or_phone_in_the_clear_while_the_owner_reads_them(make_server):
    server = make_server()
    body, values, me, cases = file_everything(server)

    # the API answers as before: the owner sees every number in the clear
    acc = me.get_json("/api/v1/me").json()
    acc = acc.get("account", acc)
    assert acc["id_number"] == body["id_number"] and acc["phone"] == body["phone"]
    own = casekit.get_case(me, cases["own"]["id"])
    assert own["form"]["applicant_id_number"] == body["id_number"]
    assert own["form"]["applicant_phone"] == values[2] and body["phone"] in own["form"]["business_scope"]
    assert own["delivery"]["phone"] == values[3]
    window = casekit.get_case(me, cases["window"]["id"])
    assert window["applicant"]["id"] == acc["id"] and window["form"]["applicant_phone"] == body["phone"]
    # and the agent's record is there for the enterprise (masked to it, as before)
    agent = casekit.get_case(server.as_user("xiaochi"), cases["agent"]["id"])
    assert agent["agent"]["name"] == "李小明" and agent["agent"]["id_number"][-4:] == values[4][-4:]

    # the rows hold none of it in the clear
    assert clear_values(server, values) == []
    row = server.query("SELECT id_number, phone, id_number_bidx, phone_bidx FROM accounts WHERE username = ?",
                       body["username"])[0]
    assert row[0].startswith("s1:") and row[1].startswith("s1:")
    assert re.fullmatch("[0-9a-f]{64}", row[2]) and re.fullmatch("[0-9a-f]{64}", row[3])
    forms = server.query("SELECT form, agent, delivery FROM cases WHERE id IN (?, ?, ?)",
                         *[c["id"] for c in cases.values()])
    assert all(f.startswith("s1:") and (a is None or a.startswith("s1:")) and d.startswith("s1:")
               for f, a, d in forms)
    if dbkit.ENGINE == "sqlite":
        assert clear_bytes(server, values) == []
    # the audit entries say who registered and filed, with nothing to unmask
    assert not any(v in d for (d,) in server.query("SELECT detail FROM audit_log") for v in values)


def test_registration_refuses_a_taken_id_number_through_the_blind_index(make_server):
    server = make_server()
    body = person_body()
    server.register(body)
    # the same person again, the check character in lower case: the same normal form
    again = person_body(id_number=body["id_number"].lower())
    r = server.post("/api/v1/accounts", again)
    assert r.status_code == 409, r.text
    assert "id_number" in r.text
    assert server.scalar("SELECT COUNT(*) FROM accounts WHERE display_name = ?", body["name"]) == 1


def undo_0013(server, legacy):
    """Puts the database back as a server before migration 0013 left it: the
    values of `legacy` {(table, key): {column: plaintext}} in the clear, the
    blind indexes gone, the unique index on the ID number back."""
    with server.db() as c:
        for (table, key), cols in legacy.items():
            keycol, keyval = key
            for col, v in cols.items():
                c.execute(f"UPDATE {table} SET {col} = ? WHERE {keycol} = ?", (v, keyval))
        c.execute("UPDATE case_events SET note = ?", ('{"channel":"online"}',))
        c.execute("DROP INDEX accounts_id_number_bidx")
        c.execute("DROP INDEX accounts_phone_bidx")
        c.execute("ALTER TABLE accounts DROP COLUMN id_number_bidx")
        c.execute("ALTER TABLE accounts DROP COLUMN phone_bidx")
        # the other rows stay sealed: the step must open them to fill their indexes
        c.execute("CREATE UNIQUE INDEX accounts_id_number ON accounts(id_number)")
        c.execute("DELETE FROM schema_migrations WHERE version = 13")


def test_rows_written_in_the_clear_before_0013_are_sealed_at_start(make_server):
    first = make_server()
    body, values, me, cases = file_everything(first)
    acc_id = me.account["id"]
    form = {"applicant_id_number": body["id_number"], "applicant_phone": body["phone"], "note": "旧数据"}
    delivery = {"method": "post", "address": "上海市", "recipient": "王小明", "phone": values[3]}
    first.proc.terminate()
    first.proc.wait(timeout=60)
    undo_0013(first, {
        ("accounts", ("id", acc_id)): {"id_number": body["id_number"], "phone": body["phone"]},
        ("cases", ("id", cases["own"]["id"])): {"form": json.dumps(form, ensure_ascii=False),
                                                "delivery": json.dumps(delivery, ensure_ascii=False)},
    })
    # before: the old rows hold the numbers in the clear (what the step must find)
    assert clear_values(first, values[:2]) != []

    # a server starts on it: migration 0013 and its step run once
    second = make_server(db_url=first.db_url if dbkit.ENGINE == "postgresql" else f"sqlite:{first.db_path}")
    db = first    # its db() is the shared database on either engine
    assert db.scalar("SELECT COUNT(*) FROM schema_migrations WHERE version = 13") == 1
    assert clear_values(db, values) == []
    if dbkit.ENGINE == "sqlite":
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert clear_bytes(db, values) == []
    row = db.query("SELECT id_number, phone, id_number_bidx, phone_bidx FROM accounts WHERE id = ?", acc_id)[0]
    assert row[0].startswith("s1:") and row[1].startswith("s1:") and row[2] and row[3]
    # read back exactly as written
    s = second.login(body["username"], body["password"])
    acc = s.get_json("/api/v1/me").json()
    acc = acc.get("account", acc)
    assert (acc["id_number"], acc["phone"]) == (body["id_number"], body["phone"])
    case = casekit.get_case(s, cases["own"]["id"])
    assert case["form"] == form and case["delivery"] == delivery
    # the blind index filled by the step: a second registration with the ID number is refused,
    # and the window finds the person by it
    r = second.post("/api/v1/accounts", person_body(id_number=body["id_number"]))
    assert r.status_code == 409, r.text
    clerk = second.as_user("amr_clerk")
    r = clerk.post_json("/api/v1/cases", {
        "matter": INDIVIDUAL, "channel": "window", "applicant": {"id_number": body["id_number"]},
        "form": individual_form(second, body["id_number"], body["phone"]),
        "materials": casekit.materials_for(second, clerk, INDIVIDUAL), "delivery": {"method": "electronic"}})
    assert r.status_code == 201, r.text
    assert r.json()["applicant"]["id"] == acc_id
    # a restart finds nothing more to do and changes nothing
    before = db.query("SELECT id, id_number, phone FROM accounts ORDER BY id")
    second.stop()
    third = make_server(db_url=first.db_url if dbkit.ENGINE == "postgresql" else f"sqlite:{first.db_path}")
    assert db.query("SELECT id, id_number, phone FROM accounts ORDER BY id") == before
    third.stop()
    if dbkit.ENGINE == "postgresql":
        dbkit.drop_database(first.db_url)   # first's process was ended by hand, its stop() drops nothing


def test_a_file_named_after_its_owner_keeps_the_numbers_sealed(make_server):
    """People name their scans after themselves ("身份证 110105….pdf"): the
    name is stored sealed, read back whole by the owner (the download's
    Content-Disposition, the file's meta), and a name written in the clear
    before migration 0024 is sealed by its step at the next start."""
    first = make_server()
    body = person_body(name="王小明")
    first.register(body)
    me = first.login(body["username"], body["password"])
    name = f"身份证 {body['id_number']} {body['phone']}.pdf"
    fid = upload(me, casekit.PDF + body["username"].encode(), name)
    values = [body["id_number"], body["phone"]]

    def reads_back(server):
        s = server.login(body["username"], body["password"])
        assert s.get_json(f"/api/v1/files/{fid}/meta").json()["name"] == name
        g = s.get(server.url(f"/api/v1/files/{fid}"))
        assert g.status_code == 200
        assert urllib.parse.unquote(g.headers["Content-Disposition"].split("UTF-8''", 1)[1]) == name

    reads_back(first)
    # a material of a case: its department's reviewer reads the name whole, a supervisor masked
    materials = casekit.materials_for(first, me, INDIVIDUAL)
    materials[0]["file"] = fid
    r = me.post_json("/api/v1/cases", {
        "matter": INDIVIDUAL, "channel": "online", "form": individual_form(first, body["id_number"], body["phone"]),
        "materials": materials, "delivery": {"method": "electronic"}})
    assert r.status_code == 201, r.text
    assert first.as_user("amr_reviewer").get_json(f"/api/v1/files/{fid}/meta").json()["name"] == name
    shown = first.as_user("supervisor").get_json(f"/api/v1/files/{fid}/meta").json()["name"]
    assert shown.startswith("身份证 ") and shown.endswith(".pdf") and pii_in(shown) == [], shown
    assert body["id_number"][-4:] in shown and body["phone"][-4:] in shown
    [(stored,)] = first.query("SELECT name FROM files WHERE id = ?", fid)
    assert stored.startswith("s1:")
    assert clear_values(first, values) == []
    if dbkit.ENGINE == "sqlite":
        first.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert clear_bytes(first, values) == []

    # a database from before 0024: the name in the clear and the migration not recorded
    first.proc.terminate()
    first.proc.wait(timeout=60)
    with first.db() as c:
        c.execute("UPDATE files SET name = ? WHERE id = ?", (name, fid))
        c.execute("DELETE FROM schema_migrations WHERE version = 24")
    assert clear_values(first, values) != []
    second = make_server(db_url=first.db_url if dbkit.ENGINE == "postgresql" else f"sqlite:{first.db_path}")
    assert first.scalar("SELECT COUNT(*) FROM schema_migrations WHERE version = 24") == 1
    assert first.scalar("SELECT name FROM files WHERE id = ?", fid).startswith("s1:")
    assert clear_values(first, values) == []
    reads_back(second)
    second.stop()
    if dbkit.ENGINE == "postgresql":
        dbkit.drop_database(first.db_url)   # first's process was ended by hand, its stop() drops nothing


def test_a_username_may_not_be_an_id_number_or_a_phone(server):
    """A username is stored, matched at login and logged as typed, so it may
    not be one of the numbers kept sealed: refused 422 naming the field, and
    nothing stored. (Free text in audit entries is masked: the audit unit test.)"""
    before = server.query("SELECT COUNT(*) FROM accounts")[0][0]
    for username in (new_phone(), "138-0013-8000", "zs" + new_phone(), "310101198503120030"):
        r = server.register(person_body(username=username), expect=422)
        fields = {e["field"]: e for e in r.json()["errors"]}
        assert "username" in fields and "手机号" in fields["username"]["message"], r.text
    assert server.query("SELECT COUNT(*) FROM accounts")[0][0] == before
