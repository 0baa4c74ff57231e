/* file.c — unit tests of domain/files/file.c: the stored name of an upload,
 * what an upload must be to be stored, who may read a stored file, and the
 * facts a case reads of a file offered as a material. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "domain/files/file.h"
#include "unit/tempstore.h"

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------ names */

static const struct {
	const char *raw;
	file_type_t t;
	const char *want;   /* NULL: refused as too long */
} name_rows[] = {
	{"合同.pdf", FILE_TYPE_PDF, "合同.pdf"},
	{"营业执照 副本 (2).jpg", FILE_TYPE_JPEG, "营业执照 副本 (2).jpg"},
	{"C:\\Users\\张三\\Desktop\\scan.png", FILE_TYPE_PNG, "scan.png"},
	{"../../etc/passwd", FILE_TYPE_PDF, "passwd"},
	{"  spaced name.pdf \t", FILE_TYPE_PDF, "spaced name.pdf"},
	{"a\x01" "b\x7f" "c\r\n.pdf", FILE_TYPE_PDF, "abc.pdf"},
	{"invoice\xE2\x80\xAE" "fdp.exe", FILE_TYPE_PDF, "invoicefdp.exe"},     /* U+202E RIGHT-TO-LEFT OVERRIDE */
	{"\xE2\x81\xA6x\xE2\x81\xA9.pdf", FILE_TYPE_PDF, "x.pdf"},              /* U+2066 / U+2069 isolates */
	{"bad\xFF\xFEname.pdf", FILE_TYPE_PDF, "bad__name.pdf"},              /* invalid bytes */
	{"\xC0\xAF.pdf", FILE_TYPE_PDF, "__.pdf"},                             /* overlong '/' */
	{"\xED\xA0\x80x.pdf", FILE_TYPE_PDF, "___x.pdf"},                      /* a UTF-16 surrogate */
	{"", FILE_TYPE_PDF, "file.pdf"},
	{"scans/", FILE_TYPE_JPEG, "file.jpg"},
	{"\xE2\x80\xAE", FILE_TYPE_OFD, "file.ofd"},
	{NULL, FILE_TYPE_PNG, "file.png"},
};

static void test_name_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(name_rows); i++) {
		char out[FILE_NAME_BYTES] = "untouched";
		bool ok = file_name_sanitise(name_rows[i].raw, name_rows[i].t, out);
		if (!name_rows[i].want) {
			assert_false(ok);
			continue;
		}
		if (!ok || strcmp(out, name_rows[i].want) != 0)
			fail_msg("row %zu: got %s '%s', want '%s'", i, ok ? "ok" : "refused", out, name_rows[i].want);
	}
}

static void test_name_length(void **state)
{
	(void)state;
	char raw[FILE_NAME_MAX_CHARS * 3 + 16], out[FILE_NAME_BYTES];
	/* 200 Chinese characters (600 bytes) fit; 201 do not, and out is left alone */
	raw[0] = '\0';
	for (int i = 0; i < FILE_NAME_MAX_CHARS; i++)
		strcat(raw, "中");
	assert_true(file_name_sanitise(raw, FILE_TYPE_PDF, out));
	assert_string_equal(out, raw);
	strcat(raw, "文");
	strcpy(out, "untouched");
	assert_false(file_name_sanitise(raw, FILE_TYPE_PDF, out));
	assert_string_equal(out, "untouched");
	/* blanks around a 200-character name are trimmed before counting; a directory prefix does not count */
	memset(raw, 'a', FILE_NAME_MAX_CHARS);
	strcpy(raw + FILE_NAME_MAX_CHARS, "   ");
	assert_true(file_name_sanitise(raw, FILE_TYPE_PDF, out));
	assert_int_equal(strlen(out), FILE_NAME_MAX_CHARS);
	char prefixed[FILE_NAME_MAX_CHARS + 32];
	snprintf(prefixed, sizeof prefixed, "some/dir/%.*s", FILE_NAME_MAX_CHARS, raw);
	assert_true(file_name_sanitise(prefixed, FILE_TYPE_PDF, out));
	assert_int_equal(strlen(out), FILE_NAME_MAX_CHARS);
}

/* ------------------------------------------------------------ storing and reading */

static actor_t person(const char *id)
{
	actor_t a = {0};
	snprintf(a.id, sizeof a.id, "%s", id);
	snprintf(a.kind, sizeof a.kind, "person");
	a.roles = ROLE_PERSON;
	return a;
}

/* An upload of `bytes` named `name` (no material). */
static void upload_of(file_upload_t *up, const char *dir, const char *bytes, size_t n, const char *name)
{
	memset(up, 0, sizeof *up);
	if (bytes) {
		up->sink = file_sink_open(dir);
		assert_non_null(up->sink);
		assert_true(file_sink_write(up->sink, bytes, n));
		up->file_parts = 1;
	}
	snprintf(up->raw_name, sizeof up->raw_name, "%s", name);
}

/* The accounts the files belong to (test setup: rows as the identity subsystem writes them). */
static int add_accounts(dbc_t *c, void *arg)
{
	(void)arg;
	return db_exec(c, "INSERT INTO accounts (id, kind, username, password_hash, display_name, created_at) VALUES "
			  "('acc-owner', 'person', 'owner', 'x', '张三', 0), "
			  "('acc-other', 'person', 'other', 'x', '李四', 0)") == DB_OK ? 0 : -1;
}

