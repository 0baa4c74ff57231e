/* file.c — the rules of uploaded files (see file.h): what an upload must be
 * to be stored, what its stored name is, and who may read it. The bytes are
 * blob.c's (and blob_db.c's), the type sniffing sniff.c's, the SQL
 * file_store.c's. */
#include "domain/files/file.h"
#include "domain/files/file_store.h"
#include "base/utf8.h"
#include "base/log.h"
#include "base/mem.h"
#include "domain/core/audit.h"
#include "domain/core/retention.h"
#include "domain/catalog/matter.h"
#include "base/clock.h"
#include "base/crypto.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ names */

/* Characters that would make a name display other than it is: controls and
 * the bidirectional overrides behind "invoice<U+202E>fdp.exe". */
static bool drop_char(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x061C || cp == 0x200E ||
	       cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0xFEFF;
}

bool file_name_sanitise(const char *raw, file_type_t t, char out[FILE_NAME_BYTES])
{
	const char *base = raw ? raw : "";
	for (const char *p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	/* Replacements never lengthen the text, so the input's size bounds the output. */
	char *buf = xmalloc(strlen(base) + 1);
	size_t o = 0, len = strlen(base);
	const unsigned char *s = (const unsigned char *)base;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t at = i;
		if (!utf8_next(s, len, &i, &cp)) {
			buf[o++] = '_';
			i++;
			continue;
		}
		if (!drop_char(cp)) {
			memcpy(buf + o, s + at, i - at);
			o += i - at;
		}
	}
	buf[o] = '\0';
	size_t start = 0;
	while (buf[start] == ' ' || buf[start] == '\t')
		start++;
	while (o > start && (buf[o - 1] == ' ' || buf[o - 1] == '\t'))
		buf[--o] = '\0';
	size_t chars = 0;
	for (size_t i = start; i < o; i++)
		if (((unsigned char)buf[i] & 0xC0) != 0x80)
			chars++;
	bool ok = chars <= FILE_NAME_MAX_CHARS;
	if (ok) {
		if (chars == 0)
			snprintf(out, FILE_NAME_BYTES, "file.%s", file_type_ext(t));
		else
			snprintf(out, FILE_NAME_BYTES, "%s", buf + start);
	}
	free(buf);
	return ok;
}

/* ------------------------------------------------------------ rows */

