/* fuzz_draw.c — an inspection draw record (双随机, domain/inspections/draw.h)
 * as `onestop inspection-verify` reads it: anyone may hand the verifier a
 * file claiming to be a published draw (GET /api/v1/public/inspections/
 * {id}/draw). The input is parsed as main.c does (JSON_REJECT_DUPLICATES)
 * and fed to draw_registers_text, draw_check, draw_run and draw_verify.
 * When its seed or public value cannot be drawn on, the record is also
 * drawn with a fixed seed and public value, so the rules and registers are
 * exercised whatever the seed field holds.
 *
 * Checked, by rules stated apart from the code:
 *   - every refusal says why; the canonical registers text exists exactly
 *     when draw_check does not call the record malformed;
 *   - the draw is deterministic: drawn twice, the same answer;
 *   - draw_check answering OK means the draw is not refused for too few
 *     inspectors (draw.h: that refusal comes before any public value);
 *   - an accepted draw, against the record read by the harness itself:
 *     drawn targets are distinct, sorted, known, of a risk level with a
 *     ratio, ceil(n x per mille / 1000) of each level's n; each team has
 *     inspectors_per_target distinct inspectors, each known, of one of the
 *     rules' departments, not recused from the target, as many of each
 *     department as the published split says (N / D, one more for the
 *     first N mod D departments in byte order);
 *   - the record made whole (algorithm, seed_sha256 and registers_sha256
 *     computed, the draw as drawn) verifies, and no longer does once an
 *     entry of the draw is dropped. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/inspections/draw.h"

#include "check.h"

#define FIXED_SEED "d4391176367bb548d54ee13516efc3f85c99a515b92cd5d854a053904d43c75a"
#define FIXED_PV "双色球 2026001"

static const char *str(const json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The element of `list` whose member `k` is `id`, or NULL. */
static const json_t *find(const json_t *list, const char *k, const char *id)
{
	size_t i;
	const json_t *v;
	json_array_foreach(list, i, v) if (str(v, k) && !strcmp(str(v, k), id)) return v;
	return NULL;
}

static bool listed(const json_t *list, const char *id)
{
	size_t i;
	const json_t *v;
	json_array_foreach(list, i, v) if (json_is_string(v) && !strcmp(json_string_value(v), id))
		return true;
	return false;
}

/* An accepted draw against the record it was drawn from. */
static void check_drawn(const json_t *rec, const json_t *drawn)
{
	const json_t *rules = json_object_get(rec, "rules"), *ratios = json_object_get(rules, "ratios");
	const json_t *depts = json_object_get(rules, "departments");
	const json_t *targets = json_object_get(rec, "targets"), *insps = json_object_get(rec, "inspectors");
	long per = (long)json_integer_value(json_object_get(rules, "inspectors_per_target"));
	size_t nd = json_array_size(depts);
	CHECK(json_is_array(drawn) && nd > 0 && per >= (long)nd);

	/* the departments in byte order: the first per % nd of them field one inspector more */
	const char **sorted = calloc(nd, sizeof *sorted);
	CHECK(sorted);
	for (size_t d = 0; d < nd; d++)
		sorted[d] = json_string_value(json_array_get(depts, d));
	qsort(sorted, nd, sizeof *sorted, cmp_str);

	size_t i;
	const json_t *e;
	json_array_foreach(drawn, i, e) {
		const char *t = str(e, "target");
		CHECK(t && find(targets, "id", t));
		if (i)
			CHECK(strcmp(str(json_array_get(drawn, i - 1), "target"), t) < 0);
		const char *risk = str(find(targets, "id", t), "risk");
		CHECK(json_integer_value(json_object_get(ratios, risk)) > 0);
		const json_t *team = json_object_get(e, "inspectors");
		CHECK((long)json_array_size(team) == per);
		size_t *count = calloc(nd, sizeof *count);
		CHECK(count);
		size_t j;
		const json_t *a;
		json_array_foreach(team, j, a) {
			const char *id = json_string_value(a);
			const json_t *in = id ? find(insps, "id", id) : NULL;
			CHECK(in && !listed(json_object_get(in, "recused"), t));
			for (size_t k = 0; k < j; k++)
				CHECK(strcmp(json_string_value(json_array_get(team, k)), id) != 0);
			size_t d = 0;
			while (d < nd && strcmp(sorted[d], str(in, "department")))
				d++;
			CHECK(d < nd);
			count[d]++;
		}
		for (size_t d = 0; d < nd; d++)
			CHECK(count[d] == (size_t)per / nd + (d < (size_t)per % nd));
		free(count);
	}
	/* per risk level: ceil(n x per mille / 1000) of its n targets */
	const char *risk;
	const json_t *pm;
	json_object_foreach((json_t *)ratios, risk, pm) {
		size_t n = 0, got = 0;
		json_array_foreach(targets, i, e) n += !strcmp(str(e, "risk"), risk);
		json_array_foreach(drawn, i, e)
			got += !strcmp(str(find(targets, "id", str(e, "target")), "risk"), risk);
		CHECK(got == (n * (size_t)json_integer_value(pm) + 999) / 1000);
	}
	free(sorted);
}

