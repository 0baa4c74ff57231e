/* request.c (test) — what a handler's answer keeps: every header it adds (a
 * ninth used to be dropped without a word), a problem+json body that never
 * says "0 problems", and a storage fault answered 503 with Retry-After and a
 * detail that names which fault (a full disk, an I/O error) in zh and en. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "api/request.h"

static void release(req_t *r)
{
	for (int i = 0; i < r->nresp_headers; i++) {
		free(r->resp_headers[i][0]);
		free(r->resp_headers[i][1]);
	}
	free(r->resp_headers);
	free(r->resp_body);
}

static void every_header_is_kept(void **state)
{
	req_t r = {0};
	char name[32], value[32];
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof name, "X-Test-%d", i);
		snprintf(value, sizeof value, "v%d", i);
		reply_header(&r, name, value);
	}
	assert_int_equal(r.nresp_headers, 20);
	assert_string_equal(r.resp_headers[8][0], "X-Test-8");
	assert_string_equal(r.resp_headers[19][1], "v19");
	release(&r);
}

static void no_errors_means_the_title_not_zero_problems(void **state)
{
	req_t r = {.path = "/api/v1/cases"};
	errs_t e = ERRS_INIT;
	reply_errors(&r, E_IDEMPOTENCY_MISMATCH, &e);
	assert_int_equal(r.status, 422);
	json_t *p = json_loadb(r.resp_body, r.resp_len, 0, NULL);
	assert_non_null(p);
	const char *detail = json_string_value(json_object_get(p, "detail"));
	assert_null(strstr(detail, "0 处"));
	assert_string_equal(detail, problem_info(E_IDEMPOTENCY_MISMATCH)->title_zh);
	json_decref(p);
	release(&r);
}

static void the_registry_has_a_row_for_every_code(void **state)
{
	for (int c = 0; c < E__COUNT; c++) {
		const problem_info_t *p = problem_info(c);
		assert_int_equal(p->code, c);
		assert_non_null(p->slug);
		assert_true(p->status >= 200 && p->status < 600);
		assert_true(strlen(p->title_zh) > 0 && strlen(p->title_en) > 0);
	}
	assert_int_equal(problem_info(E_STALE)->status, 409);
	assert_int_equal(problem_info(E_NO_ROUTE)->status, 404);
	assert_int_equal(problem_info(E_HEADERS_TOO_LARGE)->status, 431);
	assert_int_equal(problem_info(-1)->code, E_INTERNAL);
}

static const char *header(req_t *r, const char *name)
{
	for (int i = 0; i < r->nresp_headers; i++)
		if (strcmp(r->resp_headers[i][0], name) == 0)
			return r->resp_headers[i][1];
	return NULL;
}

static void a_storage_fault_is_503_naming_it(void **state)
{
	static const struct {
		store_fault_t f;
		bool en;
		const char *says;
	} rows[] = {
	    {STORE_FAULT_FULL, false, "存储空间已满"},
	    {STORE_FAULT_FULL, true, "the storage is full"},
	    {STORE_FAULT_IO, false, "读写出错"},
	    {STORE_FAULT_IO, true, "I/O errors"},
	    {STORE_FAULT_RESOURCES, true, "out of resources"},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		req_t r = {.path = "/api/v1/cases", .method = "POST", .lang_en = rows[i].en};
		reply_fault(&r, rows[i].f);
		assert_int_equal(r.status, 503);
		assert_string_equal(r.content_type, "application/problem+json; charset=utf-8");
		const char *ra = header(&r, "Retry-After");
		assert_non_null(ra);
		assert_true(atoi(ra) > 0);
		int n = 0;
		for (int k = 0; k < r.nresp_headers; k++)
			n += strcmp(r.resp_headers[k][0], "Retry-After") == 0;
		assert_int_equal(n, 1);   /* one Retry-After, not the outage's beside the fault's */
		json_t *p = json_loadb(r.resp_body, r.resp_len, 0, NULL);
		assert_non_null(p);
		assert_string_equal(json_string_value(json_object_get(p, "code")), "unavailable");
		const char *detail = json_string_value(json_object_get(p, "detail"));
		if (!strstr(detail, rows[i].says))
			fail_msg("fault %d (%s): %s", rows[i].f, rows[i].en ? "en" : "zh", detail);
		json_decref(p);
		release(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_header_is_kept),
		cmocka_unit_test(no_errors_means_the_title_not_zero_problems),
		cmocka_unit_test(the_registry_has_a_row_for_every_code),
		cmocka_unit_test(a_storage_fault_is_503_naming_it),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
