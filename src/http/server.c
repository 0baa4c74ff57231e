/* server.c — the HTTP daemon on libmicrohttpd.
 *
 * One access handler for every request: the first call only records the
 * request (libmicrohttpd 0.9.75 closes keep-alive connections when a response
 * is queued on the first call), body chunks are gathered under the size
 * limit, and the final call enforces the limits, matches the route, checks
 * access, parses JSON, runs the handler and queues the answer. Each request
 * gets a request id (X-Request-Id, and every log line). Upload routes are
 * told apart on the first call and streamed to disk by upload.c instead.
 * Smuggling attempts (framing.c) are answered on the first call, with the
 * connection closed; connection limits and the request deadline are conns.c's.
 * SIGTERM/SIGINT stop accepting, let in-flight requests finish, then close
 * the database. */
#include "http/server.h"
#include "base/mem.h"
#include "http/auth.h"
#include "http/conns.h"
#include "http/framing.h"
#include "http/jobs.h"
#include "http/metrics.h"
#include "http/routes.h"
#include "http/upload.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/jsonin.h"
#include "base/log.h"
#include "base/utf8.h"
#include "domain/files/file.h"
#include <arpa/inet.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

typedef struct {
	req_t r;
	char *body;
	size_t body_len, body_cap;
	bool too_large, headers_too_large;
	upload_t *up;              /* upload routes: the streaming sink instead of `body` */
	const route_t *path_route; /* a 405's route of the path (another method's), for metrics */
	int64_t t0;
	char method[16];
	char *path;
} conn_ctx_t;

static _Atomic int in_flight;

/* What uri_logger hands the first call when the raw request target holds a
 * "%00" (libmicrohttpd decodes it, and the path the handler sees ends there). */
static char nul_in_target;

static void *uri_logger(void *cls, const char *uri, struct MHD_Connection *conn)
{
	(void)cls;
	conns_line_in(conn);
	return framing_target_has_nul(uri) ? &nul_in_target : NULL;
}

static const char *lookup(void *conn, int kind, const char *name)
{
	enum MHD_ValueKind k = kind == 0   ? MHD_GET_ARGUMENT_KIND
			       : kind == 1 ? MHD_HEADER_KIND
					   : MHD_COOKIE_KIND;
	return MHD_lookup_connection_value(conn, k, name);
}

struct each_ctx {
	void (*fn)(const char *, const char *, void *);
	void *ctx;
};

static enum MHD_Result each_cb(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct each_ctx *x = cls;
	x->fn(key, value ? value : "", x->ctx);
	return MHD_YES;
}

static void each_query(void *conn, void (*fn)(const char *, const char *, void *), void *ctx)
{
	struct each_ctx x = {fn, ctx};
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, each_cb, &x);
}

/* Query arguments reach handlers and the database only as well-formed UTF-8. */
static enum MHD_Result find_bad_utf8(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	if (utf8_valid(key) && (!value || utf8_valid(value)))
		return MHD_YES;
	*(const char **)cls = utf8_valid(key) ? key : "query";
	return MHD_NO;
}

static enum MHD_Result sum_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	size_t *total = cls;
	*total += strlen(key) + (value ? strlen(value) : 0) + 4;
	return MHD_YES;
}

static bool prefers_english(const char *al)
{
	if (!al)
		return false;
	while (*al == ' ')
		al++;
	return (al[0] == 'e' || al[0] == 'E') && (al[1] == 'n' || al[1] == 'N');
}

