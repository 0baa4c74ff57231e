/* draw.c — the inspection draw (see draw.h for the algorithm as published).
 *
 * Everything is a function of the record alone: registers are sorted here, not
 * trusted to arrive sorted, so the order a database returned rows in cannot
 * change an outcome, and the offline verifier needs nothing but the record. */
#include "domain/inspections/draw.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	const char *id, *risk;
	bool flagged; /* complaints in the last 365 days or past non-compliant findings */
} tgt_t;

/* The stratum a target is sampled in: "flagged" for a flagged target, its risk level otherwise. */
static const char *stratum(const tgt_t *t) { return t->flagged ? "flagged" : t->risk; }

typedef struct {
	const char *id, *dept;
	const json_t *recused;
} insp_t;

typedef struct {
	const char **risks; /* sorted */
	long *permille;     /* per risk */
	size_t nrisks;
	const char **depts; /* sorted */
	size_t ndepts;
	long per_target;
	tgt_t *t;
	size_t nt;
	insp_t *in;
	size_t nin;
} reg_t;

static void reg_free(reg_t *r)
{
	free(r->risks);
	free(r->permille);
	free(r->depts);
	free(r->t);
	free(r->in);
	memset(r, 0, sizeof *r);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}
static int cmp_tgt(const void *a, const void *b)
{
	return strcmp(((const tgt_t *)a)->id, ((const tgt_t *)b)->id);
}
static int cmp_insp(const void *a, const void *b)
{
	return strcmp(((const insp_t *)a)->id, ((const insp_t *)b)->id);
}

/* A register field: a non-empty string without the separators of the canonical text. */
static bool token_ok(const char *s) { return s && *s && !strpbrk(s, "|,\n"); }

static int fail(char *why, size_t n, const char *msg, const char *what)
{
	snprintf(why, n, "%s%s%s", msg, what ? ": " : "", what ? what : "");
	return -1;
}

static int reg_load(const json_t *rec, reg_t *r, char *why, size_t n)
{
	memset(r, 0, sizeof *r);
	const json_t *rules = json_object_get(rec, "rules");
	const json_t *ratios = json_object_get(rules, "ratios");
	const json_t *depts = json_object_get(rules, "departments");
	const json_t *per = json_object_get(rules, "inspectors_per_target");
	const json_t *targets = json_object_get(rec, "targets");
	const json_t *insps = json_object_get(rec, "inspectors");
	if (!json_is_object(ratios) || !json_object_size(ratios))
		return fail(why, n, "rules.ratios: an object of risk level → per mille", NULL);
	if (!json_is_array(depts) || !json_array_size(depts))
		return fail(why, n, "rules.departments: a non-empty array", NULL);
	if (!json_is_integer(per))
		return fail(why, n, "rules.inspectors_per_target: an integer", NULL);
	if (!json_is_array(targets) || !json_is_array(insps))
		return fail(why, n, "targets and inspectors: arrays", NULL);
	r->nrisks = json_object_size(ratios);
	r->risks = calloc(r->nrisks, sizeof *r->risks);
	r->permille = calloc(r->nrisks, sizeof *r->permille);
	r->ndepts = json_array_size(depts);
	r->depts = calloc(r->ndepts, sizeof *r->depts);
	r->nt = json_array_size(targets);
	r->t = calloc(r->nt + 1, sizeof *r->t);
	r->nin = json_array_size(insps);
	r->in = calloc(r->nin + 1, sizeof *r->in);
	if (!r->risks || !r->permille || !r->depts || !r->t || !r->in)
		return fail(why, n, "out of memory", NULL);
	const char *k;
	const json_t *v;
	size_t i = 0;
	json_object_foreach((json_t *)ratios, k, v)
	{
		if (!token_ok(k) || !json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > 1000)
			return fail(why, n, "rules.ratios: each a per mille from 0 to 1000", k);
		r->risks[i++] = k;
	}
	qsort(r->risks, r->nrisks, sizeof *r->risks, cmp_str);
	for (i = 0; i < r->nrisks; i++)
		r->permille[i] = (long)json_integer_value(json_object_get(ratios, r->risks[i]));
	json_array_foreach(depts, i, v)
	{
		if (!token_ok(json_string_value(v)))
			return fail(why, n, "rules.departments: non-empty codes", NULL);
		r->depts[i] = json_string_value(v);
	}
	qsort(r->depts, r->ndepts, sizeof *r->depts, cmp_str);
	for (i = 1; i < r->ndepts; i++)
		if (!strcmp(r->depts[i - 1], r->depts[i]))
			return fail(why, n, "rules.departments: named twice", r->depts[i]);
	r->per_target = (long)json_integer_value(per);
	if (r->per_target < 2 || r->per_target < (long)r->ndepts || r->per_target > 20)
		return fail(why, n,
			    "rules.inspectors_per_target: at least 2 and one per department, at most 20",
			    NULL);
	json_array_foreach(targets, i, v)
	{
		r->t[i].id = json_string_value(json_object_get(v, "id"));
		r->t[i].risk = json_string_value(json_object_get(v, "risk"));
		const json_t *flag = json_object_get(v, "flagged");
		r->t[i].flagged = flag != NULL;
		if (!token_ok(r->t[i].id) || !token_ok(r->t[i].risk))
			return fail(why, n, "targets: each with an id and a risk", NULL);
		if (flag && !json_is_true(flag))
			return fail(why, n, "targets: flagged is true or absent", r->t[i].id);
	}
	qsort(r->t, r->nt, sizeof *r->t, cmp_tgt);
	for (i = 1; i < r->nt; i++)
		if (!strcmp(r->t[i - 1].id, r->t[i].id))
			return fail(why, n, "targets: id listed twice", r->t[i].id);
	json_array_foreach(insps, i, v)
	{
		r->in[i].id = json_string_value(json_object_get(v, "id"));
		r->in[i].dept = json_string_value(json_object_get(v, "department"));
		r->in[i].recused = json_object_get(v, "recused");
		if (!token_ok(r->in[i].id) || !token_ok(r->in[i].dept))
			return fail(why, n, "inspectors: each with an id and a department", NULL);
		if (r->in[i].recused && !json_is_array(r->in[i].recused))
			return fail(why, n, "inspectors: recused is an array of target ids", r->in[i].id);
		size_t j;
		const json_t *x;
		json_array_foreach(r->in[i].recused, j, x) if (!token_ok(json_string_value(x))) return fail(
		    why, n, "inspectors: recused is an array of target ids", r->in[i].id);
	}
	qsort(r->in, r->nin, sizeof *r->in, cmp_insp);
	for (i = 1; i < r->nin; i++)
		if (!strcmp(r->in[i - 1].id, r->in[i].id))
			return fail(why, n, "inspectors: id listed twice", r->in[i].id);
	return 0;
}

