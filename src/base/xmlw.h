/* xmlw.h — a small XML writer for answers whose format asks for XML (the
 * Open311 façade): the declaration, elements and escaped text into one
 * growing buffer. Names are the caller's constants; text is escaped (& < > "
 * ') and anything XML 1.0 cannot carry — control characters other than tab,
 * newline and carriage return, U+FFFE, U+FFFF, bytes that are not UTF-8 — is
 * written as U+FFFD, so the document is always well-formed. */
#ifndef ONESTOP_XMLW_H
#define ONESTOP_XMLW_H

#include <stddef.h>

typedef struct {
	char *buf; /* owned */
	size_t len, cap;
} xmlw_t;

/* Starts a document with <?xml version="1.0" encoding="utf-8"?>. */
void xmlw_init(xmlw_t *w);
void xmlw_open(xmlw_t *w, const char *name);
void xmlw_close(xmlw_t *w, const char *name);
/* <name>text</name>, or <name/> when text is NULL or empty. */
void xmlw_elem(xmlw_t *w, const char *name, const char *text);
/* Markup written as it is: the caller's constants (tags with attributes). */
void xmlw_raw(xmlw_t *w, const char *markup);
/* Escaped character data. */
void xmlw_text(xmlw_t *w, const char *text);
/* The document (the caller frees it) and its length; w is empty afterwards. */
char *xmlw_finish(xmlw_t *w, size_t *len);

#endif
