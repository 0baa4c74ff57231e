/* urlform.c — application/x-www-form-urlencoded decoding (see urlform.h). */
#include "base/urlform.h"
#include "base/mem.h"
#include "base/utf8.h"
#include <stdlib.h>
#include <string.h>

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes s[0..n) into a new string of at most `max` bytes. */
static urlform_err_t decode(const char *s, size_t n, size_t max, char **out)
{
	*out = NULL;
	char *d = xmalloc(n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '+')
			c = ' ';
		else if (c == '%') {
			int hi = i + 1 < n ? hexval(s[i + 1]) : -1, lo = i + 2 < n ? hexval(s[i + 2]) : -1;
			if (hi < 0 || lo < 0) {
				free(d);
				return URLFORM_BAD_ESCAPE;
			}
			c = (char)(hi * 16 + lo);
			i += 2;
		}
		if (c == '\0') {
			free(d);
			return URLFORM_NUL;
		}
		d[k++] = c;
	}
	d[k] = '\0';
	if (k > max) {
		free(d);
		return URLFORM_TOO_LONG;
	}
	if (!utf8_valid(d)) {
		free(d);
		return URLFORM_BAD_UTF8;
	}
	*out = d;
	return URLFORM_OK;
}

/* Splits a decoded key into name, sub-key and [] in place. */
static bool split_key(char *key, urlform_pair_t *p)
{
	char *open = strchr(key, '[');
	if (!open)
		return key[0] && !strchr(key, ']');
	if (open == key || memchr(key, ']', (size_t)(open - key)))
		return false;
	*open = '\0';
	char *sub = open + 1, *close = strchr(sub, ']');
	if (!close)
		return false;
	*close = '\0';
	char *rest = close + 1;
	if (strchr(sub, '['))
		return false;
	if (!sub[0]) { /* NAME[] */
		p->multi = true;
		return !rest[0];
	}
	p->sub = sub;
	if (!rest[0])
		return true;
	p->multi = !strcmp(rest, "[]");
	return p->multi;
}

urlform_err_t urlform_parse(const char *s, size_t n, const urlform_limits_t *lim, urlform_t *out)
{
	out->pairs = NULL;
	out->n = 0;
	if (n > lim->max_bytes)
		return URLFORM_TOO_LARGE;
	size_t cap = 0;
	urlform_err_t rc = URLFORM_OK;
	for (size_t i = 0; i <= n && rc == URLFORM_OK;) {
		const char *amp = i < n ? memchr(s + i, '&', n - i) : NULL;
		size_t end = amp ? (size_t)(amp - s) : n;
		if (end == i) { /* an empty pair: "a=1&&b=2", a trailing '&', an empty body */
			i = end + 1;
			continue;
		}
		if (out->n == lim->max_pairs) {
			rc = URLFORM_TOO_MANY;
			break;
		}
		const char *eq = memchr(s + i, '=', end - i);
		size_t klen = eq ? (size_t)(eq - (s + i)) : end - i;
		char *key = NULL, *value = NULL;
		if ((rc = decode(s + i, klen, lim->max_key, &key)) != URLFORM_OK)
			break;
		if (eq && (rc = decode(eq + 1, end - klen - i - 1, lim->max_value, &value)) != URLFORM_OK) {
			free(key);
			break;
		}
		if (out->n == cap) {
			cap = cap ? cap * 2 : 8;
			out->pairs = xrealloc(out->pairs, cap * sizeof *out->pairs);
		}
		urlform_pair_t *p = &out->pairs[out->n++];
		*p = (urlform_pair_t){key, NULL, false, value ? value : xstrdup("")};
		if (!split_key(key, p))
			rc = URLFORM_BAD_KEY;
		i = end + 1;
	}
	if (rc != URLFORM_OK)
		urlform_release(out);
	return rc;
}

void urlform_release(urlform_t *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->pairs[i].name); /* sub points into the same allocation */
		free(f->pairs[i].value);
	}
	free(f->pairs);
	f->pairs = NULL;
	f->n = 0;
}

const char *urlform_get(const urlform_t *f, const char *name, size_t *count)
{
	const char *first = NULL;
	size_t k = 0;
	for (size_t i = 0; i < f->n; i++) {
		const urlform_pair_t *p = &f->pairs[i];
		if (strcmp(p->name, name))
			continue;
		k++;
		if (!first && !p->sub && !p->multi)
			first = p->value;
	}
	if (count)
		*count = k;
	return first;
}

const char *urlform_err_zh(urlform_err_t e)
{
	switch (e) {
	case URLFORM_OK:
		return "无误";
	case URLFORM_TOO_LARGE:
		return "表单过大";
	case URLFORM_TOO_MANY:
		return "表单字段过多";
	case URLFORM_TOO_LONG:
		return "表单字段名或值过长";
	case URLFORM_BAD_ESCAPE:
		return "百分号编码不完整";
	case URLFORM_NUL:
		return "表单含有空字符 %00";
	case URLFORM_BAD_UTF8:
		return "表单不是有效的 UTF-8 文本";
	case URLFORM_BAD_KEY:
		return "表单字段名格式不正确";
	}
	return "表单无法解析";
}

const char *urlform_err_en(urlform_err_t e)
{
	switch (e) {
	case URLFORM_OK:
		return "no error";
	case URLFORM_TOO_LARGE:
		return "the form is too large";
	case URLFORM_TOO_MANY:
		return "the form has too many fields";
	case URLFORM_TOO_LONG:
		return "a field name or value is too long";
	case URLFORM_BAD_ESCAPE:
		return "a percent escape is incomplete";
	case URLFORM_NUL:
		return "the form holds a NUL (%00)";
	case URLFORM_BAD_UTF8:
		return "the form is not valid UTF-8";
	case URLFORM_BAD_KEY:
		return "a field name is malformed";
	}
	return "the form cannot be read";
}