/* The record made whole verifies; without its last drawn entry it does not. */
static void check_verify(const json_t *rec, const json_t *drawn, const char *text)
{
	json_t *whole = json_deep_copy(rec);
	char h[DRAW_SEED_HEX], why[DRAW_WHY] = "";
	const char *seed = str(rec, "seed");
	json_object_set_new(whole, "algorithm", json_string(DRAW_ALGORITHM));
	draw_sha256_hex(seed, strlen(seed), h);
	json_object_set_new(whole, "seed_sha256", json_string(h));
	draw_sha256_hex(text, strlen(text), h);
	json_object_set_new(whole, "registers_sha256", json_string(h));
	json_object_set_new(whole, "drawn", json_deep_copy(drawn));
	CHECK(draw_verify(whole, why, sizeof why));
	if (json_array_size(drawn)) {
		json_array_remove(json_object_get(whole, "drawn"), json_array_size(drawn) - 1);
		CHECK(!draw_verify(whole, why, sizeof why) && why[0]);
	}
	json_decref(whole);
}

/* Draws rec twice and checks what came out; `checked` is draw_check's answer on the registers. */
static void draw_and_check(const json_t *rec, draw_rc_t checked, const char *text)
{
	json_t *d1 = NULL, *d2 = NULL;
	char w1[DRAW_WHY] = "", w2[DRAW_WHY] = "";
	draw_rc_t r1 = draw_run(rec, &d1, w1, sizeof w1), r2 = draw_run(rec, &d2, w2, sizeof w2);
	CHECK(r1 == r2 && !strcmp(w1, w2));
	CHECK((r1 == DRAW_OK) == (d1 != NULL) && (d1 != NULL) == (d2 != NULL));
	if (r1 != DRAW_OK)
		CHECK(w1[0]);
	if (checked == DRAW_OK)
		CHECK(r1 != DRAW_TOO_FEW);
	if (r1 == DRAW_OK) {
		CHECK(text && json_equal(d1, d2));
		check_drawn(rec, d1);
		check_verify(rec, d1, text);
	}
	json_decref(d1);
	json_decref(d2);
}

static bool seed_ok(const char *s) { return s && strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *rec = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	if (!rec)
		return 0;
	char why[DRAW_WHY] = "", why2[DRAW_WHY] = "";
	char *text = draw_registers_text(rec, why, sizeof why);
	CHECK(text || why[0]);
	draw_rc_t checked = draw_check(rec, why2, sizeof why2);
	CHECK((text == NULL) == (checked == DRAW_MALFORMED));
	if (checked != DRAW_OK)
		CHECK(why2[0]);
	draw_and_check(rec, checked, text);
	const char *pv = str(rec, "public_value");
	if (json_is_object(rec) && (!seed_ok(str(rec, "seed")) || !pv || !*pv)) {
		json_t *fixed = json_deep_copy(rec);
		json_object_set_new(fixed, "seed", json_string(FIXED_SEED));
		json_object_set_new(fixed, "public_value", json_string(FIXED_PV));
		draw_and_check(fixed, checked, text);
		json_decref(fixed);
	}
	/* whatever the record claims, verifying it answers and says why not */
	char vw[DRAW_WHY] = "";
	if (!draw_verify(rec, vw, sizeof vw))
		CHECK(vw[0]);
	free(text);
	json_decref(rec);
	return 0;
}