static void test_create_get_facts(void **state)
{
	(void)state;
	char dir[TEMPSTORE_DIR_LEN], files[128];
	store_t *st = tempstore_open("files", dir);
	assert_non_null(st);
	assert_int_equal(store_write(st, add_accounts, NULL), 0);
	snprintf(files, sizeof files, "%s/files", dir);
	assert_true(file_dir_prepare(files));
	actor_t owner = person("acc-owner"), other = person("acc-other"), anon = {0};

	/* refusals: every problem named, nothing stored */
	static const struct {
		const char *bytes;
		size_t n;
		int parts;
		const char *field, *code;
	} bad[] = {
		{NULL, 0, 0, "file", "required"},
		{"hello, not a pdf\n", 17, 1, "file", "file_type"},
		{"%PDF-1.4\n", 9, 2, "file", "multiple"},
	};
	for (size_t i = 0; i < N_ROWS(bad); i++) {
		file_upload_t up;
		upload_of(&up, files, bad[i].bytes, bad[i].n, "a.pdf");
		up.file_parts = bad[i].parts;
		errs_t e = {0};
		json_t *out = NULL;
		assert_int_equal(file_create(st, files, &owner, &up, &e, &out), E_VALIDATION);
		assert_null(out);
		if (!errs_has(&e, bad[i].field, bad[i].code))
			fail_msg("row %zu: no %s/%s error", i, bad[i].field, bad[i].code);
		file_sink_free(up.sink);
		errs_clear(&e);
	}
	/* a material without its matter, and an unknown matter */
	file_upload_t up;
	upload_of(&up, files, "%PDF-1.4\n", 9, "a.pdf");
	snprintf(up.material, sizeof up.material, "id_card");
	errs_t e = {0};
	json_t *out = NULL;
	assert_int_equal(file_create(st, files, &owner, &up, &e, &out), E_VALIDATION);
	assert_true(errs_has(&e, "matter", "required"));
	errs_clear(&e);
	snprintf(up.matter, sizeof up.matter, "NO-SUCH-MATTER");
	assert_int_equal(file_create(st, files, &owner, &up, &e, &out), E_VALIDATION);
	assert_true(errs_has(&e, "matter", "unknown"));
	errs_clear(&e);
	file_sink_free(up.sink);

	/* stored: the JSON names the type from the bytes and the sanitised name */
	upload_of(&up, files, "%PDF-1.4\n", 9, "dir/合同\xE2\x80\xAE.pdf");
	assert_int_equal(file_create(st, files, &owner, &up, &e, &out), E_OK);
	file_sink_free(up.sink);
	assert_non_null(out);
	assert_string_equal(json_string_value(json_object_get(out, "type")), "pdf");
	assert_string_equal(json_string_value(json_object_get(out, "name")), "合同.pdf");
	assert_int_equal(json_integer_value(json_object_get(out, "size")), 9);
	char id[FILE_ID_LEN + 1];
	snprintf(id, sizeof id, "%s", json_string_value(json_object_get(out, "id")));
	assert_int_equal(strlen(id), FILE_ID_LEN);
	json_decref(out);

	/* who may read it: the owner; not another applicant, not the anonymous */
	dbc_t *c = store_reader(st);
	file_row_t f;
	assert_int_equal(file_get(c, &owner, id, &f), E_OK);
	assert_string_equal(f.owner, "acc-owner");
	assert_int_equal(f.type, FILE_TYPE_PDF);
	assert_int_equal(file_get(c, &other, id, &f), E_NOT_FOUND);
	assert_int_equal(file_get(c, &anon, id, &f), E_NOT_FOUND);
	assert_int_equal(file_get(c, &owner, "0123456789abcdef0123456789abcdef", &f), E_NOT_FOUND);
	assert_int_equal(file_get(c, &owner, "not-an-id", &f), E_NOT_FOUND);
	assert_int_equal(file_get(c, &owner, NULL, &f), E_NOT_FOUND);
	blob_reader_t *b = file_open_blob(st, files, &f);
	assert_non_null(b);
	char back[16] = "";
	assert_int_equal(blob_read(b, back, sizeof back), 9);
	assert_string_equal(back, "%PDF-1.4\n");
	blob_reader_close(b);

	/* the facts a case reads, whoever asks */
	file_facts_t ff;
	assert_int_equal(file_facts(c, id, &ff), E_OK);
	assert_int_equal(ff.type, FILE_TYPE_PDF);
	assert_int_equal(ff.size, 9);
	assert_string_equal(ff.owner, "acc-owner");
	static const char *const missing[] = {"0123456789abcdef0123456789abcdef", "", "short", "../../etc/passwd",
					      "0123456789ABCDEF0123456789ABCDEF"};
	for (size_t i = 0; i < N_ROWS(missing); i++)
		assert_int_equal(file_facts(c, missing[i], &ff), E_NOT_FOUND);
	assert_int_equal(file_facts(c, NULL, &ff), E_NOT_FOUND);
	tempstore_close(st, dir);
	char cmd[200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_table),
		cmocka_unit_test(test_name_length),
		cmocka_unit_test(test_create_get_facts),
	};
	return cmocka_run_group_tests_name("files/file", tests, NULL, NULL);
}
