/* log.c — see log.h. A line is formatted whole, so lines from worker threads
 * never interleave; emit() writes them out together (see there). */
#include "base/log.h"
#include "base/thread.h"
#include "base/mem.h"
#include "base/clock.h"
#include "base/utf8.h"
#include <stdint.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

static int quiet;

/* Lines from many threads go out together, as a group commit does for writes:
 * a thread adds its line to what is pending and, unless another thread is
 * writing already, writes everything pending (its line and any added
 * meanwhile) until nothing is left. A line is thus on its way before the call
 * that logged it returns, or taken by the thread writing at that moment, and
 * under load one write(2) carries many lines instead of one each.
 * The access lines of answered requests may instead wait for a flusher thread
 * (log_buffer_start, below): at most its interval, and never past shutdown. */
enum { PENDING_CAP = 64 * 1024 };
static pthread_mutex_t out_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t out_room = PTHREAD_COND_INITIALIZER;
static char pending[PENDING_CAP], outgoing[PENDING_CAP];
static size_t pending_len;
static bool writing;
static _Atomic unsigned long long lines_logged, writes_made; /* log_counts */

static void write_all(const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(STDERR_FILENO, p, n);
		atomic_fetch_add(&writes_made, 1);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return; /* stderr gone: nothing better to do with a log line */
		p += w;
		n -= (size_t)w;
	}
}

/* With out_mu held and `writing` just set by the caller: writes what is pending, and `line` after it
 * when it did not fit (fits false), until nothing is left; then lets the next writer in. */
static void drain_locked(const char *line, size_t len, bool fits)
{
	for (;;) {
		if (pending_len > 0) {
			size_t n = pending_len;
			memcpy(outgoing, pending, n);
			pending_len = 0;
			pthread_cond_broadcast(&out_room);
			pthread_mutex_unlock(&out_mu);
			write_all(outgoing, n);
			pthread_mutex_lock(&out_mu);
		} else if (!fits) {
			/* a line longer than the buffer, after everything before it */
			fits = true;
			pthread_mutex_unlock(&out_mu);
			write_all(line, len);
			pthread_mutex_lock(&out_mu);
		} else
			break;
	}
	writing = false;
	pthread_cond_broadcast(&out_room);
}

static void emit(const char *line, size_t len)
{
	atomic_fetch_add(&lines_logged, 1);
	pthread_mutex_lock(&out_mu);
	/* full while another thread writes: wait for it to take what is pending */
	while (writing && pending_len + len > sizeof pending)
		pthread_cond_wait(&out_room, &out_mu);
	bool fits = pending_len + len <= sizeof pending;
	if (fits) {
		memcpy(pending + pending_len, line, len);
		pending_len += len;
		if (writing) {
			pthread_mutex_unlock(&out_mu);
			return;
		}
	}
	writing = true;
	drain_locked(line, len, fits);
	pthread_mutex_unlock(&out_mu);
}

/* The access lines of answered requests wait in `pending` for the flusher thread, which writes them
 * every flush_ms, or sooner once half the buffer is taken: one write(2) for hundreds of requests
 * instead of one each. A line that finds the buffer full is written by its own thread (emit), so a
 * slow disk holds requests back rather than losing lines. */
static int flush_ms;            /* 0: no flusher, each line at once */
static bool flusher_stop;
static pthread_t flusher;
static pthread_cond_t flusher_wake;

static void *flush_loop(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&out_mu);
	while (!flusher_stop) {
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		long long ns = until.tv_nsec + (long long)flush_ms * 1000000LL;
		until.tv_sec += (time_t)(ns / 1000000000LL);
		until.tv_nsec = (long)(ns % 1000000000LL);
		pthread_cond_timedwait(&flusher_wake, &out_mu, &until);
		if (pending_len > 0 && !writing) {
			writing = true;
			drain_locked(NULL, 0, true);
		}
	}
	pthread_mutex_unlock(&out_mu);
	return NULL;
}

static void emit_later(const char *line, size_t len)
{
	pthread_mutex_lock(&out_mu);
	if (flush_ms == 0 || pending_len + len > sizeof pending) {
		pthread_mutex_unlock(&out_mu);
		emit(line, len);
		return;
	}
	atomic_fetch_add(&lines_logged, 1);
	memcpy(pending + pending_len, line, len);
	pending_len += len;
	if (pending_len > sizeof pending / 2)
		pthread_cond_signal(&flusher_wake);
	pthread_mutex_unlock(&out_mu);
}

