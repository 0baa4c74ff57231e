/* setlist.c — see setlist.h. */
#include "base/setlist.h"
#include <stdio.h>
#include <string.h>

int setlist_each(const char *list, const char *what, setlist_item_fn one, char *err, size_t errlen)
{
	char buf[1024];
	if (strlen(list) >= sizeof buf) {
		snprintf(err, errlen, "%s is too long", what);
		return -1;
	}
	snprintf(buf, sizeof buf, "%s", list);
	char *save = NULL;
	for (char *t = strtok_r(buf, ", ", &save); t; t = strtok_r(NULL, ", ", &save))
		if (one(t, err, errlen) != 0)
			return -1;
	return 0;
}
