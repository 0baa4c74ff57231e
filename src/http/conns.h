/* conns.h — the connections the daemon holds: a total limit (libmicrohttpd's
 * own), a per-address limit that trusted proxies are exempt from, a deadline
 * for receiving each request's header and body (slow clients are cut), and
 * the client address behind a trusted proxy (X-Forwarded-For).
 *
 * libmicrohttpd 0.9.75 has only an idle timeout, so every connection is
 * recorded from MHD_OPTION_NOTIFY_CONNECTION (its socket context) and the
 * main thread's conns_sweep() shuts down the socket of each late one;
 * libmicrohttpd then sees the end of the stream and closes it as usual. */
#ifndef ONESTOP_CONNS_H
#define ONESTOP_CONNS_H

#include "api/app.h"
#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>

/* Reads the limits and the trusted proxies; false (logged) on a bad address. */
bool conns_init(const config_t *cfg);

/* MHD_OPTION_APPLY_POLICY: refuses an address at its limit. */
enum MHD_Result conns_accept(void *cls, const struct sockaddr *addr, socklen_t len);

/* MHD_OPTION_NOTIFY_CONNECTION: records (and forgets) connections. */
void conns_notify(void *cls, struct MHD_Connection *c, void **socket_context,
		  enum MHD_ConnectionNotificationCode code);

/* How long libmicrohttpd keeps an idle connection open (its connection timeout). */
#define CONNS_IDLE_S 60

/* The request line is in (MHD_OPTION_URI_LOG_CALLBACK): the request must be whole
 * within the request deadline from now, or sooner if an earlier deadline holds. */
void conns_line_in(struct MHD_Connection *c);
/* The request's header is in: an upload's body gets the longer upload deadline. */
void conns_headers_in(struct MHD_Connection *c, bool upload);
/* The whole request is in: no deadline while it is handled and answered. */
void conns_request_in(struct MHD_Connection *c);
/* The answer is sent: the connection is idle until the next request line. */
void conns_request_done(struct MHD_Connection *c);

/* Shuts down the connections past their deadline; returns how many. */
int conns_sweep(void);

/* The client's address: the TCP peer's, or, when the peer is a trusted proxy,
 * the right-most X-Forwarded-For address that is not itself a trusted proxy. */
void conns_client_addr(struct MHD_Connection *c, char *out, size_t n);
/* The address conns_client_addr takes from the X-Forwarded-For values of a
 * trusted proxy's request (joined by commas): the right-most one that is not
 * itself a trusted proxy, in canonical form. False when an element is not an
 * address before one is found, every one is trusted or no proxy is (the
 * peer's own address then stands). Tested by tests/fuzz/fuzz_xff.c. */
bool conns_forwarded_client(const char *xff, char *out, size_t n);

/* Whether the client came over TLS as a trusted proxy tells it: the peer is a
 * trusted proxy and the last X-Forwarded-Proto value (the nearest proxy's) is
 * "https". From any other peer the header is ignored. */
bool conns_forwarded_https(struct MHD_Connection *c);

#endif
