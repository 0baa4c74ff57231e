/* qr.c — unit tests of base/qr: the matrix libqrencode makes has the shape
 * ISO/IEC 18004 gives every QR code (a side of 17 + 4·version modules, the
 * three 7×7 finder patterns in the corners other than bottom-right, their
 * one-module light separators), a longer text never needs a smaller code,
 * an empty text has no code, and the SVG drawing has one rectangle per run
 * of dark modules inside a quiet zone of 4. Rows come from the standard. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/qr.h"

static int dark(const qr_t *q, int x, int y) { return q->dark[y * q->width + x]; }

/* The finder pattern with its top-left module at (x, y): a dark ring, a
 * light ring, a dark 3×3 centre. */
static void assert_finder(const qr_t *q, int x0, int y0)
{
	for (int y = 0; y < 7; y++)
		for (int x = 0; x < 7; x++) {
			int ring = x == 0 || y == 0 || x == 6 || y == 6;
			int centre = x >= 2 && x <= 4 && y >= 2 && y <= 4;
			assert_int_equal(dark(q, x0 + x, y0 + y), ring || centre);
		}
}

static void test_the_shape_of_a_code(void **state)
{
	(void)state;
	qr_t q;
	assert_true(qr_make("http://127.0.0.1:8080/api/v1/certificates/0123/verify#OS1:NCFOXN%TS3DH", &q));
	assert_true(q.width >= 21 && q.width <= 177);
	assert_int_equal((q.width - 17) % 4, 0);
	int n = q.width;
	assert_finder(&q, 0, 0);
	assert_finder(&q, n - 7, 0);
	assert_finder(&q, 0, n - 7);
	for (int i = 0; i < 8; i++) { /* the separators */
		assert_int_equal(dark(&q, 7, i), 0);
		assert_int_equal(dark(&q, i, 7), 0);
		assert_int_equal(dark(&q, n - 8, i), 0);
		assert_int_equal(dark(&q, i, n - 8), 0);
	}
	for (int i = 0; i < n * n; i++)
		assert_true(q.dark[i] == 0 || q.dark[i] == 1);
	qr_free(&q);
	assert_null(q.dark);
}

static void test_longer_text_never_a_smaller_code(void **state)
{
	(void)state;
	char text[1201];
	int last = 0;
	for (size_t len = 1; len < sizeof text; len += 150) {
		memset(text, 'A', len);
		text[len] = '\0';
		qr_t q;
		assert_true(qr_make(text, &q));
		assert_true(q.width >= last);
		last = q.width;
		qr_free(&q);
	}
	assert_true(last > 21);
}

static void test_no_code_for_nothing(void **state)
{
	(void)state;
	qr_t q;
	assert_false(qr_make("", &q));
	assert_false(qr_make(NULL, &q));
	assert_null(qr_svg(""));
	/* more than the largest code holds (7,089 digits at level L) */
	size_t n = 8000;
	char *big = malloc(n + 1);
	memset(big, '7', n);
	big[n] = '\0';
	assert_false(qr_make(big, &q));
	free(big);
}

static void test_svg_runs_inside_the_quiet_zone(void **state)
{
	(void)state;
	const char *text = "OS1:6BFOXN%TS3DH";
	qr_t q;
	assert_true(qr_make(text, &q));
	char *svg = qr_svg(text);
	assert_non_null(svg);
	char head[96];
	snprintf(head, sizeof head, "viewBox=\"0 0 %d %d\"", q.width + 8, q.width + 8);
	assert_non_null(strstr(svg, head));
	assert_true(strncmp(svg, "<svg", 4) == 0);
	assert_true(strcmp(svg + strlen(svg) - 6, "</svg>") == 0);
	/* the first run starts at the top-left finder pattern, 4 modules in, and is 7 long */
	assert_non_null(strstr(svg, "d=\"M4 4h7v1h-7z"));
	int runs = 0, want = 0;
	for (const char *p = svg; (p = strchr(p, 'M')); p++)
		runs++;
	for (int y = 0; y < q.width; y++)
		for (int x = 0; x < q.width; x++)
			want += q.dark[y * q.width + x] && (x == 0 || !q.dark[y * q.width + x - 1]);
	assert_int_equal(runs, want);
	free(svg);
	qr_free(&q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_the_shape_of_a_code),
	    cmocka_unit_test(test_longer_text_never_a_smaller_code),
	    cmocka_unit_test(test_no_code_for_nothing),
	    cmocka_unit_test(test_svg_runs_inside_the_quiet_zone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