void draw_key(const char *seed_hex, const char *public_value, unsigned char key[32])
{
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)seed_hex, strlen(seed_hex));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)public_value, strlen(public_value));
	crypto_auth_hmacsha256_final(&st, key);
}

static uint64_t stream_next(const unsigned char key[32], const char *label, uint64_t *counter)
{
	unsigned char ctr[9] = {0}, mac[32];
	for (int i = 0; i < 8; i++)
		ctr[1 + i] = (unsigned char)(*counter >> (56 - 8 * i));
	(*counter)++;
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, key, 32);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)label, strlen(label));
	crypto_auth_hmacsha256_update(&st, ctr, sizeof ctr); /* the 0x00 separator, then the counter */
	crypto_auth_hmacsha256_final(&st, mac);
	uint64_t x = 0;
	for (int i = 0; i < 8; i++)
		x = (x << 8) | mac[i];
	return x;
}

uint64_t draw_uniform(const unsigned char key[32], const char *label, uint64_t *counter, uint64_t n)
{
	/* limit = 2^64 − (2^64 mod n): every residue below it is equally likely. */
	uint64_t rem = (UINT64_MAX % n + 1) % n;
	for (;;) {
		uint64_t x = stream_next(key, label, counter);
		if (rem == 0 || x < UINT64_MAX - rem + 1)
			return x % n;
	}
}

void draw_shuffle(const unsigned char key[32], const char *label, size_t *perm, size_t n)
{
	uint64_t counter = 0;
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)draw_uniform(key, label, &counter, i);
		size_t tmp = perm[i - 1];
		perm[i - 1] = perm[j];
		perm[j] = tmp;
	}
}

void draw_sha256_hex(const char *s, size_t len, char out[DRAW_SEED_HEX])
{
	unsigned char h[32];
	crypto_hash_sha256(h, (const unsigned char *)s, len);
	sodium_bin2hex(out, DRAW_SEED_HEX, h, sizeof h);
}

static bool recused_from(const insp_t *in, const char *target)
{
	size_t i;
	const json_t *x;
	json_array_foreach(in->recused, i, x) if (!strcmp(json_string_value(x), target)) return true;
	return false;
}

