/* draw.c (test) — the inspection draw against its published description
 * (src/domain/inspections/draw.h): known answers computed independently
 * (Python's hmac module, for the key, the stream and one shuffle), the draw
 * deterministic from the seed, uniform over a fixed set of seeds (chi-square,
 * so the test never flakes), recusal respected, too few inspectors named, and
 * a published record verified — and refused once anything in it is changed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/inspections/draw.h"

/* sha256("known-answer"), the key and stream values from Python:
 *   K = hmac.new(seed.encode(), pv.encode(), sha256)
 *   x_c = int.from_bytes(hmac.new(K, label + b"\0" + c.to_bytes(8, "big"), sha256)[:8], "big") */
#define KA_SEED "d4391176367bb548d54ee13516efc3f85c99a515b92cd5d854a053904d43c75a"
#define KA_PV "双色球 2026001"
#define KA_KEY "0eb0cff69adf835dbd0eba4dd05322dc35e876e2f2f47282828bc71e1d334a48"

static void test_known_answers(void **state)
{
	unsigned char key[32];
	char hex[65];
	draw_sha256_hex("known-answer", 12, hex);
	assert_string_equal(hex, KA_SEED);
	draw_key(KA_SEED, KA_PV, key);
	sodium_bin2hex(hex, sizeof hex, key, sizeof key);
	assert_string_equal(hex, KA_KEY);
	uint64_t c = 0;
	const uint64_t want[] = {9, 6, 1, 3, 4};
	for (int i = 0; i < 5; i++)
		assert_int_equal(draw_uniform(key, "targets|high", &c, 10), want[i]);
	size_t perm[6] = {0, 1, 2, 3, 4, 5};
	draw_shuffle(key, "L", perm, 6);
	const size_t shuffled[6] = {5, 3, 4, 2, 0, 1};
	for (int i = 0; i < 6; i++)
		assert_int_equal(perm[i], shuffled[i]);
}

/* A flagged target (complaints or past findings) is sampled in the stratum "flagged" under that ratio, not
 * in its risk level's; the canonical registers say so, and a flag that is not true is malformed. */
static json_t *record(const char *seed, const char *pv);

static void test_flagged_stratum(void **state)
{
	char seed[65], why[DRAW_WHY];
	draw_sha256_hex("flagged", 7, seed);
	json_t *rec = record(seed, "2026-12-03 体彩 5 5 5"), *drawn = NULL;
	json_t *ratios = json_object_get(json_object_get(rec, "rules"), "ratios");
	json_object_set_new(ratios, "flagged", json_integer(1000));
	for (int i = 10; i < 14; i++) /* four of the seven low-risk targets */
		json_object_set_new(json_array_get(json_object_get(rec, "targets"), (size_t)i), "flagged",
				    json_true());
	assert_int_equal(draw_run(rec, &drawn, why, sizeof why), DRAW_OK);
	/* all 4 flagged, ceil(10 × 0.5) = 5 high, ceil(3 × 0.1) = 1 of the low ones left */
	assert_int_equal(json_array_size(drawn), 10);
	int flagged = 0, low = 0;
	size_t i;
	json_t *v;
	json_array_foreach(drawn, i, v)
	{
		int t = atoi(json_string_value(json_object_get(v, "target")) + 1);
		flagged += t >= 10 && t < 14;
		low += t >= 14;
	}
	assert_int_equal(flagged, 4);
	assert_int_equal(low, 1);
	char *text = draw_registers_text(rec, why, sizeof why);
	assert_non_null(text);
	assert_non_null(strstr(text, "R|flagged|1000\nR|high|500\nR|low|100\n"));
	assert_non_null(strstr(text, "T|T09|high\nT|T10|low|flagged\n"));
	assert_non_null(strstr(text, "T|T13|low|flagged\nT|T14|low\n"));
	free(text);
	json_decref(drawn);
	json_object_set_new(json_array_get(json_object_get(rec, "targets"), 10), "flagged", json_false());
	assert_int_equal(draw_run(rec, &drawn, why, sizeof why), DRAW_MALFORMED);
	assert_non_null(strstr(why, "flagged"));
	json_decref(rec);
}

static void seed_of(int i, char out[65])
{
	char s[32];
	snprintf(s, sizeof s, "seed-%d", i);
	draw_sha256_hex(s, strlen(s), out);
}

/* A joint plan: departments sc (market) and hb (environment), 10 high-risk and
 * 7 low-risk targets; 4 inspectors in sc, 3 in hb. */
