/* test_mailmsg.c — an RFC 5322 message of UTF-8 text: addresses that could
 * inject a header are refused; every line ends in CRLF within 78 columns; a
 * non-ASCII subject is RFC 2047 encoded words that decode back to it, no
 * character split between words; the body is base64 of the text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include "base/mailmsg.h"

static void addresses(void **state)
{
	assert_true(mailmsg_address_ok("noreply@zwfw.example.gov.cn"));
	assert_true(mailmsg_address_ok("a.b+c@example.com"));
	assert_false(mailmsg_address_ok("a@b\r\nBcc: x@evil.test"));
	assert_false(mailmsg_address_ok("<a@b.c>"));
	assert_false(mailmsg_address_ok("a b@c.d"));
	assert_false(mailmsg_address_ok("a@b@c.d"));
	assert_false(mailmsg_address_ok("@b.c"));
	assert_false(mailmsg_address_ok("a@"));
	assert_false(mailmsg_address_ok("张三@example.com"));
	assert_null(mailmsg_build("a@b.c\r\nBcc: x@y.z", "d@e.f", "s", "b", 0, "id"));
	assert_null(mailmsg_build("a@b.c", "d@e.f\n", "s", "b", 0, "id"));
}

/* decodes "=?UTF-8?B?…?=" words of the Subject header (folded) into out */
static void decode_subject(const char *msg, char *out, size_t n)
{
	const char *p = strstr(msg, "\r\nSubject: ") + 11, *end = strstr(p, "\r\nDate:");
	size_t len = 0;
	while (p < end) {
		const char *w = strstr(p, "=?UTF-8?B?");
		assert_non_null(w);
		assert_true(w < end);
		w += 10;
		const char *q = strstr(w, "?=");
		size_t bin_len;
		unsigned char bin[128];
		assert_int_equal(sodium_base642bin(bin, sizeof bin, w, (size_t)(q - w), NULL, &bin_len, NULL,
						   sodium_base64_VARIANT_ORIGINAL),
				 0);
		/* each word is whole characters: it starts on a lead byte */
		assert_true(bin_len == 0 || (bin[0] & 0xC0) != 0x80);
		memcpy(out + len, bin, bin_len);
		len += bin_len;
		p = q + 2;
		if (p < end)
			assert_memory_equal(p, "\r\n ", 3);
	}
	out[len] = '\0';
	(void)n;
}

static void message_shape(void **state)
{
	const char *subject =
		"食品经营许可：已受理 / Food business licence: accepted — 办件编号 310000-20261203-000001";
	const char *body = "您申请的「食品经营许可」已受理。\nYour application was accepted.\n";
	char *m = mailmsg_build("noreply@zwfw.example.gov.cn", "p@example.com", subject, body,
				1796300000000LL, "onestop.42.abc");
	assert_non_null(m);
	assert_memory_equal(m, "From: <noreply@zwfw.example.gov.cn>\r\nTo: <p@example.com>\r\n", 56);
	assert_non_null(strstr(m, "\r\nMessage-ID: <onestop.42.abc@zwfw.example.gov.cn>\r\n"));
	assert_non_null(strstr(m, "\r\nDate: "));
	assert_non_null(strstr(m, " +0000\r\n"));
	assert_non_null(strstr(m, "\r\nContent-Type: text/plain; charset=UTF-8\r\n"));
	/* CRLF only, at most 78 columns a line */
	for (const char *line = m; *line;) {
		const char *nl = strchr(line, '\n');
		assert_non_null(nl);
		assert_true(nl > line ? nl[-1] == '\r' : 0);
		assert_true(nl - line - 1 <= 78);
		line = nl + 1;
	}
	char decoded[512];
	decode_subject(m, decoded, sizeof decoded);
	assert_string_equal(decoded, subject);
	/* the body is base64 of the text */
	const char *b = strstr(m, "\r\n\r\n") + 4;
	char joined[1024] = "";
	for (const char *p = b; *p; p++)
		if (*p != '\r' && *p != '\n')
			strncat(joined, p, 1);
	unsigned char text[512];
	size_t text_len;
	assert_int_equal(sodium_base642bin(text, sizeof text, joined, strlen(joined), NULL, &text_len,
					   NULL, sodium_base64_VARIANT_ORIGINAL),
			 0);
	assert_int_equal(text_len, strlen(body));
	assert_memory_equal(text, body, text_len);
	free(m);
	/* a plain short ASCII subject stays as it is; one with a line break is encoded */
	m = mailmsg_build("a@b.c", "d@e.f", "Case update", "x", 0, "id");
	assert_non_null(strstr(m, "\r\nSubject: Case update\r\n"));
	free(m);
	m = mailmsg_build("a@b.c", "d@e.f", "x\r\nBcc: e@vil.test", "x", 0, "id");
	assert_null(strstr(m, "\r\nBcc:"));
	free(m);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {cmocka_unit_test(addresses), cmocka_unit_test(message_shape)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
