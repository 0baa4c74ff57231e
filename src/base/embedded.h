/* embedded.h — files compiled into the binary (tools/embed.c): SQL
 * migrations, demo data, the calendar notices and the web assets. */
#ifndef ONESTOP_EMBEDDED_H
#define ONESTOP_EMBEDDED_H

#include <stddef.h>

typedef struct {
	const char *name;            /* path relative to its root, e.g. "0001_init.sql" */
	const unsigned char *data;   /* NUL-terminated after len bytes */
	size_t len;
	/* the web assets only (embed -z): gzip and brotli forms made at build time,
	 * NULL when not smaller (or not text), and the entity tag of the bytes */
	const unsigned char *gz;
	size_t gz_len;
	const unsigned char *br;
	size_t br_len;
	const char *etag;            /* 32 hex digits; NULL outside the web assets */
} embedded_file_t;

extern const embedded_file_t embedded_sql[];
extern const embedded_file_t embedded_data[];
extern const embedded_file_t embedded_web[];

/* Finds a file by name in a table; NULL when absent. */
const embedded_file_t *embedded_find(const embedded_file_t *table, const char *name);

#endif
