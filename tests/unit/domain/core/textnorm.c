/* test_textnorm.c — search text normalisation (domain/textnorm.h), as tables.
 *
 * Each row is an input and the exact normalised output: Traditional turned
 * into Simplified (OpenCC t2s), full-width ASCII U+FF01..U+FF5E folded to
 * half-width, ASCII letters lower-cased, white space (space, tab, CR, LF and
 * the ideographic space U+3000) collapsed to one space and trimmed at both
 * ends. Everything else passes through byte for byte. Every row must also be
 * a fixed point (normalising twice changes nothing), since the stored search
 * text and the query are normalised separately and compared as substrings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <cmocka.h>

#include "domain/core/textnorm.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct row {
	const char *name, *in, *want;
};

/* Traditional -> Simplified: the words people search the catalogue with. */
static const struct row T2S[] = {
	{"business licence", "營業執照", "营业执照"},
	{"catering", "餐飲", "餐饮"},
	{"deregistration", "註銷", "注销"},
	{"social insurance", "社會保險", "社会保险"},
	{"food business licence", "食品經營許可", "食品经营许可"},
	{"household registration transfer", "戶口遷移", "户口迁移"},
	{"tax affairs", "稅務", "税务"},
	{"physician practice", "醫師執業註冊", "医师执业注册"},
	{"environment", "環境影響評價", "环境影响评价"},
	{"marriage registration", "結婚登記", "结婚登记"},
	{"simplified stays simplified", "企业设立登记", "企业设立登记"},
	{"simplified with a keyword", "开公司 营业执照", "开公司 营业执照"},
	{"mixed traditional and simplified", "企業设立登記", "企业设立登记"},
	{"traditional with ASCII and full-width", "ＡＢＣ營業執照　２０２６", "abc营业执照 2026"},
	{"CJK punctuation kept, full-width semicolon folded", "《食品安全法》；第三十五條、第三十六條。", "《食品安全法》;第三十五条、第三十六条。"},
};

/* Full-width ASCII folding: U+FF01..U+FF5E <-> U+0021..U+007E, nothing else. */
static const struct row WIDTH[] = {
	{"full-width digits", "１２３４５６７８９０", "1234567890"},
	{"full-width capitals fold and lower-case", "ＡＢＣＸＹＺ", "abcxyz"},
	{"full-width small letters", "ａｂｃｘｙｚ", "abcxyz"},
	{"first of the range U+FF01", "！", "!"},
	{"last of the range U+FF5E", "～", "~"},
	{"full-width brackets", "（测试）［１］｛ｘ｝", "(测试)[1]{x}"},
	{"full-width symbols", "＠＃＄％＆＊＋－／：；＜＝＞？＼＾＿｀｜", "@#$%&*+-/:;<=>?\\^_`|"},
	{"full-width quote and apostrophe", "＂＇", "\"'"},
	{"U+FF00 (not assigned) is not folded", "\xEF\xBC\x80", "\xEF\xBC\x80"},
	{"U+FF5F (white parenthesis) is not folded", "｟", "｟"},
	{"U+FF61 half-width ideographic full stop is kept", "｡", "｡"},
	{"half-width katakana is kept", "ｱｲｳ", "ｱｲｳ"},
	{"full-width comma and colon fold, 。 and 、 are not full-width ASCII", "，。、：", ",。、:"},
	{"CJK quotes and brackets are kept", "“”「」《》【】", "“”「」《》【】"},
	{"full-width at the very end", "ab＃", "ab#"},
	{"full-width letter between Chinese", "第Ｂ类", "第b类"},
};

/* ASCII case folding only. */
static const struct row CASE[] = {
	{"upper", "FOOD BUSINESS LICENCE", "food business licence"},
	{"mixed", "Food Business Licence", "food business licence"},
	{"already lower", "food", "food"},
	{"digits and symbols untouched", "ABC-123_X.Y", "abc-123_x.y"},
	{"letters next to the range", "@[`{", "@[`{"},
	{"non-ASCII letters are kept", "ÉCOLE ΩMEGA", "École Ωmega"},
};

