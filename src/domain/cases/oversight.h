/* oversight.h — the supervisors' overview (督查): the open cases whose
 * statutory clock is in its warning days (yellow) or past its deadline (red),
 * across every department, with the count of each per department. */
#ifndef ONESTOP_OVERSIGHT_H
#define ONESTOP_OVERSIGHT_H

#include <jansson.h>
#include "store/store.h"

/* At most this many cases are listed; the counts cover every one. */
#define OVERSIGHT_LIMIT 200

/* {"departments": [{code, name{zh,en}, red, yellow}], "items": [case summaries],
 * "total", "truncated"} for `colour` "red" or "yellow" (NULL: both). Counts
 * are per department, departments with none left out; items red first, then
 * by deadline. Only cases whose clock runs (accepted, not finished). */
json_t *oversight_cases(dbc_t *c, const char *colour);

#endif
