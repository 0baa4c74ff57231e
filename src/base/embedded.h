/* embedded.h — files compiled into the binary (tools/embed.c): SQL
 * migrations, demo data, the calendar notices and the web assets. */
#ifndef ONESTOP_EMBEDDED_H
#define ONESTOP_EMBEDDED_H

#include <stddef.h>

typedef struct {
	const char *name;            /* path relative to its root, e.g. "0001_init.sql" */
	const unsigned char *data;   /* NUL-terminated after len bytes */
	size_t len;
} embedded_file_t;

extern const embedded_file_t embedded_sql[];
extern const embedded_file_t embedded_data[];
extern const embedded_file_t embedded_web[];

/* Finds a file by name in a table; NULL when absent. */
const embedded_file_t *embedded_find(const embedded_file_t *table, const char *name);

#endif