/* What waits goes out: at log_buffer_stop, and at exit whatever path the process leaves by. */
static void flush_pending(void)
{
	pthread_mutex_lock(&out_mu);
	while (writing)
		pthread_cond_wait(&out_room, &out_mu);
	if (pending_len > 0) {
		writing = true;
		drain_locked(NULL, 0, true);
	}
	pthread_mutex_unlock(&out_mu);
}

bool log_buffer_start(int ms)
{
	static bool at_exit;
	if (ms <= 0 || flush_ms > 0)
		return true; /* nothing to start: lines go out at once, or the flusher runs already */
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&flusher_wake, &ca);
	pthread_condattr_destroy(&ca);
	flusher_stop = false;
	flush_ms = ms;
	if (thread_start(&flusher, flush_loop, NULL, "onestop-log") != 0) {
		flush_ms = 0;
		pthread_cond_destroy(&flusher_wake);
		return false;
	}
	if (!at_exit)
		at_exit = atexit(flush_pending) == 0;
	return true;
}

void log_buffer_stop(void)
{
	pthread_mutex_lock(&out_mu);
	if (flush_ms == 0) {
		pthread_mutex_unlock(&out_mu);
		return;
	}
	flush_ms = 0; /* lines from now on are written at once */
	flusher_stop = true;
	pthread_cond_signal(&flusher_wake);
	pthread_mutex_unlock(&out_mu);
	pthread_join(flusher, NULL);
	pthread_cond_destroy(&flusher_wake);
	flush_pending();
}

void log_counts(unsigned long long *lines, unsigned long long *writes)
{
	*lines = atomic_load(&lines_logged);
	*writes = atomic_load(&writes_made);
}

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

/* What mask_pii takes for personal numbers (the rule is stated in log.h). */
static bool in_range2(const char *s, int lo, int hi)
{
	if (!is_digit(s[0]) || !is_digit(s[1]))
		return false;
	int v = (s[0] - '0') * 10 + (s[1] - '0');
	return v >= lo && v <= hi;
}

static bool region_lead(char c) { return c >= '1' && c <= '8'; }

/* s[0..17]: 17 digits and a digit or X, a region code and a plausible birth date. */
static bool id18_at(const char *s)
{
	for (int k = 0; k < 17; k++)
		if (!is_digit(s[k]))
			return false;
	return (is_digit(s[17]) || s[17] == 'X' || s[17] == 'x') && region_lead(s[0]) &&
	       in_range2(s + 6, 18, 20) && in_range2(s + 10, 1, 12) && in_range2(s + 12, 1, 31);
}

/* s[0..14]: the GB 11643-1989 number, birth date YYMMDD. */
static bool id15_at(const char *s)
{
	return region_lead(s[0]) && in_range2(s + 8, 1, 12) && in_range2(s + 10, 1, 31);
}

static bool mobile_lead(const char *s) { return s[0] == '1' && s[1] >= '3' && s[1] <= '9'; }

static void star(char *s, size_t from, size_t to)
{
	for (size_t k = from; k < to; k++)
		if (is_digit(s[k]))
			s[k] = '*';
}

static bool is_sep(char c) { return c == '-' || c == ' '; }

static size_t digits_from(const char *s, size_t i, size_t n)
{
	size_t j = i;
	while (j < n && is_digit(s[j]))
		j++;
	return j - i;
}

/* A mobile written in groups at s[i]: 3 digits, a separator, 4, a separator, 4, and no digit after.
 * Returns its length (13) or 0. */
static size_t grouped_mobile(const char *s, size_t i, size_t n)
{
	if (i + 13 > n || digits_from(s, i, n) != 3 || !mobile_lead(s + i) || !is_sep(s[i + 3]) ||
	    digits_from(s, i + 4, n) != 4 || !is_sep(s[i + 8]) || digits_from(s, i + 9, n) != 4)
		return 0;
	return 13;
}

/* A mobile at s[i] after a country code: 11 digits ending a run, or in groups. Masks it; returns its
 * end, or 0 when there is none. */
static size_t mask_mobile_at(char *s, size_t i, size_t n)
{
	if (grouped_mobile(s, i, n)) {
		star(s, i + 4, i + 8);
		return i + 13;
	}
	if (digits_from(s, i, n) == 11 && mobile_lead(s + i)) {
		star(s, i + 3, i + 7);
		return i + 11;
	}
	return 0;
}