static json_t *record(const char *seed, const char *pv)
{
	json_t *t = json_array(), *in = json_array();
	char id[16];
	for (int i = 0; i < 17; i++) {
		snprintf(id, sizeof id, "T%02d", i);
		json_array_append_new(t, json_pack("{s:s, s:s}", "id", id, "risk", i < 10 ? "high" : "low"));
	}
	for (int i = 0; i < 7; i++) {
		snprintf(id, sizeof id, "I%02d", i);
		json_array_append_new(in, json_pack("{s:s, s:s, s:[]}", "id", id, "department",
						    i < 4 ? "sc" : "hb", "recused"));
	}
	return json_pack("{s:s, s:s, s:s, s:{s:{s:i, s:i}, s:[s,s], s:i}, s:o, s:o}", "algorithm",
			 DRAW_ALGORITHM, "seed", seed, "public_value", pv, "rules", "ratios", "high", 500,
			 "low", 100, "departments", "sc", "hb", "inspectors_per_target", 3, "targets", t,
			 "inspectors", in);
}

static const char *dept_of(const char *insp) { return atoi(insp + 1) < 4 ? "sc" : "hb"; }

static void test_counts_and_teams(void **state)
{
	char seed[65];
	seed_of(1, seed);
	json_t *rec = record(seed, "2026-11-30 福彩3D 123"), *drawn = NULL;
	char why[DRAW_WHY];
	assert_int_equal(draw_run(rec, &drawn, why, sizeof why), DRAW_OK);
	/* ceil(10 × 0.5) = 5 high, ceil(7 × 0.1) = 1 low */
	assert_int_equal(json_array_size(drawn), 6);
	int high = 0;
	size_t i;
	json_t *v;
	json_array_foreach(drawn, i, v)
	{
		const char *t = json_string_value(json_object_get(v, "target"));
		if (atoi(t + 1) < 10)
			high++;
		if (i > 0) /* in target order */
			assert_true(
			    strcmp(json_string_value(json_object_get(json_array_get(drawn, i - 1), "target")),
				   t) < 0);
		json_t *team = json_object_get(v, "inspectors");
		/* 3 per target over 2 departments: 2 from the first by code (hb), 1 from sc; none twice */
		assert_int_equal(json_array_size(team), 3);
		int hb = 0;
		for (size_t k = 0; k < 3; k++) {
			const char *a = json_string_value(json_array_get(team, k));
			hb += !strcmp(dept_of(a), "hb");
			for (size_t l = 0; l < k; l++)
				assert_string_not_equal(a, json_string_value(json_array_get(team, l)));
		}
		assert_int_equal(hb, 2);
	}
	assert_int_equal(high, 5);
	json_decref(drawn);
	json_decref(rec);
}

static void test_deterministic(void **state)
{
	char s1[65], s2[65];
	seed_of(7, s1);
	seed_of(8, s2);
	json_t *a = record(s1, "pv"), *b = record(s1, "pv"), *c = record(s2, "pv"), *d = record(s1, "pv2");
	/* the registers in another order: the draw sorts them itself */
	json_t *t = json_object_get(b, "targets");
	json_t *first = json_incref(json_array_get(t, 0));
	json_array_remove(t, 0);
	json_array_append_new(t, first);
	json_t *da, *db, *dc, *dd;
	char why[DRAW_WHY];
	assert_int_equal(draw_run(a, &da, why, sizeof why), DRAW_OK);
	assert_int_equal(draw_run(b, &db, why, sizeof why), DRAW_OK);
	assert_int_equal(draw_run(c, &dc, why, sizeof why), DRAW_OK);
	assert_int_equal(draw_run(d, &dd, why, sizeof why), DRAW_OK);
	assert_true(json_equal(da, db));
	assert_false(json_equal(da, dc)); /* another seed, another draw */
	assert_false(json_equal(da, dd)); /* the public value counts too */
	json_decref(da), json_decref(db), json_decref(dc), json_decref(dd);
	json_decref(a), json_decref(b), json_decref(c), json_decref(d);
}

/* Chi-square of counts against a flat expectation. */
static double chi2(const int *count, int cells, double expected)
{
	double x = 0;
	for (int i = 0; i < cells; i++)
		x += (count[i] - expected) * (count[i] - expected) / expected;
	return x;
}