char *draw_registers_text(const json_t *rec, char *why, size_t n)
{
	reg_t r;
	char *buf = NULL;
	size_t len = 0;
	if (reg_load(rec, &r, why, n) != 0)
		goto out;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		goto out;
	for (size_t i = 0; i < r.nrisks; i++)
		fprintf(f, "R|%s|%ld\n", r.risks[i], r.permille[i]);
	for (size_t i = 0; i < r.ndepts; i++)
		fprintf(f, "D|%s\n", r.depts[i]);
	fprintf(f, "N|%ld\n", r.per_target);
	for (size_t i = 0; i < r.nt; i++)
		fprintf(f, "T|%s|%s%s\n", r.t[i].id, r.t[i].risk, r.t[i].flagged ? "|flagged" : "");
	for (size_t i = 0; i < r.nin; i++) {
		size_t nr = json_array_size(r.in[i].recused);
		const char **ids = calloc(nr + 1, sizeof *ids);
		for (size_t j = 0; ids && j < nr; j++)
			ids[j] = json_string_value(json_array_get(r.in[i].recused, j));
		if (ids)
			qsort(ids, nr, sizeof *ids, cmp_str);
		fprintf(f, "I|%s|%s|", r.in[i].id, r.in[i].dept);
		for (size_t j = 0; ids && j < nr; j++)
			fprintf(f, "%s%s", j ? "," : "", ids[j]);
		fputc('\n', f);
		free(ids);
	}
	if (fclose(f) != 0) {
		free(buf);
		buf = NULL;
	}
out:
	reg_free(&r);
	return buf;
}

static bool seed_ok(const char *s)
{
	if (!s || strlen(s) != 64)
		return false;
	return strspn(s, "0123456789abcdef") == 64;
}

static size_t team_need(const reg_t *r, size_t d)
{
	return (size_t)r->per_target / r->ndepts + (d < (size_t)r->per_target % r->ndepts);
}

static size_t eligible(const reg_t *r, const char *dept, const char *target, size_t *idx)
{
	size_t m = 0;
	for (size_t i = 0; i < r->nin; i++)
		if (!strcmp(r->in[i].dept, dept) && !recused_from(&r->in[i], target))
			idx[m++] = i;
	return m;
}

static void too_few(char *why, size_t n, const char *target, const char *dept, size_t m, size_t need)
{
	snprintf(why, n,
		 "目标 %s：部门 %s 回避后仅有 %zu 名检查人员可抽，需要 %zu 名 / target %s: "
		 "department %s has %zu eligible inspector(s) after recusal, %zu needed",
		 target, dept, m, need, target, dept, m, need);
}

draw_rc_t draw_check(const json_t *rec, char *why, size_t n)
{
	reg_t r;
	draw_rc_t rc = DRAW_MALFORMED;
	size_t *idx = NULL;
	if (reg_load(rec, &r, why, n) != 0)
		goto done;
	idx = calloc(r.nin + 1, sizeof *idx);
	if (!idx)
		goto done;
	rc = DRAW_OK;
	for (size_t t = 0; t < r.nt && rc == DRAW_OK; t++) {
		bool drawable = false;
		for (size_t k = 0; k < r.nrisks; k++)
			drawable |= !strcmp(stratum(&r.t[t]), r.risks[k]) && r.permille[k] > 0;
		for (size_t d = 0; drawable && d < r.ndepts && rc == DRAW_OK; d++) {
			size_t m = eligible(&r, r.depts[d], r.t[t].id, idx), need = team_need(&r, d);
			if (m < need) {
				too_few(why, n, r.t[t].id, r.depts[d], m, need);
				rc = DRAW_TOO_FEW;
			}
		}
	}
done:
	free(idx);
	reg_free(&r);
	return rc;
}

