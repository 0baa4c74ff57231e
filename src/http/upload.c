/* upload.c — see upload.h. */
#include "http/upload.h"
#include "base/mem.h"
#include "http/auth.h"
#include "http/routes.h"
#include "domain/files/file.h"
#include "base/log.h"
#include <errno.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PP_BUFFER (16 * 1024)      /* the post processor's window: part headers must fit in it */
#define FORM_SLACK (64 * 1024)     /* multipart framing and the small text parts, beyond the file */
#define MAX_FORM_ERRORS 8

typedef enum { PART_NONE, PART_FILE, PART_EXTRA_FILE, PART_MATERIAL, PART_MATTER, PART_UNKNOWN } part_t;

struct upload {
	struct MHD_PostProcessor *pp;
	file_upload_t form;
	const char *files_dir;
	uint64_t max_file, max_body, body_bytes;
	part_t part;
	char part_key[72];       /* the current part's name, capped */
	bool last_was_empty;     /* the previous call was (off 0, size 0) */
	bool refused;            /* replied on the first call: the body is read and dropped */
	bool too_large;          /* the file or the body passed the limit: the rest is dropped */
	bool failed;             /* the post processor refused the body */
	bool sink_failed;        /* the disk refused the file */
	int sink_errno;          /* why, when it could not even be opened */
	store_t *store;
};

static void size_limit_text(uint64_t max, char *zh, size_t zn, char *en, size_t en_n)
{
	if (max % (1024 * 1024) == 0) {
		snprintf(zh, zn, "上传的文件不能超过 %llu MiB", (unsigned long long)(max / (1024 * 1024)));
		snprintf(en, en_n, "an uploaded file may be at most %llu MiB",
			 (unsigned long long)(max / (1024 * 1024)));
	} else {
		snprintf(zh, zn, "上传的文件不能超过 %llu 字节", (unsigned long long)max);
		snprintf(en, en_n, "an uploaded file may be at most %llu bytes", (unsigned long long)max);
	}
}

static void reply_too_large(req_t *r, uint64_t max)
{
	char zh[128], en[128];
	size_limit_text(max, zh, sizeof zh, en, sizeof en);
	errs_t e = ERRS_INIT;
	errs_add(&e, "file", "too_large", zh, en);
	reply_problem(r, E_BODY_TOO_LARGE, zh, en, &e);
	errs_clear(&e);
}

static void start_part(upload_t *u, const char *key, const char *filename)
{
	key = key ? key : "";
	snprintf(u->part_key, sizeof u->part_key, "%s", key);
	if (strcmp(key, "file") == 0) {
		if (++u->form.file_parts > 1) {
			u->part = PART_EXTRA_FILE;
			return;
		}
		u->part = PART_FILE;
		const char *fn = filename ? filename : "";
		size_t n = strlen(fn);
		u->form.name_too_long = n >= sizeof u->form.raw_name;
		if (!u->form.name_too_long)
			memcpy(u->form.raw_name, fn, n + 1);
		u->form.sink = file_sink_open(u->files_dir);
		if (!u->form.sink) {
			u->sink_failed = true;
			u->sink_errno = errno;
		}
	} else if (strcmp(key, "material") == 0) {
		u->part = PART_MATERIAL;
		u->form.material[0] = '\0';
	} else if (strcmp(key, "matter") == 0) {
		u->part = PART_MATTER;
		u->form.matter[0] = '\0';
	} else {
		u->part = PART_UNKNOWN;
		if (u->form.errs.n < MAX_FORM_ERRORS) {
			char field[72];
			snprintf(field, sizeof field, "%.64s", key);
			errs_add(&u->form.errs, field, "unknown_field", "不认识的表单字段（只接受 file、material、matter）",
				 "unknown form field (only file, material and matter)");
		}
	}
}

static void append_text(char *buf, size_t cap, bool *too_long, const char *data, uint64_t off, size_t size)
{
	if (*too_long)
		return;
	if (off + size >= cap) {
		*too_long = true;
		return;
	}
	memcpy(buf + off, data, size);
	buf[off + size] = '\0';
}

/* Whether an off-0 call continues the part of the previous call: the post
 * processor calls once with (off 0, size 0) when a part's first look found
 * no bytes yet (a slow client) — and also for a part that is empty. The
 * bytes that follow in the first case come with the same name and filename. */
static bool continues_part(const upload_t *u, const char *key, const char *filename, size_t size)
{
	if (!u->last_was_empty || size == 0 ||
	    strncmp(u->part_key, key ? key : "", sizeof u->part_key - 1) != 0)
		return false;
	if (u->part == PART_FILE)
		return !u->form.name_too_long && strcmp(u->form.raw_name, filename ? filename : "") == 0;
	return true;
}

/* The post processor's iterator: called for each chunk of each part, with
 * `off` the chunk's offset in its part; a part starts at off 0. */
