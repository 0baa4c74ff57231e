"""ETags on the catalogue's list reads: the same answer carries the same weak
ETag and If-None-Match gives 304; a change to the catalogue changes it."""


def test_list_reads_carry_etags(server):
    for path in ("/api/v1/matters?q=餐饮", "/api/v1/regions", "/api/v1/departments"):
        r = server.get(path)
        assert r.status_code == 200
        etag = r.headers["ETag"]
        assert etag.startswith('W/"')
        again = server.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
        other = server.get(path, headers={"If-None-Match": 'W/"0000"'})
        assert other.status_code == 200 and other.json() == r.json()


def test_list_etag_follows_the_data(server):
    """A fresh copy of a demo matter under its own code, so no other test sees the change."""
    admin = server.as_user("admin")
    doc = server.get("/api/v1/matters/XK00102000").json()
    body = {k: doc[k] for k in ("code", "name", "department", "type", "legal_basis", "legal_days", "promised_days",
                                "immediate", "visits", "online_depth", "fee_fen", "service_hours", "service_places",
                                "keywords", "materials", "form", "result", "delivery")}
    body["code"] = "XK09902001"
    body["keywords"] = ["标签甲"]
    r = admin.post(admin.url("/api/v1/matters"), json=body, timeout=30)
    assert r.status_code == 201, r.text
    path = "/api/v1/matters?q=标签甲"
    before = server.get(path)
    assert [m["code"] for m in before.json()["items"]] == ["XK09902001"]
    body["keywords"] = ["标签甲", "标签乙"]
    body["name"] = {"zh": "标签甲测试事项", "en": "ETag test matter"}
    r = admin.put(admin.url("/api/v1/matters/XK09902001"), json=body, headers={"If-Match": r.headers["ETag"]}, timeout=30)
    assert r.status_code == 200, r.text
    after = server.get(path, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]