/* White space: collapsed and trimmed. */
static const struct row SPACE[] = {
	{"empty", "", ""},
	{"one space", " ", ""},
	{"only blanks of every kind", " \t\r\n　 　", ""},
	{"leading and trailing", "  餐饮  ", "餐饮"},
	{"ideographic spaces trimmed", "　餐饮　", "餐饮"},
	{"a run becomes one space", "食品  \t 经营\n\n许可", "食品 经营 许可"},
	{"ideographic space between words", "食品　经营", "食品 经营"},
	{"mixed run of ASCII and ideographic space", "a \u3000\t\u3000 b", "a b"},
	{"CRLF", "line one\r\nline two", "line one line two"},
	{"single spaces are kept", "a b c", "a b c"},
	{"no white space at all", "社保", "社保"},
};

static void check_rows(const struct row *rows, size_t n)
{
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		char *got = textnorm(rows[i].in);
		if (!got) {
			print_error("row \"%s\": textnorm returned NULL\n", rows[i].name);
			bad++;
			continue;
		}
		if (strcmp(got, rows[i].want) != 0) {
			print_error("row \"%s\": textnorm(\"%s\") = \"%s\", want \"%s\"\n", rows[i].name, rows[i].in, got,
				    rows[i].want);
			bad++;
		}
		char *again = textnorm(got);
		if (strcmp(again, got) != 0) {
			print_error("row \"%s\": not a fixed point: \"%s\" -> \"%s\"\n", rows[i].name, got, again);
			bad++;
		}
		free(again);
		free(got);
	}
	assert_int_equal(bad, 0);
}

static void test_traditional_to_simplified(void **state) { check_rows(T2S, ARRAY_LEN(T2S)); }
static void test_full_width(void **state) { check_rows(WIDTH, ARRAY_LEN(WIDTH)); }
static void test_case(void **state) { check_rows(CASE, ARRAY_LEN(CASE)); }
static void test_white_space(void **state) { check_rows(SPACE, ARRAY_LEN(SPACE)); }

/* What search relies on: a 繁體 query, normalised, is a substring of the
 * normalised 简体 text, and an English query in any case and width is too. */
static void test_query_matches_text(void **state)
{
	static const struct { const char *text, *query; } M[] = {
		{"|企业设立登记|enterprise establishment registration|开公司|营业执照|", "營業執照"},
		{"|食品经营许可|Food business licence|餐饮|", "餐飲"},
		{"|食品经营许可|Food business licence|", "ＦＯＯＤ　Business"},
		{"|单位参保注销|", "註銷"},
		{"|灵活就业人员社保登记|", "社保"},
	};
	for (size_t i = 0; i < ARRAY_LEN(M); i++) {
		char *t = textnorm(M[i].text), *q = textnorm(M[i].query);
		if (!strstr(t, q))
			fail_msg("\"%s\" (from \"%s\") is not found in \"%s\"", q, M[i].query, t);
		free(t);
		free(q);
	}
}

/* A long input: the output never grows beyond the input. */
static void test_long_input(void **state)
{
	size_t n = 64 * 1024;
	char *s = malloc(n * 3 + 1), *p = s;
	for (size_t i = 0; i < n; i++) {
		memcpy(p, i % 2 ? "\xEF\xBC\xA1" : "\xE3\x80\x80", 3);   /* Ａ and U+3000 alternately */
		p += 3;
	}
	*p = '\0';
	char *got = textnorm(s);
	assert_non_null(got);
	/* " a a a ... a" trimmed: n/2 letters separated by single spaces */
	assert_int_equal(strlen(got), n - 1);
	for (size_t i = 0; i < strlen(got); i++)
		assert_int_equal(got[i], i % 2 ? ' ' : 'a');
	free(got);
	free(s);
}

/* Calls from several threads at once (the server calls it from every worker). */
static void *worker(void *arg)
{
	int *bad = arg;
	for (int i = 0; i < 300; i++) {
		char *got = textnorm("營業執照　ＦＯＯＤ  Licence");
		if (!got || strcmp(got, "营业执照 food licence") != 0)
			(*bad)++;
		free(got);
	}
	return NULL;
}

static void test_threads(void **state)
{
	pthread_t t[4];
	int bad[4] = {0};
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, worker, &bad[i]), 0);
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(bad[i], 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_traditional_to_simplified),
		cmocka_unit_test(test_full_width),
		cmocka_unit_test(test_case),
		cmocka_unit_test(test_white_space),
		cmocka_unit_test(test_query_matches_text),
		cmocka_unit_test(test_long_input),
		cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
