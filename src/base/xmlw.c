/* xmlw.c — the XML writer (see xmlw.h). */
#include "base/xmlw.h"
#include "base/mem.h"
#include "base/utf8.h"
#include <string.h>

static void put(xmlw_t *w, const char *s, size_t n)
{
	if (w->len + n + 1 > w->cap) {
		while (w->len + n + 1 > w->cap)
			w->cap = w->cap ? w->cap * 2 : 256;
		w->buf = xrealloc(w->buf, w->cap);
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	w->buf[w->len] = '\0';
}

static void puts_(xmlw_t *w, const char *s) { put(w, s, strlen(s)); }

void xmlw_init(xmlw_t *w)
{
	*w = (xmlw_t){NULL, 0, 0};
	puts_(w, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
}

void xmlw_open(xmlw_t *w, const char *name)
{
	put(w, "<", 1);
	puts_(w, name);
	put(w, ">", 1);
}

void xmlw_close(xmlw_t *w, const char *name)
{
	put(w, "</", 2);
	puts_(w, name);
	put(w, ">", 1);
}

void xmlw_raw(xmlw_t *w, const char *markup) { puts_(w, markup); }

void xmlw_text(xmlw_t *w, const char *text)
{
	static const char REPLACEMENT[] = "\xEF\xBF\xBD";
	const unsigned char *s = (const unsigned char *)text;
	size_t n = strlen(text), i = 0;
	while (i < n) {
		size_t start = i;
		uint32_t cp;
		if (!utf8_next(s, n, &i, &cp)) {
			put(w, REPLACEMENT, 3);
			i = start + 1;
			continue;
		}
		switch (cp) {
		case '&':
			puts_(w, "&amp;");
			break;
		case '<':
			puts_(w, "&lt;");
			break;
		case '>':
			puts_(w, "&gt;");
			break;
		case '"':
			puts_(w, "&quot;");
			break;
		case '\'':
			puts_(w, "&apos;");
			break;
		default:
			if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE ||
			    cp == 0xFFFF)
				put(w, REPLACEMENT, 3);
			else
				put(w, text + start, i - start);
		}
	}
}

void xmlw_elem(xmlw_t *w, const char *name, const char *text)
{
	if (!text || !text[0]) {
		put(w, "<", 1);
		puts_(w, name);
		put(w, "/>", 2);
		return;
	}
	xmlw_open(w, name);
	xmlw_text(w, text);
	xmlw_close(w, name);
}

char *xmlw_finish(xmlw_t *w, size_t *len)
{
	char *out = w->buf;
	*len = w->len;
	*w = (xmlw_t){NULL, 0, 0};
	return out;
}
