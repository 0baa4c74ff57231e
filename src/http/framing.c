/* framing.c — request framing and NUL checks (see framing.h). The server
 * answers a failed check at once and with "Connection: close": the bytes
 * after such a request are never read as another one. */
#include "http/framing.h"
#include "api/problem.h"
#include "base/mem.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool framing_target_has_nul(const char *uri)
{
	for (const char *p = uri ? strchr(uri, '%') : NULL; p; p = strchr(p + 1, '%'))
		if (p[1] == '0' && p[2] == '0')
			return true;
	return false;
}

typedef struct {
	bool nul;
	int ncl;         /* Content-Length values seen */
	char cl[24];     /* the first, all digits */
	bool cl_bad;     /* not digits, too long, or another value */
	int ncoding;     /* transfer codings named */
	bool coding_bad; /* one that is not "chunked" */
} scan_t;

/* Calls fn for each comma-separated element of v (n bytes), without
 * surrounding blanks. An empty element counts too, the last one included:
 * "chunked," is not "chunked", and libmicrohttpd would frame it otherwise. */
static void each_element(const char *v, size_t n, void (*fn)(scan_t *, const char *, size_t), scan_t *s)
{
	const char *stop = v + n;
	for (;;) {
		const char *end = memchr(v, ',', (size_t)(stop - v));
		size_t len = end ? (size_t)(end - v) : (size_t)(stop - v);
		const char *e = v;
		while (len && (*e == ' ' || *e == '\t'))
			e++, len--;
		while (len && (e[len - 1] == ' ' || e[len - 1] == '\t'))
			len--;
		fn(s, e, len);
		if (!end)
			break;
		v = end + 1;
	}
}

static void length_element(scan_t *s, const char *e, size_t len)
{
	bool digits = len > 0 && len < sizeof s->cl;
	for (size_t i = 0; digits && i < len; i++)
		digits = e[i] >= '0' && e[i] <= '9';
	if (!digits) {
		s->cl_bad = true;
		return;
	}
	if (s->ncl++ == 0) {
		memcpy(s->cl, e, len);
		s->cl[len] = '\0';
	} else if (strlen(s->cl) != len || memcmp(s->cl, e, len) != 0) {
		s->cl_bad = true;
	}
}

static void coding_element(scan_t *s, const char *e, size_t len)
{
	s->ncoding++;
	if (len != 7 || strncasecmp(e, "chunked", 7) != 0)
		s->coding_bad = true;
}

static bool named(const framing_header_t *h, const char *name)
{
	size_t n = strlen(name);
	return h->key_len == n && strncasecmp(h->key, name, n) == 0;
}

int framing_verdict(const char *version, bool nul_in_target, const framing_header_t *h, size_t n,
		    const char **zh, const char **en)
{
	scan_t s = {0};
	for (size_t i = 0; i < n; i++) {
		if (memchr(h[i].key, '\0', h[i].key_len) ||
		    (h[i].value && memchr(h[i].value, '\0', h[i].value_len)))
			s.nul = true;
		if (!h[i].value)
			continue;
		if (named(&h[i], "Content-Length")) {
			if (!h[i].value_len)
				s.cl_bad = true;
			each_element(h[i].value, h[i].value_len, length_element, &s);
		} else if (named(&h[i], "Transfer-Encoding")) {
			if (!h[i].value_len)
				s.coding_bad = true;
			each_element(h[i].value, h[i].value_len, coding_element, &s);
		}
	}
	if (nul_in_target) {
		*zh = "请求路径或查询参数中含有空字符（%00）";
		*en = "the path or the query contains a NUL (%00)";
		return E_NUL_BYTE;
	}
	if (s.nul) {
		*zh = "请求头中含有空字符";
		*en = "a header contains a NUL byte";
		return E_NUL_BYTE;
	}
	bool te = s.ncoding > 0 || s.coding_bad;
	if (te && (s.ncl > 0 || s.cl_bad)) {
		*zh = "Content-Length 与 Transfer-Encoding 不能同时出现";
		*en = "Content-Length and Transfer-Encoding may not come together";
		return E_BAD_FRAMING;
	}
	if (s.cl_bad) {
		*zh = "Content-Length 无效或出现了不同的值";
		*en = "Content-Length is invalid or has different values";
		return E_BAD_FRAMING;
	}
	if (te && (s.coding_bad || s.ncoding != 1)) {
		*zh = "不支持的传输编码：只接受单独的 chunked";
		*en = "unsupported transfer coding: only chunked alone is accepted";
		return E_BAD_FRAMING;
	}
	if (te && version && strcmp(version, "HTTP/1.0") == 0) {
		*zh = "HTTP/1.0 请求不能使用 Transfer-Encoding";
		*en = "an HTTP/1.0 request may not use Transfer-Encoding";
		return E_BAD_FRAMING;
	}
	return 0;
}

/* The connection's headers as libmicrohttpd parsed them. */
typedef struct {
	const char **keys; /* where each header line starts (see raw_nul) */
	size_t nkeys, capkeys;
	framing_header_t *h;
	size_t n, cap;
} gather_t;

static enum MHD_Result collect_key(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	(void)value;
	gather_t *g = cls;
	if (g->nkeys == g->capkeys) {
		g->capkeys = g->capkeys ? g->capkeys * 2 : 32;
		g->keys = xrealloc(g->keys, g->capkeys * sizeof *g->keys);
	}
	g->keys[g->nkeys++] = key;
	return MHD_YES;
}

/* libmicrohttpd 0.9.75 measures a header value with strlen(), so a raw NUL
 * cuts it short unseen. It parses the header in place in its read buffer,
 * turning each line's CR and LF into NULs, so the byte after the value's
 * terminator is a NUL (CRLF) or the start of the next header line (bare LF,
 * where the next key begins); anything else is the rest of a value cut by a
 * raw NUL. (A folded line, obsolete in RFC 9112, is refused the same way.) */
static bool raw_nul(const gather_t *g, const char *value)
{
	const char *after = value + strlen(value) + 1;
	if (*after == '\0')
		return false;
	for (size_t i = 0; i < g->nkeys; i++)
		if (g->keys[i] == after)
			return false;
	return true;
}

static enum MHD_Result collect(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
			       const char *value, size_t value_size)
{
	(void)kind;
	gather_t *g = cls;
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 32;
		g->h = xrealloc(g->h, g->cap * sizeof *g->h);
	}
	/* A key or value whose size is not its string's length, or a value cut
	 * by a raw NUL, is handed on with its terminating NUL inside, so that
	 * the verdict sees that NUL like any other. */
	if (strlen(key) != key_size)
		key_size = strlen(key) + 1;
	if (value && (strlen(value) != value_size || raw_nul(g, value)))
		value_size = strlen(value) + 1;
	g->h[g->n++] = (framing_header_t){key, key_size, value, value ? value_size : 0};
	return MHD_YES;
}

int framing_check(struct MHD_Connection *conn, const char *version, bool nul_in_target, const char **zh,
		  const char **en)
{
	gather_t g = {0};
	MHD_get_connection_values(conn, MHD_HEADER_KIND, collect_key, &g);
	MHD_get_connection_values_n(conn, MHD_HEADER_KIND, collect, &g);
	int fault = framing_verdict(version, nul_in_target, g.h, g.n, zh, en);
	free(g.keys);
	free(g.h);
	return fault;
}
