/* jcs.c — see jcs.h. One growing buffer, a recursive walk with the members of
 * each object sorted first; the shortest round-trip digits of a double come
 * from trying precisions 1..17 with the C library's correctly rounded "%.*e"
 * and strtod (glibc rounds both correctly), then laid out as ECMAScript's
 * Number::toString (ECMA-262 §6.1.6.1.20) says. */
#include "base/jcs.h"
#include "base/mem.h"
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SAFE_INT 9007199254740992LL /* 2^53 */

typedef struct {
	char *p;
	size_t len, cap;
} buf_t;

static void put(buf_t *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (b->len + n + 1 > cap)
			cap *= 2;
		b->p = xrealloc(b->p, cap);
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void puts_(buf_t *b, const char *s) { put(b, s, strlen(s)); }

/* The next UTF-16 code unit of a UTF-8 string (jansson holds valid UTF-8);
 * *pending carries a low surrogate between calls. -1 at the end. */
static int next_unit(const unsigned char **s, const unsigned char *end, int *pending)
{
	if (*pending >= 0) {
		int u = *pending;
		*pending = -1;
		return u;
	}
	if (*s >= end)
		return -1;
	unsigned c = **s;
	uint32_t cp;
	int n;
	if (c < 0x80) {
		cp = c;
		n = 1;
	} else if (c < 0xE0) {
		cp = c & 0x1F;
		n = 2;
	} else if (c < 0xF0) {
		cp = c & 0x0F;
		n = 3;
	} else {
		cp = c & 0x07;
		n = 4;
	}
	for (int i = 1; i < n && *s + i < end; i++)
		cp = (cp << 6) | ((*s)[i] & 0x3F);
	*s += n;
	if (cp >= 0x10000) {
		cp -= 0x10000;
		*pending = (int)(0xDC00 + (cp & 0x3FF));
		return (int)(0xD800 + (cp >> 10));
	}
	return (int)cp;
}

/* Compares two member names by their UTF-16 code units (RFC 8785 §3.2.3). */
static int cmp_utf16(const char *a, const char *b)
{
	const unsigned char *pa = (const unsigned char *)a, *pb = (const unsigned char *)b;
	const unsigned char *ea = pa + strlen(a), *eb = pb + strlen(b);
	int qa = -1, qb = -1;
	for (;;) {
		int ua = next_unit(&pa, ea, &qa), ub = next_unit(&pb, eb, &qb);
		if (ua != ub)
			return ua < ub ? -1 : 1;
		if (ua < 0)
			return 0;
	}
}

static int cmp_keys(const void *x, const void *y)
{
	return cmp_utf16(*(const char *const *)x, *(const char *const *)y);
}

static void put_string(buf_t *b, const char *s, size_t n)
{
	put(b, "\"", 1);
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char hex[7];
		switch (c) {
		case '"':
			esc = "\\\"";
			break;
		case '\\':
			esc = "\\\\";
			break;
		case '\b':
			esc = "\\b";
			break;
		case '\f':
			esc = "\\f";
			break;
		case '\n':
			esc = "\\n";
			break;
		case '\r':
			esc = "\\r";
			break;
		case '\t':
			esc = "\\t";
			break;
		default:
			if (c < 0x20) {
				snprintf(hex, sizeof hex, "\\u%04x", c);
				esc = hex;
			}
		}
		if (!esc)
			continue;
		put(b, s + run, i - run);
		puts_(b, esc);
		run = i + 1;
	}
	put(b, s + run, n - run);
	put(b, "\"", 1);
}