static void process(app_t *app, conn_ctx_t *cx, struct MHD_Connection *conn)
{
	req_t *r = &cx->r;
	store_write_fault_clear(); /* an earlier request's on this thread is not this one's */
	if (cx->up) {
		/* route, access and media type were settled on the first call */
		if (upload_finish(cx->up, r))
			r->route->handler(r);
		/* an unstored temporary file is gone before the answer leaves */
		r->upload = NULL;
		upload_free(cx->up);
		cx->up = NULL;
		if (!r->replied) {
			log_msg("error", r->request_id, "handler for %s gave no answer", r->route->pattern);
			reply_problem(r, E_INTERNAL, NULL, NULL, NULL);
		}
		return;
	}
	/* the route first, so that a 431, 413 or 405 is counted under it */
	char allow[64];
	match_t m = routes_match(cx->method, cx->path, r, allow, sizeof allow);
	if (m == MATCH_NO_METHOD)
		cx->path_route = routes_for_path(cx->path);
	if (cx->headers_too_large) {
		reply_problem(r, E_HEADERS_TOO_LARGE, NULL, NULL, NULL);
		return;
	}
	if (cx->too_large) {
		char zh[128], en[128];
		snprintf(zh, sizeof zh, "请求体不能超过 %zu 字节", app->cfg.max_body_bytes);
		snprintf(en, sizeof en, "the body may be at most %zu bytes", app->cfg.max_body_bytes);
		reply_problem(r, E_BODY_TOO_LARGE, zh, en, NULL);
		return;
	}
	const char *bad = NULL;
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, find_bad_utf8, &bad);
	if (bad) {
		errs_t e = ERRS_INIT;
		errs_add(&e, bad, "invalid_utf8", "查询参数不是有效的 UTF-8 文本",
			 "the query parameter is not valid UTF-8");
		reply_errors(r, E_BAD_REQUEST, &e);
		errs_clear(&e);
		return;
	}
	if (m == MATCH_NO_PATH) {
		reply_problem(r, E_NO_ROUTE, NULL, NULL, NULL);
		return;
	}
	if (m == MATCH_NO_METHOD) {
		reply_header(r, "Allow", allow);
		reply_problem(r, E_METHOD, NULL, NULL, NULL);
		return;
	}
	/* while the database is down, API calls are answered 503 at once (each
	 * such request tries to reach it again, so service resumes by itself) */
	if ((strncmp(cx->path, "/api/", 5) == 0 || strncmp(cx->path, "/open311/", 9) == 0) &&
	    store_unavailable(app->store) && !store_ping(app->store)) {
		reply_problem(r, E_UNAVAILABLE, NULL, NULL, NULL);
		return;
	}
	/* this thread's database connection, made on its first API request: when it
	 * cannot be made (the server refuses more clients, or is gone), 503 now,
	 * before any handler reads through a connection that is not there */
	if ((strncmp(cx->path, "/api/", 5) == 0 || strncmp(cx->path, "/open311/", 9) == 0) &&
	    !store_reader(app->store)) {
		reply_problem(r, E_UNAVAILABLE, NULL, NULL, NULL);
		return;
	}
	if (!auth_check(r))
		return;
	if (cx->body_len > 0 && r->route->form) {
		r->raw_body = cx->body;
		r->raw_len = cx->body_len;
	} else if (cx->body_len > 0) {
		const char *ct = req_header(r, "Content-Type");
		/* "application/json" alone or with parameters; not application/jsonp and the like */
		if (!ct || strncasecmp(ct, "application/json", 16) != 0 ||
		    (ct[16] && ct[16] != ';' && ct[16] != ' ')) {
			reply_problem(r, E_UNSUPPORTED_MEDIA, "请求体须为 application/json",
				      "the body must be application/json", NULL);
			return;
		}
		prescan_t ps =
		    json_prescan(cx->body, cx->body_len, app->cfg.max_json_depth, app->cfg.max_json_fields);
		if (ps != PRESCAN_OK) {
			reply_problem(r, ps == PRESCAN_TOO_DEEP ? E_TOO_DEEP : E_TOO_MANY_FIELDS, NULL, NULL,
				      NULL);
			return;
		}
		json_error_t jerr;
		r->body = json_loadb(cx->body, cx->body_len, JSON_REJECT_DUPLICATES, &jerr);
		if (!r->body) {
			char zh[300], en[300];
			snprintf(zh, sizeof zh, "JSON 第 %d 行第 %d 列：%s", jerr.line, jerr.column,
				 jerr.text);
			snprintf(en, sizeof en, "JSON line %d column %d: %s", jerr.line, jerr.column,
				 jerr.text);
			reply_problem(r, E_MALFORMED_JSON, zh, en, NULL);
			return;
		}
		r->raw_body = cx->body;
		r->raw_len = cx->body_len;
	}
	r->route->handler(r);
	if (!r->replied) {
		log_msg("error", r->request_id, "handler for %s gave no answer", r->route->pattern);
		reply_problem(r, E_INTERNAL, NULL, NULL, NULL);
	}
}

static ssize_t no_body(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)cls;
	(void)pos;
	(void)buf;
	(void)max;
	return MHD_CONTENT_READER_END_OF_STREAM;
}

