/* log.c — see log.h. A line is formatted whole and written with one write(2),
 * so lines from worker threads never interleave. */
#include "base/log.h"
#include "base/mem.h"
#include "base/clock.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int quiet;

void log_set_quiet(int q) { quiet = q; }

static int is_digit(char c) { return c >= '0' && c <= '9'; }

void mask_id_number(const char *in, char *out, size_t outsz)
{
	size_t n = strlen(in);
	if (outsz == 0)
		return;
	size_t i = 0;
	for (; i < n && i + 1 < outsz; i++)
		out[i] = (n >= 8 && (i < 4 || i >= n - 4)) ? in[i] : '*';
	out[i] = '\0';
}

void mask_phone(const char *in, char *out, size_t outsz)
{
	size_t n = strlen(in);
	if (outsz == 0)
		return;
	size_t i = 0;
	for (; i < n && i + 1 < outsz; i++)
		out[i] = (n >= 7 && (i < 3 || i >= n - 4)) ? in[i] : '*';
	out[i] = '\0';
}

/* Scans for runs of digits: 17 digits + digit/X (ID), 15 digits (legacy ID),
 * 11 digits starting with 1 (mobile), 86 + such a mobile — and masks them in place. */
void mask_pii(const char *in, char *out, size_t outsz)
{
	size_t n = strlen(in);
	if (outsz == 0)
		return;
	if (n + 1 > outsz)
		n = outsz - 1;
	memcpy(out, in, n);
	out[n] = '\0';
	size_t i = 0;
	while (i < n) {
		if (!is_digit(out[i])) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < n && is_digit(out[j]))
			j++;
		size_t run = j - i;
		if (run == 17 && j < n && (out[j] == 'X' || out[j] == 'x')) {
			run = 18;
			j++;
		}
		if (run == 18 || run == 15) {
			for (size_t k = i + 4; k < i + run - 4; k++)
				out[k] = '*';
		} else if (run == 11 && out[i] == '1') {
			for (size_t k = i + 3; k < i + 7; k++)
				out[k] = '*';
		} else if (run == 13 && out[i] == '8' && out[i + 1] == '6' && out[i + 2] == '1') {
			/* a mobile number written with its country code, +86 138 1234 5678 */
			for (size_t k = i + 5; k < i + 9; k++)
				out[k] = '*';
		}
		i = j;
	}
}

static void mask_tree(json_t *v)
{
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		size_t n = json_string_length(v);
		char *m = xmalloc(n + 1);
		mask_pii(s, m, n + 1);
		if (strcmp(m, s) != 0)
			json_string_set(v, m);
		free(m);
	} else if (json_is_object(v)) {
		const char *k;
		json_t *x;
		json_object_foreach(v, k, x) mask_tree(x);
	} else if (json_is_array(v)) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x) mask_tree(x);
	}
}

void log_json(const char *level, json_t *obj)
{
	if (quiet && strcmp(level, "info") == 0)
		return;
	json_t *line = json_deep_copy(obj);
	if (!line)
		return;
	mask_tree(line);
	char ts[32];
	clock_format_iso(clock_now_ms(), ts);
	json_object_set_new(line, "ts", json_string(ts));
	json_object_set_new(line, "level", json_string(level));
	char *s = json_dumps(line, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
	json_decref(line);
	if (!s)
		return;
	size_t len = strlen(s);
	s[len] = '\n'; /* replaces the NUL; we write len+1 bytes and never read it as a string again */
	ssize_t w = write(STDERR_FILENO, s, len + 1);
	(void)w;
	free(s);
}

void log_msg(const char *level, const char *req_id, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	json_t *o = json_object();
	if (req_id)
		json_object_set_new(o, "req", json_string(req_id));
	json_object_set_new(o, "msg", json_string(msg));
	log_json(level, o);
	json_decref(o);
}

/* Appends ,"key":"escaped value" to buf; keeps within cap (a line is cut, never overrun). */
static void put_str(char *buf, size_t cap, size_t *len, const char *key, const char *v)
{
	if (!v)
		return;
	int w = snprintf(buf + *len, cap - *len, ",\"%s\":\"", key);
	if (w < 0 || (size_t)w >= cap - *len)
		return;
	*len += (size_t)w;
	for (const unsigned char *p = (const unsigned char *)v; *p && *len + 8 < cap; p++) {
		if (*p == '"' || *p == '\\') {
			buf[(*len)++] = '\\';
			buf[(*len)++] = (char)*p;
		} else if (*p < 0x20) {
			*len += (size_t)snprintf(buf + *len, cap - *len, "\\u%04x", *p);
		} else
			buf[(*len)++] = (char)*p;
	}
	if (*len + 1 < cap)
		buf[(*len)++] = '"';
}

void log_access(const char *req, const char *method, const char *path, const char *route, int status,
		double ms, const char *actor, const char *error, const char *client)
{
	if (quiet)
		return;
	char line[2048], masked[1024], ts[32];
	mask_pii(path ? path : "", masked, sizeof masked);
	clock_format_iso(clock_now_ms(), ts);
	size_t len = 0;
	int w = snprintf(line, sizeof line, "{\"ts\":\"%s\",\"level\":\"%s\"", ts,
			 status >= 500 ? "error" : "info");
	if (w < 0)
		return;
	len = (size_t)w;
	put_str(line, sizeof line, &len, "req", req);
	put_str(line, sizeof line, &len, "method", method);
	put_str(line, sizeof line, &len, "path", masked);
	put_str(line, sizeof line, &len, "route", route);
	w = snprintf(line + len, sizeof line - len, ",\"status\":%d,\"ms\":%.3f", status, ms);
	if (w > 0 && (size_t)w < sizeof line - len)
		len += (size_t)w;
	put_str(line, sizeof line, &len, "actor", actor);
	put_str(line, sizeof line, &len, "error", error);
	put_str(line, sizeof line, &len, "client", client);
	if (len + 2 > sizeof line)
		len = sizeof line - 2;
	line[len++] = '}';
	line[len++] = '\n';
	ssize_t r = write(STDERR_FILENO, line, len);
	(void)r;
}
