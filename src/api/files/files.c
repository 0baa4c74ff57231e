/* files.c — uploaded files over HTTP.
 *   POST /api/v1/files          multipart/form-data: file, optional material + matter (streamed;
 * http/upload.c) GET  /api/v1/files/{id}     the bytes, opened from their sealed blob a frame at a time as
 * the client reads GET  /api/v1/files/{id}/meta the JSON description Who may read a file is decided by
 * file_get (domain/files.h); anyone else gets the same 404 as for a file that does not exist. */
#include "api/api.h"
#include "domain/files/file.h"
#include "api/app.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

void api_files_upload(req_t *r)
{
	if (!r->upload) {
		reply_problem(r, E_UNSUPPORTED_MEDIA, "上传须为 multipart/form-data",
			      "an upload must be multipart/form-data", NULL);
		return;
	}
	errs_t e = ERRS_INIT;
	json_t *out = NULL;
	errcode_t ec = file_create(r->store, r->app->cfg.files_dir, &r->actor, r->upload, &e, &out);
	if (ec == E_OK) {
		char loc[96];
		snprintf(loc, sizeof loc, "/api/v1/files/%s", json_string_value(json_object_get(out, "id")));
		reply_header(r, "Location", loc);
		reply_json(r, 201, out);
	} else if (ec == E_VALIDATION) {
		reply_errors(r, ec, &e);
	} else if (ec == E_RATE_LIMITED) {
		reply_rate_limited(r, &r->upload->limited);
	} else {
		reply_problem(r, ec, NULL, NULL, NULL);
	}
	errs_clear(&e);
}

/* Looks up the file the caller may read; replies 404 (or 500) otherwise. */
static bool load(req_t *r, file_row_t *f)
{
	static const char *const none[] = {NULL};
	if (!req_query_only(r, none))
		return false;
	errcode_t ec = file_get(store_reader(r->store), &r->actor, req_param(r, "id"), f);
	if (ec != E_OK) {
		reply_problem(r, ec, NULL, NULL, NULL);
		return false;
	}
	return true;
}

/* Whether the name already ends in the extension of its (sniffed) type. */
static bool has_ext(const char *name, file_type_t t)
{
	const char *dot = strrchr(name, '.');
	if (!dot)
		return false;
	if (strcasecmp(dot + 1, file_type_ext(t)) == 0)
		return true;
	return t == FILE_TYPE_JPEG && strcasecmp(dot + 1, "jpeg") == 0;
}

/* Content-Disposition of an uploaded file's bytes: inline only for what a
 * browser shows by itself (PDF, JPEG, PNG), attachment otherwise (OFD); the
 * name as an RFC 8187 ext-value (UTF-8, every byte but attr-char
 * percent-encoded), ending in the extension of the type its bytes are, so a
 * download is never opened as something else ("x.html" holding a PDF is
 * offered as "x.html.pdf"). */
static void disposition(const char *name, file_type_t t, char *out, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	char full[FILE_NAME_BYTES + 8];
	snprintf(full, sizeof full, has_ext(name, t) ? "%s" : "%s.%s", name, file_type_ext(t));
	bool inline_ok = t == FILE_TYPE_PDF || t == FILE_TYPE_JPEG || t == FILE_TYPE_PNG;
	size_t o = (size_t)snprintf(out, n, "%s; filename*=UTF-8''", inline_ok ? "inline" : "attachment");
	for (const unsigned char *p = (const unsigned char *)full; *p && o + 4 < n; p++) {
		unsigned char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("!#$&+-.^_`|~", c)) {
			out[o++] = (char)c;
		} else {
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o] = '\0';
}

static ssize_t read_blob(void *b, void *buf, size_t max) { return blob_read(b, buf, max); }
static void close_blob(void *b) { blob_reader_close(b); }

void api_file_get(req_t *r)
{
	file_row_t f;
	if (!load(r, &f))
		return;
	blob_reader_t *b = file_open_blob(r->store, r->app->cfg.files_dir, &f);
	if (!b) {
		reply_problem(r, E_INTERNAL, "文件内容暂时无法读取", "the file's content cannot be read",
			      NULL);
		return;
	}
	char cd[FILE_NAME_BYTES * 3 + 64];
	disposition(f.name, f.type, cd, sizeof cd);
	reply_header(r, "Content-Disposition", cd);
	/* shown in the browser, the bytes run nothing: no script, no form, no
	 * plugin, an origin of their own (X-Content-Type-Options: nosniff is on
	 * every answer, http/server.c) */
	reply_header(r, "Content-Security-Policy",
		     "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'");
	r->replied = true;
	r->status = 200;
	r->content_type = file_type_mime(f.type);
	r->resp_stream = b;
	r->resp_read = read_blob;
	r->resp_close = close_blob;
	r->resp_stream_len = (uint64_t)f.size;
}

void api_file_meta(req_t *r)
{
	file_row_t f;
	if (!load(r, &f))
		return;
	reply_json(r, 200, file_json(&f));
}
