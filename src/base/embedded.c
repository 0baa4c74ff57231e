/* embedded.c — lookup in the tables that tools/embed.c generates. */
#include "base/embedded.h"
#include <string.h>

const embedded_file_t *embedded_find(const embedded_file_t *table, const char *name)
{
	for (const embedded_file_t *f = table; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}