int jcs_number(double d, char *out, size_t outlen)
{
	if (!isfinite(d) || outlen < 32)
		return -1;
	if (d == 0) {
		snprintf(out, outlen, "0"); /* also -0 */
		return 0;
	}
	char e[40];
	int prec;
	for (prec = 1; prec <= 17; prec++) {
		snprintf(e, sizeof e, "%.*e", prec - 1, d);
		if (strtod(e, NULL) == d)
			break;
	}
	/* e is [-]D[.DDD]e[+-]XX: collect the digits and the exponent. */
	char digits[20];
	int k = 0;
	const char *p = e;
	bool neg = *p == '-';
	if (neg)
		p++;
	for (; *p && *p != 'e'; p++)
		if (*p >= '0' && *p <= '9')
			digits[k++] = *p;
	while (k > 1 && digits[k - 1] == '0')
		k--;
	digits[k] = '\0';
	int n = (int)strtol(p + 1, NULL, 10) + 1; /* ECMAScript's n: value = 0.digits × 10^n */
	/* At most 1 sign + 21 digits + 1 point + 6 zeros, or d.ddde+308: 32 bytes do. */
	char t[40];
	size_t w = 0;
	if (neg)
		t[w++] = '-';
	if (k <= n && n <= 21) { /* 123000 */
		memcpy(t + w, digits, (size_t)k), w += (size_t)k;
		for (int i = k; i < n; i++)
			t[w++] = '0';
	} else if (0 < n && n <= 21) { /* 123.456 */
		memcpy(t + w, digits, (size_t)n), w += (size_t)n;
		t[w++] = '.';
		memcpy(t + w, digits + n, (size_t)(k - n)), w += (size_t)(k - n);
	} else if (-6 < n && n <= 0) { /* 0.000123 */
		t[w++] = '0';
		t[w++] = '.';
		for (int i = 0; i < -n; i++)
			t[w++] = '0';
		memcpy(t + w, digits, (size_t)k), w += (size_t)k;
	} else { /* 1.5e+300, 1e-7 */
		int x = n - 1;
		t[w++] = digits[0];
		if (k > 1) {
			t[w++] = '.';
			memcpy(t + w, digits + 1, (size_t)(k - 1)), w += (size_t)(k - 1);
		}
		w += (size_t)snprintf(t + w, sizeof t - w, "e%c%d", x < 0 ? '-' : '+', abs(x));
	}
	if (w >= outlen)
		return -1;
	memcpy(out, t, w);
	out[w] = '\0';
	return 0;
}

static bool put_value(buf_t *b, const json_t *v)
{
	char num[40];
	switch (json_typeof(v)) {
	case JSON_NULL:
		puts_(b, "null");
		return true;
	case JSON_TRUE:
		puts_(b, "true");
		return true;
	case JSON_FALSE:
		puts_(b, "false");
		return true;
	case JSON_STRING:
		put_string(b, json_string_value(v), json_string_length(v));
		return true;
	case JSON_INTEGER: {
		json_int_t i = json_integer_value(v);
		if (i > MAX_SAFE_INT || i < -MAX_SAFE_INT)
			return false;
		snprintf(num, sizeof num, "%lld", (long long)i);
		puts_(b, num);
		return true;
	}
	case JSON_REAL:
		if (jcs_number(json_real_value(v), num, sizeof num) != 0)
			return false;
		puts_(b, num);
		return true;
	case JSON_ARRAY: {
		put(b, "[", 1);
		for (size_t i = 0; i < json_array_size(v); i++) {
			if (i)
				put(b, ",", 1);
			if (!put_value(b, json_array_get(v, i)))
				return false;
		}
		put(b, "]", 1);
		return true;
	}
	case JSON_OBJECT: {
		size_t n = json_object_size(v), i = 0;
		const char **keys = xcalloc(n ? n : 1, sizeof *keys);
		const char *key;
		json_t *m;
		json_object_foreach((json_t *)v, key, m) keys[i++] = key;
		qsort(keys, n, sizeof *keys, cmp_keys);
		bool ok = true;
		put(b, "{", 1);
		for (i = 0; i < n && ok; i++) {
			if (i)
				put(b, ",", 1);
			put_string(b, keys[i], strlen(keys[i]));
			put(b, ":", 1);
			ok = put_value(b, json_object_get(v, keys[i]));
		}
		put(b, "}", 1);
		free(keys);
		return ok;
	}
	}
	return false;
}

char *jcs_encode(const json_t *v, size_t *len)
{
	buf_t b = {0};
	if (!v || !put_value(&b, v)) {
		free(b.p);
		return NULL;
	}
	if (!b.p)
		put(&b, "", 0);
	if (len)
		*len = b.len;
	return b.p;
}