static void test_shuffle_uniform(void **state)
{
	/* every permutation of 4 equally likely: 2400 seeds, 24 cells; 23 degrees of
	 * freedom, 49.73 is the 0.1 % critical value */
	int count[24] = {0};
	for (int s = 0; s < 2400; s++) {
		char seed[65];
		unsigned char key[32];
		seed_of(s, seed);
		draw_key(seed, "pv", key);
		size_t p[4] = {0, 1, 2, 3};
		draw_shuffle(key, "L", p, 4);
		/* Lehmer code of p */
		int code = 0;
		for (int i = 0; i < 4; i++) {
			int smaller = 0;
			for (int j = i + 1; j < 4; j++)
				smaller += p[j] < p[i];
			code = code * (4 - i) + smaller;
		}
		count[code]++;
	}
	for (int i = 0; i < 24; i++)
		assert_true(count[i] > 0);
	assert_true(chi2(count, 24, 100.0) < 49.73);
}

static void test_targets_uniform(void **state)
{
	/* 10 high-risk targets at 100 per mille: one drawn; over 2000 seeds each
	 * about 200 times (9 degrees of freedom, 27.88 at 0.1 %) */
	int count[10] = {0};
	for (int s = 0; s < 2000; s++) {
		char seed[65], why[DRAW_WHY];
		seed_of(s, seed);
		json_t *rec = record(seed, "pv"), *drawn;
		json_object_set_new(json_object_get(json_object_get(rec, "rules"), "ratios"), "high",
				    json_integer(100));
		json_object_set_new(json_object_get(json_object_get(rec, "rules"), "ratios"), "low",
				    json_integer(0));
		assert_int_equal(draw_run(rec, &drawn, why, sizeof why), DRAW_OK);
		assert_int_equal(json_array_size(drawn), 1);
		count[atoi(json_string_value(json_object_get(json_array_get(drawn, 0), "target")) + 1)]++;
		json_decref(drawn);
		json_decref(rec);
	}
	assert_true(chi2(count, 10, 200.0) < 27.88);
}

static void test_recusal_respected(void **state)
{
	/* I00 and I01 (sc) stand aside from every high-risk target; I04 (hb) from T00 */
	for (int s = 0; s < 200; s++) {
		char seed[65], why[DRAW_WHY];
		seed_of(s, seed);
		json_t *rec = record(seed, "pv"), *drawn;
		json_t *in = json_object_get(rec, "inspectors");
		for (int i = 0; i < 2; i++) {
			json_t *r = json_object_get(json_array_get(in, (size_t)i), "recused");
			char id[16];
			for (int t = 0; t < 10; t++) {
				snprintf(id, sizeof id, "T%02d", t);
				json_array_append_new(r, json_string(id));
			}
		}
		json_array_append_new(json_object_get(json_array_get(in, 4), "recused"), json_string("T00"));
		assert_int_equal(draw_run(rec, &drawn, why, sizeof why), DRAW_OK);
		size_t i;
		json_t *v;
		json_array_foreach(drawn, i, v)
		{
			int t = atoi(json_string_value(json_object_get(v, "target")) + 1);
			size_t k;
			json_t *a;
			json_array_foreach(json_object_get(v, "inspectors"), k, a)
			{
				int who = atoi(json_string_value(a) + 1);
				if (t < 10)
					assert_true(who != 0 && who != 1);
				if (t == 0)
					assert_int_not_equal(who, 4);
			}
		}
		json_decref(drawn);
		json_decref(rec);
	}
}

static void test_recusal_rules(void **state)
{
	json_t *rel = json_pack("[s]", "acc-relative"), *emp = json_pack("[s]", "acc-employer");
	static const struct {
		const char *street, *target, *target_street;
		bool recused;
	} CASES[] = {
	    {"310101001", "acc-x", "310101001", true}, /* lives on the target's street */
	    {"310101001", "acc-x", "310101002", false},
	    {"310101001", "acc-relative", "310101009", true}, /* declared relation */
	    {"310101001", "acc-employer", "310101009", true}, /* past employer */
	    {"", "acc-x", "", false},                         /* no street known: no street rule */
	};
	for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++)
		assert_int_equal(
		    draw_recused(CASES[i].street, rel, emp, CASES[i].target, CASES[i].target_street),
		    CASES[i].recused);
	json_decref(rel);
	json_decref(emp);
}