static bool is_hex_id(const char *id)
{
	if (!id || strlen(id) != FILE_ID_LEN)
		return false;
	for (const char *p = id; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

/* Checks the upload against its material's formats and max_size in the
 * matter's current version. Errors name the field at fault. */
static void check_material(dbc_t *c, const file_upload_t *up, file_type_t t, uint64_t size, errs_t *e)
{
	if (up->material_too_long)
		errs_add(e, "material", "too_long", "材料代码过长", "the material key is too long");
	if (up->matter_too_long)
		errs_add(e, "matter", "too_long", "事项编码过长", "the matter code is too long");
	if (up->material_too_long || up->matter_too_long || (!up->material[0] && !up->matter[0]))
		return;
	if (!up->matter[0]) {
		errs_add(e, "matter", "required", "指定材料时须同时给出事项编码",
			 "a material needs the matter's code");
		return;
	}
	if (!up->material[0]) {
		errs_add(e, "material", "required", "指定事项时须同时给出材料代码",
			 "a matter needs the material's key");
		return;
	}
	json_t *doc = matter_doc(c, up->matter, 0);
	if (!doc) {
		errs_add(e, "matter", "unknown", "事项不存在", "no such matter");
		return;
	}
	json_t *found = NULL, *m;
	size_t i;
	json_array_foreach(json_object_get(doc, "materials"), i, m)
	{
		if (json_is_string(json_object_get(m, "key")) &&
		    strcmp(json_string_value(json_object_get(m, "key")), up->material) == 0)
			found = m;
	}
	if (!found) {
		errs_add(e, "material", "unknown", "该事项没有这项材料", "the matter has no such material");
		json_decref(doc);
		return;
	}
	json_t *formats = json_object_get(found, "formats"), *f;
	if (t != FILE_TYPE_UNKNOWN && json_is_array(formats)) {
		bool ok = false;
		char list[128] = "";
		size_t used = 0;
		json_array_foreach(formats, i, f)
		{
			const char *v = json_string_value(f);
			if (!v)
				continue;
			if (strcmp(v, file_type_name(t)) == 0)
				ok = true;
			int w = snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "", v);
			if (w > 0 && (size_t)w < sizeof list - used)
				used += (size_t)w;
		}
		if (!ok) {
			char zh[256], en[256];
			snprintf(zh, sizeof zh, "该材料只接受以下格式：%s", list);
			snprintf(en, sizeof en, "this material accepts only: %s", list);
			errs_add(e, "file", "format", zh, en);
		}
	}
	json_t *max = json_object_get(found, "max_size");
	if (json_is_integer(max) && size > (uint64_t)json_integer_value(max)) {
		long long mx = (long long)json_integer_value(max);
		if (mx % (1024 * 1024) == 0)
			errs_addi(e, "file", "too_large", "该材料的文件不能超过 %lld MiB",
				  "this material's file may be at most %lld MiB", mx / (1024 * 1024));
		else
			errs_addi(e, "file", "too_large", "该材料的文件不能超过 %lld 字节",
				  "this material's file may be at most %lld bytes", mx);
	}
	json_decref(doc);
}

struct create_ctx {
	const actor_t *by;
	const file_row_t *f;
	file_upload_t *up;
	bool dedup;
};

static int create_write(dbc_t *c, void *arg)
{
	struct create_ctx *x = arg;
	const file_row_t *f = x->f;
	int limited = ratelimit_take(c, LIMIT_UPLOADS, x->by, NULL, f->created_at, &x->up->limited);
	if (limited != 0)
		return limited;
	if (file_store_insert(c, f) != DB_DONE)
		return -1;
	json_t *detail = json_pack("{ss ss sI sb}", "sha256", f->sha256, "type", file_type_name(f->type),
				   "size", (json_int_t)f->size, "deduplicated", x->dedup);
	if (x->up->matter[0])
		json_object_set_new(detail, "matter", json_string(x->up->matter));
	if (x->up->material[0])
		json_object_set_new(detail, "material", json_string(x->up->material));
	int rc = audit_append(c, x->by, "file.upload", "file", f->id, 0, 1, detail);
	json_decref(detail);
	return rc;
}

errcode_t file_create(store_t *st, const char *files_dir, const actor_t *by, file_upload_t *up, errs_t *errs,
		      json_t **out)
{
	*out = NULL;
	file_sink_t *s = up->sink;
	file_type_t t = FILE_TYPE_UNKNOWN;
	for (size_t i = 0; i < up->errs.n; i++)
		errs_add(errs, up->errs.v[i].field, up->errs.v[i].code, up->errs.v[i].zh, up->errs.v[i].en);
	if (up->file_parts == 0)
		errs_add(errs, "file", "required", "请选择要上传的文件", "the file part is required");
	else if (up->file_parts > 1)
		errs_add(errs, "file", "multiple", "一次只能上传一个文件", "send exactly one file part");
	else if (!s || file_sink_failed(s))
		return E_INTERNAL;
	else if (file_sink_size(s) == 0)
		errs_add(errs, "file", "empty", "文件是空的", "the file is empty");
	else if ((t = file_sink_sniff(s)) == FILE_TYPE_UNKNOWN)
		errs_add(errs, "file", "file_type", "只接受 PDF、OFD、JPEG、PNG 文件（按文件内容判断）",
			 "only PDF, OFD, JPEG and PNG files are accepted (judged by the content)");
	file_row_t f = {0};
	if (up->name_too_long || (s && !file_name_sanitise(up->raw_name, t, f.name)))
		errs_addi(errs, "file", "name_too_long", "文件名不能超过 %lld 个字符",
			  "the file name may be at most %lld characters", FILE_NAME_MAX_CHARS);
	check_material(store_reader(st), up, t, file_sink_size(s), errs);
	if (errs_any(errs))
		return E_VALIDATION;

	struct create_ctx x = {.by = by, .f = &f, .up = up};
	/* an account over its limit stores no bytes either; the row's write counts for good */
	if (ratelimit_peek(store_reader(st), LIMIT_UPLOADS, by, NULL, clock_now_ms(), &up->limited) != 0)
		return E_RATE_LIMITED;
	if (!blob_put(st, files_dir, s, &x.dedup))
		return E_INTERNAL;
	id_new(f.id);
	snprintf(f.sha256, sizeof f.sha256, "%s", file_sink_finish(s));
	f.type = t;
	f.size = (int64_t)file_sink_size(s);
	snprintf(f.owner, sizeof f.owner, "%s", by->id);
	f.created_at = clock_now_ms();
	/* A failed row leaves at most a blob nobody names; the same bytes reuse it later. */
	int r = store_write(st, create_write, &x);
	if (r == E_RATE_LIMITED)
		return E_RATE_LIMITED;
	if (r != 0)
		return E_INTERNAL;
	*out = file_json(&f);
	return E_OK;
}

errcode_t file_get(dbc_t *c, const actor_t *a, const char *id, file_row_t *out)
{
	if (!is_hex_id(id))
		return E_NOT_FOUND;
	int rc = file_store_get(c, id, out);
	if (rc != DB_ROW)
		return rc == DB_DONE ? E_NOT_FOUND : E_INTERNAL;
	if (a->id[0] && strcmp(out->owner, a->id) == 0)
		return E_OK;
	/* A case that uses the file: its applicant, and once it is submitted, its
	 * department's staff and the supervisors. */
	bool staff = (a->roles & ROLES_CASEWORK) && a->department[0];
	if (file_store_case_sees(c, id, a->id[0] ? a->id : NULL, staff ? a->department : NULL, false))
		return E_OK;
	/* A 12345 request it is attached to: the bodies handling it, the hotline and the supervisors,
	 * its name read with ID numbers and phones masked (the caller may be anonymous to the body) */
	bool seen = (staff && file_store_complaint_sees(c, id, a->department, FILE_BODY)) ||
		    ((a->roles & (ROLE_DISPATCHER | ROLE_OPERATOR)) && a->department[0] &&
		     file_store_complaint_sees(c, id, a->department, FILE_HOTLINE)) ||
		    ((a->roles & ROLE_SUPERVISOR) && file_store_complaint_sees(c, id, NULL, FILE_OVERSEER));
	if (!seen && (!(a->roles & ROLE_SUPERVISOR) || !file_store_case_sees(c, id, NULL, NULL, true)))
		return E_NOT_FOUND;
	/* a supervisor oversees and does not handle (and a request's readers are
	 * not its caller): the name, which may hold an ID number or a phone, is
	 * read masked (domain/core/pii_view.h) */
	char masked[sizeof out->name];
	mask_pii(out->name, masked, sizeof masked);
	snprintf(out->name, sizeof out->name, "%s", masked);
	return E_OK;
}

json_t *file_json(const file_row_t *f)
{
	char ts[32];
	clock_format_iso(f->created_at, ts);
	return json_pack("{ss ss ss sI ss ss}", "id", f->id, "sha256", f->sha256, "type",
			 file_type_name(f->type), "size", (json_int_t)f->size, "name", f->name, "created_at",
			 ts);
}

errcode_t file_facts(dbc_t *c, const char *id, file_facts_t *out)
{
	if (!is_hex_id(id))
		return E_NOT_FOUND;
	/* the name stays sealed: opening it costs a decryption per material of every submission */
	int rc = file_store_facts(c, id, out);
	if (rc != DB_ROW)
		return rc == DB_DONE ? E_NOT_FOUND : E_INTERNAL;
	return E_OK;
}

/* ------------------------------------------------------------ retention */

int64_t file_unattached_delete(dbc_t *c, const char *owner)
{
	return file_store_unattached_owner(c, owner);
}

/* Where the last run stopped. Only the job touches it, one run at a time (its lock), on the
 * writer's thread; each node keeps its own and starts from the first. */
static char purge_at[FILE_ID_LEN + 1];

static int purge_write(dbc_t *c, void *arg)
{
	int64_t n = file_store_unattached_purge(c, clock_now_ms() - retention_ms(RETAIN_UPLOADS), purge_at);
	if (n < 0)
		return -1;
	*(int64_t *)arg = n;
	return 0;
}

int file_job_purge_unattached(store_t *st)
{
	int64_t n = 0;
	return store_write(st, purge_write, &n) == 0 ? (int)n : -1;
}
