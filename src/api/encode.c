/* encode.c — the content coding of JSON answers (request.h, "Compression of
 * JSON answers"): gzip when the client takes it and the body is large enough,
 * the ETag of each representation, and Vary: Accept-Encoding. */
#include "api/request.h"
#include "base/gzip.h"
#include "base/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define JSON_TYPE "application/json; charset=utf-8"

static bool is_get(const req_t *r)
{
	return r->method && (strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0);
}

bool reply_gzip_wanted(req_t *r, size_t len)
{
	return is_get(r) && len > REPLY_GZIP_MIN && coding_q(req_header(r, "Accept-Encoding"), "gzip") > 0;
}

/* The index of an answer header already set, or -1. */
static int resp_header(const req_t *r, const char *name)
{
	for (int i = 0; i < r->nresp_headers; i++)
		if (strcasecmp(r->resp_headers[i][0], name) == 0)
			return i;
	return -1;
}

/* "abc" -> "abc-gz", W/"abc" -> W/"abc-gz": the gzip representation's own tag. */
static void etag_gz(const char *etag, char *out, size_t cap)
{
	size_t n = strlen(etag);
	if (n >= 2 && etag[n - 1] == '"')
		snprintf(out, cap, "%.*s-gz\"", (int)(n - 1), etag);
	else
		snprintf(out, cap, "%s-gz", etag);
}

/* Vary names Accept-Encoding, beside whatever the handler put in it. */
static void vary_accept_encoding(req_t *r)
{
	int i = resp_header(r, "Vary");
	if (i < 0) {
		reply_header(r, "Vary", "Accept-Encoding");
		return;
	}
	const char *v = r->resp_headers[i][1];
	if (strcasestr(v, "Accept-Encoding") || strcmp(v, "*") == 0)
		return;
	size_t n = strlen(v) + sizeof ", Accept-Encoding";
	char *joined = xmalloc(n);
	snprintf(joined, n, "%s, Accept-Encoding", v);
	free(r->resp_headers[i][1]);
	r->resp_headers[i][1] = joined;
}

void reply_json_validated(req_t *r, const char *etag, const char *body, size_t len, const void *gz,
			  size_t gz_len)
{
	bool coded = reply_gzip_wanted(r, len);
	char tag[80] = "";
	if (etag && etag[0]) {
		if (coded)
			etag_gz(etag, tag, sizeof tag);
		else
			snprintf(tag, sizeof tag, "%s", etag);
		reply_header(r, "ETag", tag);
	}
	reply_header(r, "Cache-Control", "no-cache");
	const char *inm = req_header(r, "If-None-Match");
	if (tag[0] && inm && req_etag_listed(inm, tag)) {
		reply_raw(r, 304, NULL, "", 0);
		return;
	}
	unsigned char *made = NULL;
	if (coded && !gz)
		gz = made = gzip_encode(body, len, REPLY_GZIP_LEVEL, &gz_len);
	if (coded && gz) {
		reply_header(r, "Content-Encoding", "gzip");
		reply_raw(r, 200, JSON_TYPE, gz, gz_len);
	} else if (coded) {
		/* zlib refused (short of memory): the tag named the gzip form, so none at all */
		int i = resp_header(r, "ETag");
		if (i >= 0) {
			free(r->resp_headers[i][0]);
			free(r->resp_headers[i][1]);
			memmove(&r->resp_headers[i], &r->resp_headers[i + 1],
				(size_t)(r->nresp_headers - i - 1) * sizeof *r->resp_headers);
			r->nresp_headers--;
		}
		reply_raw(r, 200, JSON_TYPE, body, len);
	} else {
		reply_raw(r, 200, JSON_TYPE, body, len);
	}
	free(made);
}

void reply_encode(req_t *r)
{
	if (!is_get(r) || r->resp_stream)
		return;
	bool json = r->content_type && strncasecmp(r->content_type, "application/json", 16) == 0;
	if (r->status == 304 || (r->status == 200 && json))
		vary_accept_encoding(r);
	if (r->status != 200 || !json || !r->resp_body || resp_header(r, "Content-Encoding") >= 0 ||
	    resp_header(r, "Content-Range") >= 0 || !reply_gzip_wanted(r, r->resp_len))
		return;
	size_t n;
	unsigned char *gz = gzip_encode(r->resp_body, r->resp_len, REPLY_GZIP_LEVEL, &n);
	if (!gz)
		return;
	free(r->resp_body);
	r->resp_body = (char *)gz;
	r->resp_len = n;
	reply_header(r, "Content-Encoding", "gzip");
	int i = resp_header(r, "ETag");
	if (i >= 0) {
		char tag[80];
		etag_gz(r->resp_headers[i][1], tag, sizeof tag);
		free(r->resp_headers[i][1]);
		r->resp_headers[i][1] = xstrdup(tag);
	}
}
