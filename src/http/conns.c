/* conns.c — connection records, the per-address limit, the request deadline
 * and the client address behind trusted proxies (see conns.h).
 *
 * Closing a late connection: the sweep calls shutdown(fd, SHUT_RDWR) on its
 * socket under the table's lock. The descriptor cannot have been closed or
 * reused meanwhile: libmicrohttpd sends MHD_CONNECTION_NOTIFY_CLOSED before it
 * closes the socket, and that notification takes the same lock to unlink the
 * record. shutdown() touches no libmicrohttpd state: the worker thread that
 * owns the connection (any of the pool) sees the end of the stream in its
 * epoll set and closes the connection itself, so no thread but the owner ever
 * changes it. (MHD_suspend/resume or MHD_quiesce would not close anything.) */
#include "http/conns.h"
#include "base/log.h"
#include "base/mem.h"
#include <arpa/inet.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define MAX_TRUSTED 32
#define ADDR_LEN 64

typedef struct rec {
	struct rec *prev, *next;
	int fd;
	char addr[ADDR_LEN];
	_Atomic int64_t deadline_ns; /* 0: none (the request is being handled) */
	bool cut;
} rec_t;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static rec_t *head;
static unsigned per_address;
static int64_t request_ns, upload_ns;
static char trusted[MAX_TRUSTED][ADDR_LEN];
static int ntrusted;

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The canonical text of an IPv4 or IPv6 address; false if it is neither. */
static bool normalise(const char *s, size_t len, char out[ADDR_LEN])
{
	char buf[ADDR_LEN];
	unsigned char bin[16];
	if (len == 0 || len >= sizeof buf)
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (inet_pton(AF_INET, buf, bin) == 1)
		return inet_ntop(AF_INET, bin, out, ADDR_LEN) != NULL;
	if (inet_pton(AF_INET6, buf, bin) == 1)
		return inet_ntop(AF_INET6, bin, out, ADDR_LEN) != NULL;
	return false;
}

static bool sockaddr_text(const struct sockaddr *sa, char out[ADDR_LEN])
{
	out[0] = '\0';
	if (sa && sa->sa_family == AF_INET)
		return inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, ADDR_LEN);
	if (sa && sa->sa_family == AF_INET6)
		return inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, ADDR_LEN);
	return false;
}

static bool is_trusted(const char *addr)
{
	for (int i = 0; i < ntrusted; i++)
		if (strcmp(trusted[i], addr) == 0)
			return true;
	return false;
}

bool conns_init(const config_t *cfg)
{
	per_address = cfg->max_per_address;
	request_ns = (int64_t)cfg->request_timeout_s * 1000000000LL;
	upload_ns = (int64_t)cfg->upload_timeout_s * 1000000000LL;
	ntrusted = 0;
	const char *p = cfg->trusted_proxies;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		while (len && *p == ' ')
			p++, len--;
		while (len && p[len - 1] == ' ')
			len--;
		if (len) {
			if (ntrusted == MAX_TRUSTED || !normalise(p, len, trusted[ntrusted])) {
				log_error("--trusted-proxy: '%.*s' is not an IP address (or more than %d)",
					  (int)len, p, MAX_TRUSTED);
				return false;
			}
			ntrusted++;
		}
		p = end ? end + 1 : p + len;
		if (!end)
			break;
	}
	return true;
}

/* Connections of `addr` in the table; the caller holds the lock. */
static unsigned count_of(const char *addr)
{
	unsigned n = 0;
	for (rec_t *r = head; r; r = r->next)
		if (!r->cut && strcmp(r->addr, addr) == 0)
			n++;
	return n;
}

enum MHD_Result conns_accept(void *cls, const struct sockaddr *addr, socklen_t len)
{
	(void)cls;
	(void)len;
	char a[ADDR_LEN];
	if (!per_address || !sockaddr_text(addr, a) || is_trusted(a))
		return MHD_YES;
	pthread_mutex_lock(&mu);
	unsigned n = count_of(a);
	pthread_mutex_unlock(&mu);
	return n < per_address ? MHD_YES : MHD_NO;
}

void conns_notify(void *cls, struct MHD_Connection *c, void **socket_context,
		  enum MHD_ConnectionNotificationCode code)
{
	(void)cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *fi =
		    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		const union MHD_ConnectionInfo *ai =
		    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		rec_t *r = xcalloc(1, sizeof *r);
		r->fd = fi ? fi->connect_fd : -1;
		sockaddr_text(ai ? ai->client_addr : NULL, r->addr);
		atomic_store(&r->deadline_ns, request_ns ? now_ns() + request_ns : 0);
		pthread_mutex_lock(&mu);
		/* several workers may have passed conns_accept at once: the count here is exact */
		if (per_address && !is_trusted(r->addr) && count_of(r->addr) >= per_address && r->fd >= 0) {
			shutdown(r->fd, SHUT_RDWR);
			r->cut = true;
		}
		r->next = head;
		if (head)
			head->prev = r;
		head = r;
		pthread_mutex_unlock(&mu);
		*socket_context = r;
	} else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
		rec_t *r = *socket_context;
		if (!r)
			return;
		pthread_mutex_lock(&mu);
		if (r->prev)
			r->prev->next = r->next;
		else
			head = r->next;
		if (r->next)
			r->next->prev = r->prev;
		pthread_mutex_unlock(&mu);
		free(r);
		*socket_context = NULL;
	}
}