static bool is_hex_letter(char c) { return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

/* Whether out[i..j) lies inside a hexadecimal identifier (a request id, a hash, a token): a run of
 * at least 12 hex digits with a letter among them. A shorter digit run there is part of it, not a
 * personal number (the caller asks only for runs too short to hold an ID number). */
static bool in_hex_word(const char *out, size_t i, size_t j, size_t n)
{
	bool letter = false;
	while (i > 0 && (is_digit(out[i - 1]) || is_hex_letter(out[i - 1])))
		letter |= is_hex_letter(out[--i]);
	while (j < n && (is_digit(out[j]) || is_hex_letter(out[j])))
		letter |= is_hex_letter(out[j++]);
	return letter && j - i >= 12;
}

/* The digit run at out[i..] (out[i-1] is not a digit): masks what it holds, returns where to go on. */
static size_t mask_run(char *out, size_t i, size_t n)
{
	size_t run = digits_from(out, i, n), j = i + run;
	if (run < 17 && in_hex_word(out, i, j, n))
		return j;
	if (run % 18 == 17 && j < n && (out[j] == 'X' || out[j] == 'x')) {
		run++;
		j++;
	}
	if (run >= 18 && run % 18 == 0) {
		/* one ID number, or several run together: each block is judged alone */
		for (size_t b = i; b < j; b += 18)
			if (id18_at(out + b))
				star(out, b + 4, b + 14);
		return j;
	}
	if (run == 15 && id15_at(out + i)) {
		star(out, i + 4, i + 11);
		return j;
	}
	if (run == 11 && mobile_lead(out + i)) {
		star(out, i + 3, i + 7);
		return j;
	}
	/* a country code run into the number (8613812345678, 008613812345678) */
	if ((run == 13 && out[i] == '8' && out[i + 1] == '6') ||
	    (run == 15 && !strncmp(out + i, "0086", 4))) {
		size_t at = i + run - 11;
		if (mobile_lead(out + at))
			star(out, at + 3, at + 7);
		return j;
	}
	/* a country code, one separator, then the number: 86 138 0013 8000, 0086-13800138000 */
	if ((run == 2 && !strncmp(out + i, "86", 2)) || (run == 4 && !strncmp(out + i, "0086", 4))) {
		if (j + 1 < n && is_sep(out[j])) {
			size_t end = mask_mobile_at(out, j + 1, n);
			if (end)
				return end;
		}
		return j;
	}
	if (run == 3) {
		size_t g = grouped_mobile(out, i, n);
		if (g) {
			star(out, i + 4, i + 8);
			return i + g;
		}
	}
	return j;
}

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
		if (is_digit(out[i]) && (i == 0 || !is_digit(out[i - 1])))
			i = mask_run(out, i, n);
		else
			i++;
	}
}

/* Copies `in` to `out` (cap bytes with the NUL) as well-formed UTF-8: a byte that does not begin a
 * valid sequence becomes the four characters \xNN. Never splits a sequence or an escape. */
static void utf8_escape(const char *in, char *out, size_t cap)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *s = (const unsigned char *)in;
	size_t n = strlen(in), i = 0, len = 0;
	if (cap == 0)
		return;
	while (i < n) {
		if (s[i] < 0x80) { /* most of a line: a byte at a time, no call */
			if (len + 1 >= cap)
				break;
			out[len++] = (char)s[i++];
			continue;
		}
		size_t at = i;
		uint32_t cp;
		if (utf8_next(s, n, &i, &cp)) {
			if (len + (i - at) >= cap)
				break;
			memcpy(out + len, s + at, i - at);
			len += i - at;
		} else {
			if (len + 4 >= cap)
				break;
			out[len++] = '\\';
			out[len++] = 'x';
			out[len++] = hex[s[i] >> 4];
			out[len++] = hex[s[i] & 15];
			i++;
		}
	}
	out[len] = '\0';
}

void mask_pii_json(json_t *v)
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
		json_object_foreach(v, k, x) mask_pii_json(x);
	} else if (json_is_array(v)) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x) mask_pii_json(x);
	}
}

void log_json(const char *level, json_t *obj)
{
	if (quiet && strcmp(level, "info") == 0)
		return;
	json_t *line = json_deep_copy(obj);
	if (!line)
		return;
	mask_pii_json(line);
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
	emit(s, len + 1);
	free(s);
}

void log_msg(const char *level, const char *req_id, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	char raw[sizeof msg], text[sizeof msg * 4];
	mask_pii(msg, raw, sizeof raw);      /* before escaping, as log_access does */
	utf8_escape(raw, text, sizeof text); /* jansson refuses a string that is not UTF-8 */
	json_t *o = json_object();
	if (req_id)
		json_object_set_new(o, "req", json_string(req_id));
	json_object_set_new(o, "msg", json_string(text));
	log_json(level, o);
	json_decref(o);
}

