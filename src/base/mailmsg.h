/* mailmsg.h — an Internet mail message (RFC 5322) of plain UTF-8 text:
 * From, To, Subject (RFC 2047 encoded words when it is not plain ASCII),
 * Date, Message-ID, MIME-Version and a base64 text/plain body (RFC 2045), every line
 * ended by CRLF and within 78 columns. Header injection is impossible: the
 * addresses are checked, and the subject and the body are always encoded
 * when they hold anything but printable ASCII. */
#ifndef ONESTOP_MAILMSG_H
#define ONESTOP_MAILMSG_H

#include <stdbool.h>
#include <stdint.h>

/* A plain addr-spec (local@domain) of printable ASCII without spaces, angle
 * brackets, quotes or CR/LF, at most 254 characters. */
bool mailmsg_address_ok(const char *addr);

/* The message, malloc'd; NULL when from or to is not an address. now_ms is
 * the Date (UTC); msg_id is the unique left part of the Message-ID (the
 * domain is from's). */
char *mailmsg_build(const char *from, const char *to, const char *subject, const char *body,
		    int64_t now_ms, const char *msg_id);

#endif
