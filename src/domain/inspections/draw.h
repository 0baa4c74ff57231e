/* draw.h — the 双随机 draw of an inspection plan: a pure, published algorithm.
 *
 * Nothing here touches the database; the API, `onestop inspection-verify`
 * and the unit tests call the same functions on the same document, so anyone
 * holding a published draw record can recompute it offline.
 *
 * The record (JSON; docs/security.md "Inspection draws" describes it):
 *   algorithm         "onestop-draw-v1"
 *   seed_sha256       SHA-256 of the seed's hex text, published when the plan is committed
 *   registers_sha256  SHA-256 of the canonical registers (draw_registers_text), published then too
 *   public_value      entered by the supervisor after the commitment (a lottery number of the day)
 *   seed              64 hex digits, revealed after the draw
 *   rules             {"ratios": {stratum: per mille}, "departments": [...], "inspectors_per_target": N}
 *   targets           [{"id", "risk", "flagged": true (only when so)}]   pseudonymous ids
 *   inspectors        [{"id", "department", "recused": [target ids]}]
 *   drawn             [{"target", "inspectors": [...]}]
 *
 * The algorithm. The draw key is K = HMAC-SHA256(key = seed text, message =
 * public value). A stream for a label is the sequence of 8-byte big-endian
 * prefixes of HMAC-SHA256(K, label || 0x00 || counter as 8 bytes big-endian),
 * counter 0, 1, 2 …; a uniform integer below n takes the next value x and
 * rejects it while x ≥ 2^64 − (2^64 mod n), then answers x mod n.
 * Fisher–Yates over an array sorted by id: for i = n−1 down to 1, j = uniform(i+1), swap a[i], a[j].
 *   1. Targets: a target's stratum is "flagged" when it is flagged (a plan whose
 *      ratios name "flagged" flags the firms with complaints in the last 365 days or
 *      past non-compliant findings), its risk level otherwise. For each stratum of
 *      the ratios (sorted by byte order), the targets of that stratum sorted by id
 *      are shuffled with label "targets|<stratum>"; the first ceil(n × per mille /
 *      1000) are drawn. Strata without a ratio are not drawn.
 *   2. Inspectors: for each drawn target (sorted by id) and each department (sorted),
 *      the department's inspectors not recused from the target, sorted by id, are
 *      shuffled with label "inspectors|<target>|<department>" and the first m are
 *      taken, m = N / D plus one for the first N mod D departments (N inspectors per
 *      target, D departments). Fewer eligible than m refuses the draw, naming both.
 * Recusal (draw_recused) is decided on the real data before pseudonyms replace
 * it; the record carries its outcome as each inspector's "recused" list. */
#ifndef ONESTOP_INSPECTION_DRAW_H
#define ONESTOP_INSPECTION_DRAW_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DRAW_ALGORITHM "onestop-draw-v1"
#define DRAW_SEED_HEX 65 /* 32 bytes as hex + NUL */
#define DRAW_WHY 256

typedef enum {
	DRAW_OK = 0,
	DRAW_MALFORMED, /* the record or its rules are not well formed */
	DRAW_TOO_FEW,   /* fewer eligible inspectors than needed (why names target and department) */
} draw_rc_t;

/* The draw key from the seed's text and the public value. */
void draw_key(const char *seed_hex, const char *public_value, unsigned char key[32]);
/* A uniform integer in [0, n) from the stream `label` at *counter (advanced). n ≥ 1. */
uint64_t draw_uniform(const unsigned char key[32], const char *label, uint64_t *counter, uint64_t n);
/* Shuffles perm[0..n) in place (Fisher–Yates with the stream `label`). */
void draw_shuffle(const unsigned char key[32], const char *label, size_t *perm, size_t n);
/* SHA-256 of s as 64 lower-case hex digits. */
void draw_sha256_hex(const char *s, size_t len, char out[DRAW_SEED_HEX]);
/* The canonical text of rules + registers that registers_sha256 covers: lines
 *   R|<stratum>|<per mille>   (sorted by stratum)
 *   D|<department>         (sorted)
 *   N|<inspectors per target>
 *   T|<id>|<risk>          (sorted by id; "T|<id>|<risk>|flagged" for a flagged target)
 *   I|<id>|<department>|<recused ids, sorted, comma-separated>   (sorted by id)
 * each ending in '\n'. A new string (free it), or NULL when malformed (why says what). */
char *draw_registers_text(const json_t *rec, char *why, size_t n);
/* Runs the draw on rec's seed, public value, rules and registers. On DRAW_OK
 * *drawn is a new array like the record's "drawn"; otherwise why says what. */
draw_rc_t draw_run(const json_t *rec, json_t **drawn, char *why, size_t n);
/* Whether every target the ratios could draw has enough eligible inspectors in
 * every department: the draw is refused before any public value is mixed in,
 * so which targets a public value would draw can never decide whether a plan
 * may be drawn. DRAW_TOO_FEW names the first target and department short. */
draw_rc_t draw_check(const json_t *rec, char *why, size_t n);
/* Checks a published record: the seed against seed_sha256, the registers against
 * registers_sha256, and the draw recomputed against "drawn". true when all match;
 * otherwise false and why names the first difference. */
bool draw_verify(const json_t *rec, char *why, size_t n);

/* Whether an inspector must stand aside from a target: the inspector lives on the
 * target's street, or declared a relation to it or worked for it (lists of the
 * targets' account ids, either may be NULL). Streets are codes of the registers
 * and compare exactly; an empty street matches nothing. */
bool draw_recused(const char *inspector_street, const json_t *relations, const json_t *employers,
		  const char *target_account, const char *target_street);

#endif