static void test_too_few_named(void **state)
{
	char seed[65], why[DRAW_WHY];
	seed_of(3, seed);
	json_t *rec = record(seed, "pv"), *drawn = (json_t *)1;
	/* hb has 3 inspectors and needs 2 per target: recuse two of them from everything */
	json_t *in = json_object_get(rec, "inspectors");
	for (int i = 4; i < 6; i++) {
		json_t *r = json_object_get(json_array_get(in, (size_t)i), "recused");
		char id[16];
		for (int t = 0; t < 17; t++) {
			snprintf(id, sizeof id, "T%02d", t);
			json_array_append_new(r, json_string(id));
		}
	}
	assert_int_equal(draw_run(rec, &drawn, why, sizeof why), DRAW_TOO_FEW);
	assert_null(drawn);
	assert_non_null(strstr(why, "department hb has 1 eligible inspector(s) after recusal, 2 needed"));
	assert_non_null(strstr(why, "target T"));
	/* the check before any public value refuses the same plan, naming the first target */
	assert_int_equal(draw_check(rec, why, sizeof why), DRAW_TOO_FEW);
	assert_non_null(strstr(why, "target T00: department hb has 1 eligible"));
	json_object_del(rec, "seed");   /* the check needs no seed */
	json_array_clear(json_object_get(json_array_get(in, 4), "recused"));
	assert_int_equal(draw_check(rec, why, sizeof why), DRAW_OK);
	json_decref(rec);
}

static void test_bad_rules(void **state)
{
	char seed[65], why[DRAW_WHY];
	seed_of(3, seed);
	json_t *rec = record(seed, "pv"), *drawn;
	json_object_set_new(json_object_get(rec, "rules"), "inspectors_per_target", json_integer(1));
	assert_int_equal(draw_run(rec, &drawn, why, sizeof why), DRAW_MALFORMED);
	assert_non_null(strstr(why, "inspectors_per_target"));
	json_decref(rec);
}

/* A published record as the platform writes it: hashes, the revealed seed, the draw. */
static json_t *published(void)
{
	char seed[65], h[65], why[DRAW_WHY];
	seed_of(42, seed);
	json_t *rec = record(seed, "2026-12-01 体彩大乐透 03 11 19 25 31 + 02 07"), *drawn;
	draw_sha256_hex(seed, 64, h);
	json_object_set_new(rec, "seed_sha256", json_string(h));
	char *text = draw_registers_text(rec, why, sizeof why);
	assert_non_null(text);
	assert_non_null(strstr(text, "R|high|500\nR|low|100\nD|hb\nD|sc\nN|3\nT|T00|high\n"));
	draw_sha256_hex(text, strlen(text), h);
	free(text);
	json_object_set_new(rec, "registers_sha256", json_string(h));
	assert_int_equal(draw_run(rec, &drawn, why, sizeof why), DRAW_OK);
	json_object_set_new(rec, "drawn", drawn);
	return rec;
}

static void test_verify(void **state)
{
	char why[DRAW_WHY];
	json_t *rec = published();
	assert_true(draw_verify(rec, why, sizeof why));

	/* another seed than the committed one */
	json_t *r = json_deep_copy(rec);
	char other[65];
	seed_of(43, other);
	json_object_set_new(r, "seed", json_string(other));
	assert_false(draw_verify(r, why, sizeof why));
	assert_non_null(strstr(why, "seed_sha256"));
	json_decref(r);

	/* a target slipped out of the register after the commitment */
	r = json_deep_copy(rec);
	json_array_remove(json_object_get(r, "targets"), 16);
	assert_false(draw_verify(r, why, sizeof why));
	assert_non_null(strstr(why, "registers_sha256"));
	json_decref(r);

	/* a drawn inspector swapped for another */
	r = json_deep_copy(rec);
	json_t *team = json_object_get(json_array_get(json_object_get(r, "drawn"), 2), "inspectors");
	const char *a = json_string_value(json_array_get(team, 2));
	json_array_set_new(team, 2, json_string(!strcmp(a, "I00") ? "I01" : "I00"));
	assert_false(draw_verify(r, why, sizeof why));
	assert_non_null(strstr(why, "entry 2"));
	json_decref(r);

	/* another public value than the one entered */
	r = json_deep_copy(rec);
	json_object_set_new(r, "public_value", json_string("2026-12-01 体彩大乐透 03 11 19 25 31 + 02 08"));
	assert_false(draw_verify(r, why, sizeof why));
	json_decref(r);
	json_decref(rec);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_known_answers),   cmocka_unit_test(test_counts_and_teams),
	    cmocka_unit_test(test_deterministic),   cmocka_unit_test(test_shuffle_uniform),
	    cmocka_unit_test(test_targets_uniform), cmocka_unit_test(test_recusal_respected),
	    cmocka_unit_test(test_recusal_rules),   cmocka_unit_test(test_too_few_named),
	    cmocka_unit_test(test_bad_rules),       cmocka_unit_test(test_verify),
	    cmocka_unit_test(test_flagged_stratum),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
