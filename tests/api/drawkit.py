"""The inspection draw as docs/security.md publishes it ("Inspection draws"),
written again here from that description so the tests check the server's and
the command line's draw against a second implementation, not against itself."""
import hashlib
import hmac


def sha256_hex(text):
    return hashlib.sha256(text.encode()).hexdigest()


def _stream(key, label):
    counter = 0
    while True:
        mac = hmac.new(key, label.encode() + b"\0" + counter.to_bytes(8, "big"), hashlib.sha256).digest()
        counter += 1
        yield int.from_bytes(mac[:8], "big")


def _uniform(stream, n):
    limit = 2 ** 64 - (2 ** 64 % n)
    while True:
        x = next(stream)
        if x < limit:
            return x % n


def _shuffle(key, label, items):
    a, s = list(items), _stream(key, label)
    for i in range(len(a) - 1, 0, -1):
        j = _uniform(s, i + 1)
        a[i], a[j] = a[j], a[i]
    return a


def registers_text(rec):
    rules = rec["rules"]
    lines = [f"R|{k}|{rules['ratios'][k]}" for k in sorted(rules["ratios"])]
    lines += [f"D|{d}" for d in sorted(rules["departments"])]
    lines.append(f"N|{rules['inspectors_per_target']}")
    lines += [f"T|{t['id']}|{t['risk']}" + ("|flagged" if t.get("flagged") else "")
              for t in sorted(rec["targets"], key=lambda t: t["id"])]
    lines += [f"I|{i['id']}|{i['department']}|{','.join(sorted(i.get('recused', [])))}"
              for i in sorted(rec["inspectors"], key=lambda i: i["id"])]
    return "".join(x + "\n" for x in lines)


def draw(rec):
    """The drawn list; raises ValueError when a department has too few inspectors."""
    key = hmac.new(rec["seed"].encode(), rec["public_value"].encode(), hashlib.sha256).digest()
    rules = rec["rules"]
    chosen = []
    # a target's stratum: "flagged" (complaints in the last 365 days or past non-compliant findings, when the
    # plan weighs them) or its risk level
    for stratum in sorted(rules["ratios"]):
        pool = sorted(t["id"] for t in rec["targets"] if ("flagged" if t.get("flagged") else t["risk"]) == stratum)
        take = -(-len(pool) * rules["ratios"][stratum] // 1000)
        chosen += _shuffle(key, f"targets|{stratum}", pool)[:take]
    depts = sorted(rules["departments"])
    n, d = rules["inspectors_per_target"], len(depts)
    out = []
    for t in sorted(chosen):
        team = []
        for k, dept in enumerate(depts):
            need = n // d + (1 if k < n % d else 0)
            pool = sorted(i["id"] for i in rec["inspectors"]
                          if i["department"] == dept and t not in i.get("recused", []))
            if len(pool) < need:
                raise ValueError(f"target {t}: department {dept}")
            team += _shuffle(key, f"inspectors|{t}|{dept}", pool)[:need]
        out.append({"target": t, "inspectors": team})
    return out


def check(rec):
    """Whether a published record holds together: seed, registers, draw."""
    return (sha256_hex(rec["seed"]) == rec["seed_sha256"]
            and sha256_hex(registers_text(rec)) == rec["registers_sha256"]
            and draw(rec) == rec["drawn"])