static rec_t *rec_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *i = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return i ? i->socket_context : NULL;
}

void conns_headers_in(struct MHD_Connection *c, bool upload)
{
	rec_t *r = rec_of(c);
	if (r && upload && atomic_load(&r->deadline_ns))
		atomic_store(&r->deadline_ns, upload_ns ? now_ns() + upload_ns : 0);
}

void conns_request_in(struct MHD_Connection *c)
{
	rec_t *r = rec_of(c);
	if (r)
		atomic_store(&r->deadline_ns, 0);
}

void conns_line_in(struct MHD_Connection *c)
{
	rec_t *r = rec_of(c);
	if (!r || !request_ns)
		return;
	int64_t d = atomic_load(&r->deadline_ns), line = now_ns() + request_ns;
	if (d && line < d)
		atomic_store(&r->deadline_ns, line);
}

void conns_request_done(struct MHD_Connection *c)
{
	rec_t *r = rec_of(c);
	/* Idle keep-alive is libmicrohttpd's to end (CONNS_IDLE_S, in its own loop, so a
	 * request sent as it ends is rarely lost); this deadline only catches a client that
	 * trickles the next request line past it. */
	if (r)
		atomic_store(&r->deadline_ns,
			     request_ns ? now_ns() + request_ns + CONNS_IDLE_S * 1000000000LL : 0);
}

int conns_sweep(void)
{
	int64_t now = now_ns();
	int n = 0;
	pthread_mutex_lock(&mu);
	for (rec_t *r = head; r; r = r->next) {
		int64_t d = atomic_load(&r->deadline_ns);
		if (r->cut || !d || now < d || r->fd < 0)
			continue;
		shutdown(r->fd, SHUT_RDWR);
		r->cut = true;
		n++;
		log_msg("info", NULL, "closed a connection from %s: no whole request within the deadline",
			r->addr);
	}
	pthread_mutex_unlock(&mu);
	return n;
}

struct xff {
	char buf[1024];
	size_t len;
};

static enum MHD_Result gather_xff(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct xff *x = cls;
	if (!value || strcasecmp(key, "X-Forwarded-For") != 0)
		return MHD_YES;
	int w = snprintf(x->buf + x->len, sizeof x->buf - x->len, "%s%s", x->len ? "," : "", value);
	if (w < 0 || (size_t)w >= sizeof x->buf - x->len)
		x->len = sizeof x->buf; /* too long: not used */
	else
		x->len += (size_t)w;
	return x->len < sizeof x->buf ? MHD_YES : MHD_NO;
}

void conns_client_addr(struct MHD_Connection *c, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ai = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char peer[ADDR_LEN];
	sockaddr_text(ai ? ai->client_addr : NULL, peer);
	snprintf(out, n, "%s", peer);
	if (!ntrusted || !is_trusted(peer))
		return;
	struct xff x = {.len = 0};
	MHD_get_connection_values(c, MHD_HEADER_KIND, gather_xff, &x);
	if (x.len == 0 || x.len >= sizeof x.buf)
		return;
	char a[ADDR_LEN];
	if (conns_forwarded_client(x.buf, a, sizeof a))
		snprintf(out, n, "%s", a);
}

bool conns_forwarded_client(const char *xff, char *out, size_t n)
{
	if (!ntrusted)
		return false; /* nobody's header counts */
	/* from the right: each trusted proxy appended the address it saw */
	size_t end = strlen(xff);
	while (end > 0) {
		size_t start = end;
		while (start > 0 && xff[start - 1] != ',')
			start--;
		const char *s = xff + start;
		size_t len = end - start;
		while (len && (*s == ' ' || *s == '\t'))
			s++, len--;
		while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
		char a[ADDR_LEN];
		if (!normalise(s, len, a))
			return false; /* not an address: keep the proxy's own */
		if (!is_trusted(a)) {
			snprintf(out, n, "%s", a);
			return true;
		}
		end = start ? start - 1 : 0;
	}
	return false;
}

bool conns_forwarded_https(struct MHD_Connection *c)
{
	if (!ntrusted)
		return false;
	const union MHD_ConnectionInfo *ai = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char peer[ADDR_LEN];
	sockaddr_text(ai ? ai->client_addr : NULL, peer);
	if (!is_trusted(peer))
		return false;
	const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-Proto");
	if (!v)
		return false;
	const char *last = strrchr(v, ',');
	last = last ? last + 1 : v;
	while (*last == ' ' || *last == '\t')
		last++;
	size_t n = strlen(last);
	while (n && (last[n - 1] == ' ' || last[n - 1] == '\t'))
		n--;
	return n == 5 && strncasecmp(last, "https", 5) == 0;
}
