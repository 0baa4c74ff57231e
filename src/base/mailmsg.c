/* mailmsg.c — an RFC 5322 message of UTF-8 text (see mailmsg.h). */
#include "base/mailmsg.h"
#include "base/mem.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

bool mailmsg_address_ok(const char *a)
{
	if (!a)
		return false;
	size_t n = strlen(a);
	const char *at = strrchr(a, '@');
	if (n < 3 || n > 254 || !at || at == a || !at[1])
		return false;
	for (const char *p = a; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f || strchr("<>\"(),;:\\[]", *p))
			return false;
	return strchr(a, '@') == at;
}

typedef struct {
	char *s;
	size_t n, cap;
} buf_t;

static void put(buf_t *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void puts_(buf_t *b, const char *s) { put(b, s, strlen(s)); }

static void put_b64(buf_t *b, const unsigned char *bin, size_t n)
{
	size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *out = xmalloc(cap);
	sodium_bin2base64(out, cap, bin, n, sodium_base64_VARIANT_ORIGINAL);
	puts_(b, out);
	free(out);
}

static bool plain_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < ' ' || (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

/* The subject as encoded words of at most 39 bytes each (64 columns), never
 * splitting a UTF-8 sequence, folded onto continuation lines. */
static void put_subject(buf_t *b, const char *s)
{
	puts_(b, "Subject: ");
	if (plain_ascii(s) && strlen(s) <= 60) {
		puts_(b, s);
		puts_(b, "\r\n");
		return;
	}
	size_t len = strlen(s), i = 0;
	while (i < len) {
		size_t take = len - i < 39 ? len - i : 39;
		while (take > 0 && i + take < len && ((unsigned char)s[i + take] & 0xC0) == 0x80)
			take--;   /* back to the start of a character */
		if (i)
			puts_(b, "\r\n ");
		puts_(b, "=?UTF-8?B?");
		put_b64(b, (const unsigned char *)s + i, take);
		puts_(b, "?=");
		i += take;
	}
	puts_(b, "\r\n");
}

static void put_date(buf_t *b, int64_t now_ms)
{
	static const char *const DAYS[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const MONTHS[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t t = (time_t)(now_ms / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	char d[64];
	snprintf(d, sizeof d, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", DAYS[tm.tm_wday], tm.tm_mday,
		 MONTHS[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
	puts_(b, d);
}

char *mailmsg_build(const char *from, const char *to, const char *subject, const char *body,
		    int64_t now_ms, const char *msg_id)
{
	if (!mailmsg_address_ok(from) || !mailmsg_address_ok(to) || !plain_ascii(msg_id))
		return NULL;
	buf_t b = {0};
	puts_(&b, "From: <");
	puts_(&b, from);
	puts_(&b, ">\r\nTo: <");
	puts_(&b, to);
	puts_(&b, ">\r\n");
	put_subject(&b, subject);
	put_date(&b, now_ms);
	puts_(&b, "Message-ID: <");
	puts_(&b, msg_id);
	puts_(&b, strrchr(from, '@'));
	puts_(&b, ">\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
		  "Content-Transfer-Encoding: base64\r\n\r\n");
	/* 57 bytes a line: 76 columns of base64 */
	size_t len = strlen(body);
	for (size_t i = 0; i < len || i == 0; i += 57) {
		put_b64(&b, (const unsigned char *)body + i, len - i < 57 ? len - i : 57);
		puts_(&b, "\r\n");
		if (len == 0)
			break;
	}
	return b.s;
}
