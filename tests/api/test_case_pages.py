"""A material of several pages (正反面): a matter's material says how many
files it takes (`max_files`, 1 unless it says more; the demo's 居民身份证 takes
2, front and back). A case gives them as {key, files: [front, back]}: the first
stands for the material, the rest follow it in order, each checked as the first
is. More than the material takes, the same file twice, another person's file,
or file and files together: 422 naming the entry, and nothing is filed."""
from casekit import FOOD, PNG, case_body, get_case, upload

ID_CARD = "id_card"


def entry(body, key):
    return next(m for m in body["materials"] if m["key"] == key)


def case_count(server):
    return server.scalar("SELECT COUNT(*) FROM cases")


def test_the_catalogue_says_how_many_files_a_material_takes(server):
    doc = server.get(f"/api/v1/matters/{FOOD}").json()
    takes = {m["key"]: m.get("max_files", 1) for m in doc["materials"]}
    assert takes[ID_CARD] == 2
    assert takes["business_licence"] == 1


def test_front_and_back_of_an_id_card_are_one_material(server):
    me = server.as_user("xiaochi")
    front, back = upload(me, PNG, "正面.png", "image/png"), upload(me, PNG, "反面.png", "image/png")
    body = case_body(server, me)
    entry(body, ID_CARD).pop("file")
    entry(body, ID_CARD)["files"] = [front, back]
    r = me.post_json("/api/v1/cases", body)
    assert r.status_code == 201, r.text
    case = get_case(me, r.json()["id"])
    m = entry(case, ID_CARD)
    assert m["file"]["id"] == front
    assert [f["id"] for f in m["files"]] == [front, back]
    assert [f["name"] for f in m["files"]] == ["正面.png", "反面.png"]
    # a material of one file lists that one file
    lic = entry(case, "business_licence")
    assert [f["id"] for f in lic["files"]] == [lic["file"]["id"]]
    # the department's staff read the back as they read the front; another department's do not
    staff = server.as_user("amr_clerk")
    assert staff.get(staff.url(f"/api/v1/files/{back}"), timeout=30).status_code == 200
    other = server.as_user("psb_clerk")
    assert other.get(other.url(f"/api/v1/files/{back}"), timeout=30).status_code == 404


def refused(server, me, files, field, code):
    body = case_body(server, me)
    entry(body, ID_CARD).pop("file")
    entry(body, ID_CARD)["files"] = files
    i = [m["key"] for m in body["materials"]].index(ID_CARD)
    before = case_count(server)
    r = me.post_json("/api/v1/cases", body)
    assert r.status_code == 422, r.text
    p = r.json()
    got = {(e["field"], e["code"]) for e in p["errors"]}
    assert (f"materials[{i}].{field}", code) in got, got
    assert all(e["message"] for e in p["errors"])
    assert case_count(server) == before


def test_more_files_than_the_material_takes(server):
    me = server.as_user("xiaochi")
    three = [upload(me, PNG, f"p{i}.png", "image/png") for i in range(3)]
    refused(server, me, three, "files", "too_many")


def test_the_same_file_twice(server):
    me = server.as_user("xiaochi")
    one = upload(me, PNG, "p.png", "image/png")
    refused(server, me, [one, one], "files[1]", "duplicate_file")


def test_another_persons_file_as_a_page(server):
    me, other = server.as_user("xiaochi"), server.as_user("zhangsan")
    mine, theirs = upload(me, PNG, "a.png", "image/png"), upload(other, PNG, "b.png", "image/png")
    body = case_body(server, me)
    entry(body, ID_CARD).pop("file")
    entry(body, ID_CARD)["files"] = [mine, theirs]
    before = case_count(server)
    r = me.post_json("/api/v1/cases", body)
    assert r.status_code == 422, r.text
    i = [m["key"] for m in body["materials"]].index(ID_CARD)
    assert any(e["field"] == f"materials[{i}].files[1]" for e in r.json()["errors"]), r.text
    assert case_count(server) == before


def test_a_material_of_one_file_takes_one(server):
    me = server.as_user("xiaochi")
    body = case_body(server, me)
    lic = entry(body, "business_licence")
    lic["files"] = [lic.pop("file"), upload(me)]
    i = [m["key"] for m in body["materials"]].index("business_licence")
    r = me.post_json("/api/v1/cases", body)
    assert r.status_code == 422, r.text
    assert (f"materials[{i}].files", "too_many") in {(e["field"], e["code"]) for e in r.json()["errors"]}


def test_file_and_files_together(server):
    me = server.as_user("xiaochi")
    body = case_body(server, me)
    entry(body, ID_CARD)["files"] = [upload(me)]
    r = me.post_json("/api/v1/cases", body)
    assert r.status_code == 422, r.text
    i = [m["key"] for m in body["materials"]].index(ID_CARD)
    assert (f"materials[{i}].files", "not_allowed") in {(e["field"], e["code"]) for e in r.json()["errors"]}


def two_sided_draft(server, me):
    """A draft whose ID card is given as its two sides; (draft, body, front, back)."""
    front, back = upload(me, PNG, "正面.png", "image/png"), upload(me, PNG, "反面.png", "image/png")
    body = case_body(server, me, submit=False)
    entry(body, ID_CARD).pop("file")
    entry(body, ID_CARD)["files"] = [front, back]
    r = me.post_json("/api/v1/cases", body)
    assert r.status_code == 201, r.text
    return r.json(), body, front, back


def put_materials(me, draft, mats):
    r = me.put(me.url(f"/api/v1/cases/{draft['id']}"), json={"materials": mats},
               headers={"If-Match": f'"{draft["version"]}"'}, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


def test_a_draft_given_one_file_again_drops_the_back(server):
    me = server.as_user("xiaochi")
    draft, body, front, back = two_sided_draft(server, me)
    assert [f["id"] for f in entry(draft, ID_CARD)["files"]] == [front, back]
    mats = [m for m in body["materials"] if m["key"] != ID_CARD] + [{"key": ID_CARD, "file": front}]
    after = put_materials(me, draft, mats)
    assert [f["id"] for f in entry(after, ID_CARD)["files"]] == [front]
    assert server.scalar("SELECT COUNT(*) FROM case_file_pages WHERE case_id = ?", draft["id"]) == 0


def test_a_draft_that_leaves_the_material_out_keeps_none_of_its_pages(server):
    me = server.as_user("xiaochi")
    draft, body, _, _ = two_sided_draft(server, me)
    after = put_materials(me, draft, [m for m in body["materials"] if m["key"] != ID_CARD])
    assert entry(after, ID_CARD)["files"] == [] and entry(after, ID_CARD)["file"] is None
    assert server.scalar("SELECT COUNT(*) FROM case_file_pages WHERE case_id = ?", draft["id"]) == 0
