"""Superseding (变更登记), issue 11 item 5: a certificate issued to a holder
with the type and licence number of one they hold valid is its new version
and replaces it.

The rules stated here, not read from the code:
  - the earlier one then verifies as superseded — by id, by its signed form,
    and offline with the published revocation list — with when and by which
    certificate; its holder's wallet says so;
  - the new version is valid, and a certificate of the same type with another
    number (another premises' licence) is not touched;
  - a superseded certificate can no longer be revoked (it is not in force)
    and that refusal changes nothing."""
from conftest import all_items
import test_certs as tc


def verify_id(ts, cid):
    r = ts.session().get(ts.url(f"/api/v1/certificates/{cid}/verify"), timeout=30)
    assert r.status_code == 200
    return r.json()


def test_a_new_version_supersedes_the_earlier(ts, tmp_path):
    _, old = tc.issue_food_licence(ts, "JY13101010000051")
    _, other = tc.issue_food_licence(ts, "JY13101010000052")
    assert verify_id(ts, old["id"])["status"] == "valid"
    _, new = tc.issue_food_licence(ts, "JY13101010000051")
    v = verify_id(ts, old["id"])
    assert v["status"] == "superseded" and v["reason"] == "superseded", v
    assert v["superseded_by"] == new["id"] and v["superseded_at"] >= new["signed"]["certificate"]["issued_at"]
    assert v["certificate"]["identifier"] == old["signed"]["certificate"]["identifier"]
    assert tc.verify_online(ts, old["signed"])["status"] == "superseded"
    assert verify_id(ts, new["id"])["status"] == "valid"
    assert verify_id(ts, other["id"])["status"] == "valid"
    # offline: the revocation list carries it; without a list, revocation is plainly unchecked
    keys = ts.session().get(ts.url("/api/v1/keys"), timeout=30).json()
    revs = ts.session().get(ts.url("/api/v1/certificates/revocations"), timeout=30).json()
    entry = [e for e in revs["revocations"]["revoked"] if e["id"] == old["id"]]
    assert len(entry) == 1 and entry[0]["superseded_by"] == new["id"]
    out, _ = tc.offline(tmp_path, old["compact"], keys, revs)
    assert out["status"] == "superseded" and out["superseded_by"] == new["id"]
    out, _ = tc.offline(tmp_path, old["compact"], keys)
    assert out["status"] == "valid" and out["revocation_checked"] is False
    out, _ = tc.offline(tmp_path, new["compact"], keys, revs)
    assert out["status"] == "valid"
    # the wallet
    held = {c["id"]: c for c in all_items(ts.as_user("xiaochi"), "/api/v1/me/certificates")}
    assert held[old["id"]]["status"] == "superseded" and held[new["id"]]["status"] == "valid"
    # no longer in force: not revocable, and nothing changes
    before = ts.query("SELECT status, version FROM certificates WHERE id = ?", old["id"])
    r = ts.as_user("amr_head").post_json(f"/api/v1/certificates/{old['id']}/revoke", {"reason": "企业注销"})
    assert r.status_code == 409, r.text
    assert ts.query("SELECT status, version FROM certificates WHERE id = ?", old["id"]) == before