/* A streamed answer (req_t's resp_stream) as libmicrohttpd reads it. */
typedef struct {
	void *cls;
	ssize_t (*read)(void *stream, void *buf, size_t max);
	void (*close)(void *stream);
} stream_t;

#define STREAM_BLOCK (64 * 1024)

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)pos; /* asked for in order: the length is known, so no range is served */
	stream_t *sm = cls;
	ssize_t n = sm->read(sm->cls, buf, max);
	return n > 0 ? n : n == 0 ? MHD_CONTENT_READER_END_OF_STREAM : MHD_CONTENT_READER_END_WITH_ERROR;
}

static void stream_free(void *cls)
{
	stream_t *sm = cls;
	sm->close(sm->cls);
	free(sm);
}

static enum MHD_Result send_reply(struct MHD_Connection *conn, conn_ctx_t *cx)
{
	req_t *r = &cx->r;
	struct MHD_Response *resp;
	if (r->status == 304 && !r->resp_stream) {
		/* RFC 9110 §15.4.5: a 304 has no body, and a Content-Length, if any,
		 * must be the 200's. libmicrohttpd 0.9.75 writes "Content-Length: 0"
		 * for every sized response (MHD_RF_INSANITY_HEADER_CONTENT_LENGTH only
		 * adds ours beside it) and chunks an unsized one, except in its
		 * HTTP/1.0-only mode, which sends neither and closes the connection
		 * after the answer: the price of a correct 304 on this version. */
		free(r->resp_body);
		resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64, no_body, NULL, NULL);
		if (!resp ||
		    MHD_set_response_options(resp, MHD_RF_HTTP_VERSION_1_0_ONLY, MHD_RO_END) != MHD_YES) {
			if (resp)
				MHD_destroy_response(resp);
			r->resp_body = NULL;
			return MHD_NO;
		}
	} else if (r->resp_stream) {
		/* the response owns the stream from here on */
		stream_t *sm = xmalloc(sizeof *sm);
		*sm = (stream_t){r->resp_stream, r->resp_read, r->resp_close};
		r->resp_stream = NULL;
		resp = MHD_create_response_from_callback(r->resp_stream_len, STREAM_BLOCK, stream_read, sm,
							 stream_free);
		if (!resp) {
			stream_free(sm);
			return MHD_NO;
		}
	} else {
		resp = MHD_create_response_from_buffer(r->resp_len, r->resp_body, MHD_RESPMEM_MUST_FREE);
	}
	r->resp_body = NULL;
	if (r->content_type)
		MHD_add_response_header(resp, "Content-Type", r->content_type);
	MHD_add_response_header(resp, "X-Request-Id", r->request_id);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	/* Case, file and task ids are in our URLs: no Referer ever leaves with them,
	 * to another site or ours (nothing here reads Referer; CSRF is a token). */
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	bool has_cache = false;
	for (int i = 0; i < r->nresp_headers; i++) {
		MHD_add_response_header(resp, r->resp_headers[i][0], r->resp_headers[i][1]);
		if (strcasecmp(r->resp_headers[i][0], "Cache-Control") == 0)
			has_cache = true;
	}
	if (!has_cache)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static void log_request(conn_ctx_t *cx, int64_t ns)
{
	req_t *r = &cx->r;
	const char *path = r->route && r->route->secret_path ? r->route->pattern : cx->path;
	/* the body's bytes as they go (gzip-coded ones counted coded): none for a 304 or a HEAD */
	long long bytes = r->resp_stream ? (long long)r->resp_stream_len : (long long)r->resp_len;
	if (r->status == 304 || strcmp(cx->method, "HEAD") == 0)
		bytes = 0;
	log_access(r->request_id, cx->method, path, r->route ? r->route->pattern : NULL, r->status,
		   (double)ns / 1e6, bytes, r->authenticated ? r->actor.id : NULL, r->error_slug,
		   r->client_addr);
}

/* Counts, logs and queues the answer. */
static enum MHD_Result finish(conn_ctx_t *cx, struct MHD_Connection *conn)
{
	reply_encode(&cx->r); /* a JSON answer gzip-coded when the client takes it */
	int64_t ns = clock_mono_ns() - cx->t0;
	metrics_observe(cx->r.route ? cx->r.route : cx->path_route, cx->method, cx->r.status, ns);
	log_request(cx, ns);
	return send_reply(conn, cx);
}

