/* framing.h — what must be refused before routing, because libmicrohttpd
 * 0.9.75 lets it through: a body whose length is ambiguous (RFC 9112 §6.1:
 * Content-Length with Transfer-Encoding, Content-Length values that differ,
 * a transfer coding other than a single "chunked") and NUL bytes in the
 * request target or a header. */
#ifndef ONESTOP_FRAMING_H
#define ONESTOP_FRAMING_H

#include <microhttpd.h>
#include <stdbool.h>

/* The raw request target (MHD_OPTION_URI_LOG_CALLBACK's) has an escaped NUL. */
bool framing_target_has_nul(const char *uri);

/* 0 when the request may go on; else the problem code (E_BAD_FRAMING,
 * E_NUL_BYTE) and its reason in Chinese and English. */
int framing_check(struct MHD_Connection *conn, const char *version, bool nul_in_target, const char **zh,
		  const char **en);

#endif
