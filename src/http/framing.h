/* framing.h — what must be refused before routing, because libmicrohttpd
 * 0.9.75 lets it through: a body whose length is ambiguous (RFC 9112 §6.1:
 * Content-Length with Transfer-Encoding, Content-Length values that differ,
 * a transfer coding other than a single "chunked") and NUL bytes in the
 * request target or a header. */
#ifndef ONESTOP_FRAMING_H
#define ONESTOP_FRAMING_H

#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>

/* The raw request target (MHD_OPTION_URI_LOG_CALLBACK's) has an escaped NUL. */
bool framing_target_has_nul(const char *uri);

/* One header line: the key and the value with their lengths (a NUL inside
 * either is a NUL the client sent); value NULL when the line has none. */
typedef struct {
	const char *key;
	size_t key_len;
	const char *value;
	size_t value_len;
} framing_header_t;

/* The checks themselves, on the request's version ("HTTP/1.1"), whether its
 * raw target holds an escaped NUL, and its headers: 0 when the request may
 * go on; else the problem code (E_BAD_FRAMING, E_NUL_BYTE) and its reason in
 * Chinese and English. A pure function (tests/fuzz/fuzz_framing.c). */
int framing_verdict(const char *version, bool nul_in_target, const framing_header_t *h, size_t n,
		    const char **zh, const char **en);

/* framing_verdict on the connection's headers as libmicrohttpd parsed them:
 * 0 when the request may go on; else the problem code (E_BAD_FRAMING,
 * E_NUL_BYTE) and its reason in Chinese and English. */
int framing_check(struct MHD_Connection *conn, const char *version, bool nul_in_target, const char **zh,
		  const char **en);

#endif
