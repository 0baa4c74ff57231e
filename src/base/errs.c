/* errs.c — the field-error list (see errs.h). */
#include "base/errs.h"
#include "base/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dup_or_empty(const char *s)
{
	return xstrdup(s ? s : "");
}

void errs_add(errs_t *e, const char *field, const char *code, const char *zh, const char *en)
{
	if (e->n == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 8;
		field_error_t *v = xrealloc(e->v, cap * sizeof *v);
		e->v = v;
		e->cap = cap;
	}
	field_error_t *f = &e->v[e->n++];
	f->field = dup_or_empty(field);
	f->code = dup_or_empty(code);
	f->zh = dup_or_empty(zh);
	f->en = dup_or_empty(en);
}

void errs_path(char *out, size_t n, const char *prefix, const char *key)
{
	int w = prefix && *prefix ? snprintf(out, n, "%s.%s", prefix, key ? key : "")
				  : snprintf(out, n, "%s", key ? key : "");
	if (w >= 0 && (size_t)w < n)
		return;
	size_t end = n - 4; /* room for "…" (3 bytes) and the NUL */
	while (end > 0 && ((unsigned char)out[end] & 0xC0) == 0x80)
		end--; /* back to the first byte of the character cut through */
	memcpy(out + end, "\xE2\x80\xA6", 4);
}

void errs_add2(errs_t *e, const char *prefix, const char *key, const char *code, const char *zh,
	       const char *en)
{
	char field[512];
	errs_path(field, sizeof field, prefix, key);
	errs_add(e, field, code, zh, en);
}

void errs_addi(errs_t *e, const char *field, const char *code, const char *zh_fmt, const char *en_fmt,
	       long long arg)
{
	char zh[512], en[512];
	snprintf(zh, sizeof zh, zh_fmt, arg);
	snprintf(en, sizeof en, en_fmt, arg);
	errs_add(e, field, code, zh, en);
}

bool errs_any(const errs_t *e) { return e->n > 0; }

bool errs_has(const errs_t *e, const char *field, const char *code)
{
	for (size_t i = 0; i < e->n; i++)
		if ((!field || strcmp(e->v[i].field, field) == 0) &&
		    (!code || strcmp(e->v[i].code, code) == 0))
			return true;
	return false;
}

void errs_clear(errs_t *e)
{
	for (size_t i = 0; i < e->n; i++) {
		free(e->v[i].field);
		free(e->v[i].code);
		free(e->v[i].zh);
		free(e->v[i].en);
	}
	free(e->v);
	e->v = NULL;
	e->n = e->cap = 0;
}