static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
			       const char *content_type, const char *transfer_encoding, const char *data,
			       uint64_t off, size_t size)
{
	upload_t *u = cls;
	(void)kind, (void)content_type, (void)transfer_encoding;
	if (off == 0 && !continues_part(u, key, filename, size))
		start_part(u, key, filename);
	u->last_was_empty = off == 0 && size == 0;
	switch (u->part) {
	case PART_FILE:
		if (u->sink_failed || size == 0)
			break;
		if (file_sink_size(u->form.sink) + size > u->max_file) {
			u->too_large = true;
			return MHD_NO;   /* stops the parse; upload_feed drops the rest */
		}
		if (!file_sink_write(u->form.sink, data, size))
			u->sink_failed = true;
		break;
	case PART_MATERIAL:
		append_text(u->form.material, sizeof u->form.material, &u->form.material_too_long, data, off,
			    size);
		break;
	case PART_MATTER:
		append_text(u->form.matter, sizeof u->form.matter, &u->form.matter_too_long, data, off, size);
		break;
	default:
		break;
	}
	return MHD_YES;
}

upload_t *upload_start(app_t *app, req_t *r, void *conn)
{
	upload_t *u = xcalloc(1, sizeof *u);
	u->files_dir = app->cfg.files_dir;
	u->store = app->store;
	u->max_file = app->cfg.max_upload_bytes;
	u->max_body = u->max_file + FORM_SLACK;
	char allow[64];
	if (routes_match(r->method, r->path, r, allow, sizeof allow) != MATCH_OK) {
		reply_problem(r, E_NO_ROUTE, NULL, NULL, NULL);
		u->refused = true;
		return u;
	}
	if (!store_reader(app->store)) { /* as in server.c: no connection, no handler */
		reply_problem(r, E_UNAVAILABLE, NULL, NULL, NULL);
		u->refused = true;
		return u;
	}
	/* Nobody's bytes are accepted before we know who they are. */
	if (!auth_check(r)) {
		u->refused = true;
		return u;
	}
	const char *ct = req_header(r, "Content-Type");
	if (!ct || strncasecmp(ct, MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA,
			       strlen(MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA)) != 0) {
		reply_problem(r, E_UNSUPPORTED_MEDIA, "上传须为 multipart/form-data",
			      "an upload must be multipart/form-data", NULL);
		u->refused = true;
		return u;
	}
	const char *cl = req_header(r, "Content-Length");
	if (cl) {
		char *end;
		unsigned long long n = strtoull(cl, &end, 10);
		if (*end || n > u->max_body) {
			reply_too_large(r, u->max_file);
			u->refused = true;
			return u;
		}
	}
	u->pp = MHD_create_post_processor(conn, PP_BUFFER, on_part, u);
	if (!u->pp) {
		reply_problem(r, E_BAD_REQUEST, "multipart/form-data 缺少有效的 boundary",
			      "multipart/form-data needs a valid boundary", NULL);
		u->refused = true;
	}
	return u;
}

bool upload_feed(upload_t *u, const char *data, size_t n)
{
	u->body_bytes += n;
	if (u->refused || u->too_large || u->failed || u->sink_failed)
		return true;
	if (u->body_bytes > u->max_body) {
		u->too_large = true;
		return true;
	}
	if (MHD_post_process(u->pp, data, n) != MHD_YES && !u->too_large)
		u->failed = true;
	return true;
}

bool upload_finish(upload_t *u, req_t *r)
{
	if (r->replied)
		return false;
	bool complete = true;
	if (u->pp) {
		complete = MHD_destroy_post_processor(u->pp) == MHD_YES;
		u->pp = NULL;
	}
	if (u->too_large) {
		reply_too_large(r, u->max_file);
		return false;
	}
	if (u->sink_failed) {
		/* a full or failing disk is a fault to wait out (503); the partial
		 * file goes with the sink (upload_free) before the answer leaves */
		int e = u->form.sink ? file_sink_errno(u->form.sink) : u->sink_errno;
		store_fault_t f = file_fault_of_errno(e);
		if (f != STORE_FAULT_NONE) {
			store_note_fault(u->store, f);
			reply_fault(r, f);
		} else {
			reply_problem(r, E_INTERNAL, "暂时无法保存文件", "the file could not be stored", NULL);
		}
		return false;
	}
	if (u->failed || !complete) {
		reply_problem(r, E_BAD_REQUEST, "multipart/form-data 请求体格式有误或不完整",
			      "the multipart/form-data body is malformed or incomplete", NULL);
		return false;
	}
	r->upload = &u->form;
	return true;
}

void upload_free(upload_t *u)
{
	if (!u)
		return;
	if (u->pp)
		MHD_destroy_post_processor(u->pp);
	file_sink_free(u->form.sink);
	errs_clear(&u->form.errs);
	free(u);
}