static enum MHD_Result access_handler(void *cls, struct MHD_Connection *conn, const char *url,
				      const char *method, const char *version, const char *upload_data,
				      size_t *upload_data_size, void **con_cls)
{
	app_t *app = cls;
	conn_ctx_t *cx = *con_cls;
	if (!cx || *con_cls == (void *)&nul_in_target) {
		bool nul_target = cx != NULL;
		cx = xcalloc(1, sizeof *cx);
		atomic_fetch_add(&in_flight, 1);
		*con_cls = cx;
		cx->t0 = clock_mono_ns();
		snprintf(cx->method, sizeof cx->method, "%s", method);
		cx->path = xstrdup(url);
		req_t *r = &cx->r;
		r->app = app;
		r->store = app->store;
		r->method = cx->method;
		r->path = cx->path;
		r->conn = conn;
		r->lookup = lookup;
		r->each_query = each_query;
		const char *rid = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Request-Id");
		bool rid_ok = rid && strlen(rid) >= 8 && strlen(rid) < sizeof r->request_id;
		for (const char *p = rid; rid_ok && *p; p++)
			if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
			      (*p >= 'A' && *p <= 'Z') || *p == '-'))
				rid_ok = false;
		if (rid_ok)
			snprintf(r->request_id, sizeof r->request_id, "%s", rid);
		else
			request_id_new(r->request_id);
		r->lang_en =
		    prefers_english(MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Language"));
		conns_client_addr(conn, r->client_addr, sizeof r->client_addr);
		r->via_https = conns_forwarded_https(conn);
		/* Ambiguous framing or a NUL: answered now, before any body byte is read,
		 * and the connection closed, so that nothing after it is run as a request. */
		const char *zh, *en;
		int fault = framing_check(conn, version, nul_target, &zh, &en);
		if (fault) {
			conns_request_in(conn);
			reply_problem(r, fault, zh, en, NULL);
			reply_header(r, "Connection", "close");
			return finish(cx, conn);
		}
		size_t hdr = 0;
		MHD_get_connection_values(conn, MHD_HEADER_KIND, sum_header, &hdr);
		if (hdr > app->cfg.max_header_bytes)
			cx->headers_too_large = true;
		/* Uploads stream to disk under their own limit; access is settled before any byte is kept. */
		if (!cx->headers_too_large && routes_is_upload(cx->method, cx->path)) {
			conns_headers_in(conn, true);
			cx->up = upload_start(app, r, conn);
			return cx->up ? MHD_YES : MHD_NO;
		}
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
		if (cl) {
			char *end;
			unsigned long long n = strtoull(cl, &end, 10);
			if (*end || n > app->cfg.max_body_bytes)
				cx->too_large = true;
		}
		return MHD_YES;
	}
	if (*upload_data_size && cx->up) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		return upload_feed(cx->up, upload_data, n) ? MHD_YES : MHD_NO;
	}
	if (*upload_data_size) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		if (cx->too_large || cx->headers_too_large)
			return MHD_YES;
		if (cx->body_len + n > app->cfg.max_body_bytes) {
			cx->too_large = true;
			free(cx->body);
			cx->body = NULL;
			cx->body_len = cx->body_cap = 0;
			return MHD_YES;
		}
		if (cx->body_len + n + 1 > cx->body_cap) {
			size_t cap = cx->body_cap ? cx->body_cap : 4096;
			while (cap < cx->body_len + n + 1)
				cap *= 2;
			char *b = xrealloc(cx->body, cap);
			cx->body = b;
			cx->body_cap = cap;
		}
		memcpy(cx->body + cx->body_len, upload_data, n);
		cx->body_len += n;
		cx->body[cx->body_len] = '\0';
		return MHD_YES;
	}
	conns_request_in(conn);
	store_read_hold(app->store);
	process(app, cx, conn);
	store_read_release(app->store);
	return finish(cx, conn);
}

