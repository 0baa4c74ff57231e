/* setlist.h — a list of settings as flags and environment variables give them:
 * "NAME=VALUE" items separated by commas or spaces ("cases=200/day,
 * uploads=1000/day"), each handed to the setting's own parser. */
#ifndef ONESTOP_SETLIST_H
#define ONESTOP_SETLIST_H

#include <stddef.h>

typedef int (*setlist_item_fn)(const char *item, char *err, size_t errlen);

/* Calls one(item) for each item of list, stopping at the first that fails (-1,
 * its message in err). `what` names the list in the message for one too long
 * (e.g. "ONESTOP_LIMITS"). 0 when every item was taken. */
int setlist_each(const char *list, const char *what, setlist_item_fn one, char *err, size_t errlen);

#endif