draw_rc_t draw_run(const json_t *rec, json_t **drawn, char *why, size_t n)
{
	*drawn = NULL;
	const char *seed = json_string_value(json_object_get(rec, "seed"));
	const char *pv = json_string_value(json_object_get(rec, "public_value"));
	if (!seed_ok(seed)) {
		fail(why, n, "seed: 64 lower-case hex digits", NULL);
		return DRAW_MALFORMED;
	}
	if (!pv || !*pv) {
		fail(why, n, "public_value: not given", NULL);
		return DRAW_MALFORMED;
	}
	reg_t r;
	draw_rc_t rc = DRAW_MALFORMED;
	size_t *idx = NULL;
	const char **chosen = NULL;
	size_t nchosen = 0;
	json_t *out = json_array();
	if (reg_load(rec, &r, why, n) != 0)
		goto done;
	idx = calloc(r.nt + r.nin + 1, sizeof *idx);
	chosen = calloc(r.nt + 1, sizeof *chosen);
	if (!idx || !chosen || !out)
		goto done;
	unsigned char key[32];
	draw_key(seed, pv, key);
	char label[512];
	for (size_t k = 0; k < r.nrisks; k++) {
		size_t m = 0;
		for (size_t i = 0; i < r.nt; i++)
			if (!strcmp(stratum(&r.t[i]), r.risks[k]))
				idx[m++] = i;
		snprintf(label, sizeof label, "targets|%s", r.risks[k]);
		draw_shuffle(key, label, idx, m);
		size_t take = (m * (size_t)r.permille[k] + 999) / 1000;
		for (size_t i = 0; i < take; i++)
			chosen[nchosen++] = r.t[idx[i]].id;
	}
	qsort(chosen, nchosen, sizeof *chosen, cmp_str);
	for (size_t c = 0; c < nchosen; c++) {
		json_t *team = json_array();
		json_array_append_new(out, json_pack("{s:s, s:o}", "target", chosen[c], "inspectors", team));
		for (size_t d = 0; d < r.ndepts; d++) {
			size_t need = team_need(&r, d), m = eligible(&r, r.depts[d], chosen[c], idx);
			if (m < need) {
				too_few(why, n, chosen[c], r.depts[d], m, need);
				rc = DRAW_TOO_FEW;
				goto done;
			}
			snprintf(label, sizeof label, "inspectors|%s|%s", chosen[c], r.depts[d]);
			draw_shuffle(key, label, idx, m);
			for (size_t i = 0; i < need; i++)
				json_array_append_new(team, json_string(r.in[idx[i]].id));
		}
	}
	rc = DRAW_OK;
	*drawn = out;
	out = NULL;
done:
	json_decref(out);
	free(idx);
	free(chosen);
	reg_free(&r);
	return rc;
}

bool draw_verify(const json_t *rec, char *why, size_t n)
{
	const char *alg = json_string_value(json_object_get(rec, "algorithm"));
	const char *seed = json_string_value(json_object_get(rec, "seed"));
	const char *seed_hash = json_string_value(json_object_get(rec, "seed_sha256"));
	const char *reg_hash = json_string_value(json_object_get(rec, "registers_sha256"));
	char h[DRAW_SEED_HEX];
	if (!alg || strcmp(alg, DRAW_ALGORITHM) != 0)
		return fail(why, n, "algorithm: not " DRAW_ALGORITHM, NULL), false;
	if (!seed_ok(seed))
		return fail(why, n, "seed: not revealed (64 lower-case hex digits)", NULL), false;
	draw_sha256_hex(seed, strlen(seed), h);
	if (!seed_hash || strcmp(h, seed_hash) != 0)
		return fail(why, n, "seed: its SHA-256 differs from the published seed_sha256", NULL), false;
	char *text = draw_registers_text(rec, why, n);
	if (!text)
		return false;
	draw_sha256_hex(text, strlen(text), h);
	free(text);
	if (!reg_hash || strcmp(h, reg_hash) != 0)
		return fail(why, n, "registers: their SHA-256 differs from the published registers_sha256",
			    NULL),
		       false;
	json_t *mine = NULL;
	if (draw_run(rec, &mine, why, n) != DRAW_OK)
		return false;
	const json_t *theirs = json_object_get(rec, "drawn");
	bool same = json_equal(mine, (json_t *)theirs);
	if (!same) {
		size_t i;
		const json_t *v;
		json_array_foreach(mine, i, v) if (!json_equal(v, json_array_get(theirs, i))) break;
		snprintf(why, n, "drawn: entry %zu differs from the recomputed draw (target %s)", i,
			 json_string_value(json_object_get(json_array_get(mine, i), "target")) ?: "none");
	}
	json_decref(mine);
	return same;
}

static bool listed(const json_t *list, const char *id)
{
	size_t i;
	const json_t *x;
	json_array_foreach(list, i,
			   x) if (json_is_string(x) && !strcmp(json_string_value(x), id)) return true;
	return false;
}

bool draw_recused(const char *inspector_street, const json_t *relations, const json_t *employers,
		  const char *target_account, const char *target_street)
{
	if (inspector_street && *inspector_street && target_street &&
	    !strcmp(inspector_street, target_street))
		return true;
	return listed(relations, target_account) || listed(employers, target_account);
}