static void request_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			      enum MHD_RequestTerminationCode toe)
{
	conn_ctx_t *cx = *con_cls;
	conns_request_done(conn);
	if (!cx || cx == (void *)&nul_in_target) {
		*con_cls = NULL;
		return;
	}
	req_t *r = &cx->r;
	for (int i = 0; i < r->nparams; i++)
		free(r->params[i].value);
	for (int i = 0; i < r->nresp_headers; i++) {
		free(r->resp_headers[i][0]);
		free(r->resp_headers[i][1]);
	}
	free(r->resp_headers);
	json_decref(r->body);
	free(r->resp_body);
	if (r->resp_stream)
		r->resp_close(r->resp_stream);
	upload_free(cx->up);
	free(cx->body);
	free(cx->path);
	free(cx);
	*con_cls = NULL;
	atomic_fetch_sub(&in_flight, 1);
}

/* Each connection is a descriptor: make room for the limit and the rest
 * (database, uploads, logs), as far as the hard limit allows. */
static void raise_fd_limit(unsigned conns)
{
	struct rlimit rl;
	rlim_t want = (rlim_t)conns + 256;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= want)
		return;
	rl.rlim_cur = rl.rlim_max != RLIM_INFINITY && rl.rlim_max < want ? rl.rlim_max : want;
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur < want)
		log_warn("open files are limited to %llu: fewer than %u connections may be served",
			 (unsigned long long)rl.rlim_cur, conns);
}

int server_run(app_t *app)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct sockaddr_in sa = {0};
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)app->cfg.port);
	if (inet_pton(AF_INET, app->cfg.host, &sa.sin_addr) != 1) {
		log_error("cannot listen on %s: not an IPv4 address", app->cfg.host);
		return 2;
	}
	if (!app->cfg.files_dir[0] &&
	    !file_dir_for_db(app->cfg.db_url, app->cfg.files_dir, sizeof app->cfg.files_dir)) {
		log_error("the file store's path is too long");
		return 2;
	}
	if (!file_dir_prepare(app->cfg.files_dir) || blob_seal_legacy(app->store, app->cfg.files_dir) < 0)
		return 1;
	if (!conns_init(&app->cfg))
		return 2;
	/* libmicrohttpd shares the total among its worker threads: at least one each */
	unsigned limit = app->cfg.max_connections;
	if (limit < (unsigned)app->cfg.threads)
		limit = (unsigned)app->cfg.threads;
	raise_fd_limit(limit);
	/* The per-address limit is conns.c's, not MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	 * which would count a load balancer as one client and cut it off. */
	struct MHD_Daemon *d = MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG,
	    (uint16_t)app->cfg.port, conns_accept, NULL, access_handler, app, MHD_OPTION_SOCK_ADDR,
	    (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)app->cfg.threads,
	    MHD_OPTION_NOTIFY_COMPLETED, request_completed, NULL, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
	    (size_t)(app->cfg.max_header_bytes * 2 + 16 * 1024), MHD_OPTION_CONNECTION_TIMEOUT,
	    (unsigned)CONNS_IDLE_S, MHD_OPTION_CONNECTION_LIMIT, limit, MHD_OPTION_NOTIFY_CONNECTION,
	    conns_notify, NULL, MHD_OPTION_URI_LOG_CALLBACK, uri_logger, NULL, MHD_OPTION_END);
	if (!d) {
		log_error("cannot listen on %s:%d", app->cfg.host, app->cfg.port);
		return 1;
	}
	if (!log_buffer_start(app->cfg.log_flush_ms))
		log_warn("the log flusher did not start: every line is written at once");
	app->ready = 1;
	jobs_start(app);
	json_t *o = json_pack("{ss ss si}", "msg", "onestop is serving", "host", app->cfg.host, "port",
			      app->cfg.port);
	log_json("info", o);
	json_decref(o);

	int sig = 0;
	while (!sig) {
		conns_sweep();
		struct timespec ts = {0, 250 * 1000000L};
		int s = sigtimedwait(&set, NULL, &ts);
		if (s == SIGTERM || s == SIGINT)
			sig = s;
	}
	log_info("signal %d: finishing in-flight requests", sig);
	app->ready = 0;
	MHD_quiesce_daemon(d);
	for (int i = 0; i < 200 && atomic_load(&in_flight) > 0; i++) {
		struct timespec ts = {0, 50 * 1000000L};
		nanosleep(&ts, NULL);
	}
	MHD_stop_daemon(d);
	jobs_stop();
	log_buffer_stop();
	log_info("stopped; closing the database");
	return 0;
}