/* Appends the text s to buf when all of it fits below cap - 2 (room for the closing "}\n"). */
static void put_lit(char *buf, size_t cap, size_t *len, const char *s)
{
	size_t n = strlen(s);
	if (*len + n + 2 <= cap) {
		memcpy(buf + *len, s, n);
		*len += n;
	}
}

/* Appends v in decimal (and, with frac > 0, its last `frac` digits after a point: 1234 with 3 is
 * "1.234"), as put_lit does. printf's formatting costs more than the rest of the line. */
static void put_num(char *buf, size_t cap, size_t *len, long long v, int frac)
{
	char tmp[32];
	int n = 0;
	bool neg = v < 0;
	unsigned long long u = neg ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
		if (n == frac)
			tmp[n++] = '.';
	} while (u > 0 || (frac > 0 && n <= frac + 1));
	if (neg)
		tmp[n++] = '-';
	if (*len + (size_t)n + 2 > cap)
		return;
	while (n > 0)
		buf[(*len)++] = tmp[--n];
}

/* Appends ,"key":"escaped value" to buf; keeps within cap (a line is cut, never overrun). */
static void put_str(char *buf, size_t cap, size_t *len, const char *key, const char *v)
{
	if (!v || *len + strlen(key) + 6 > cap)
		return;
	put_lit(buf, cap, len, ",\"");
	put_lit(buf, cap, len, key);
	put_lit(buf, cap, len, "\":\"");
	size_t vn = strlen(v) * 4 + 1;
	char small[1024]; /* most values: no allocation on every request */
	char *clean = vn <= sizeof small ? small : xmalloc(vn);
	utf8_escape(v, clean, vn);
	for (const unsigned char *p = (const unsigned char *)clean; *p && *len + 8 < cap; p++) {
		if (*p >= 0x80) {
			/* a whole sequence or nothing: a cut line stays UTF-8 */
			size_t k = 1;
			while ((p[k] & 0xC0) == 0x80)
				k++;
			if (*len + k + 8 >= cap)
				break;
			memcpy(buf + *len, p, k);
			*len += k;
			p += k - 1;
		} else if (*p == '"' || *p == '\\') {
			buf[(*len)++] = '\\';
			buf[(*len)++] = (char)*p;
		} else if (*p < 0x20) {
			*len += (size_t)snprintf(buf + *len, cap - *len, "\\u%04x", *p);
		} else
			buf[(*len)++] = (char)*p;
	}
	if (clean != small)
		free(clean);
	if (*len + 1 < cap)
		buf[(*len)++] = '"';
}

void log_access(const char *req, const char *method, const char *path, const char *route, int status,
		double ms, long long bytes, const char *actor, const char *error, const char *client)
{
	if (quiet)
		return;
	char line[2048], esc[1024], masked[1024], ts[32];
	/* masked before escaping (a raw byte is no hex digit: 0xFE then a mobile is a mobile) and after
	 * (the text as it will be written) */
	mask_pii(path ? path : "", masked, sizeof masked);
	utf8_escape(masked, esc, sizeof esc);
	mask_pii(esc, masked, sizeof masked);
	clock_format_iso(clock_now_ms(), ts);
	size_t len = 0;
	put_lit(line, sizeof line, &len, "{\"ts\":\"");
	put_lit(line, sizeof line, &len, ts);
	put_lit(line, sizeof line, &len, status >= 500 ? "\",\"level\":\"error\"" : "\",\"level\":\"info\"");
	put_str(line, sizeof line, &len, "req", req);
	put_str(line, sizeof line, &len, "method", method);
	put_str(line, sizeof line, &len, "path", masked);
	put_str(line, sizeof line, &len, "route", route);
	put_lit(line, sizeof line, &len, ",\"status\":");
	put_num(line, sizeof line, &len, status, 0);
	put_lit(line, sizeof line, &len, ",\"ms\":");
	/* milliseconds to three places, rounded half up as printf's %.3f does for these values */
	put_num(line, sizeof line, &len, (long long)(ms * 1000.0 + 0.5), 3);
	if (bytes >= 0) {
		put_lit(line, sizeof line, &len, ",\"bytes\":");
		put_num(line, sizeof line, &len, bytes, 0);
	}
	put_str(line, sizeof line, &len, "actor", actor);
	put_str(line, sizeof line, &len, "error", error);
	put_str(line, sizeof line, &len, "client", client);
	if (len + 2 > sizeof line)
		len = sizeof line - 2;
	line[len++] = '}';
	line[len++] = '\n';
	if (status >= 500)
		emit(line, len); /* an error is seen at once, after the lines before it */
	else
		emit_later(line, len);
}
