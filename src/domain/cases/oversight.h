/* oversight.h — the supervisors' overview (督查): the open cases whose
 * statutory clock is in its warning days (yellow) or past its deadline (red),
 * across every department, with the count of each per department. */
#ifndef ONESTOP_OVERSIGHT_H
#define ONESTOP_OVERSIGHT_H

#include <jansson.h>
#include "base/page.h"
#include "store/store.h"

/* A page of the overview for `colour` "red" or "yellow" (NULL: both), `limit` cases from the
 * cursor's on (page.h): {"items": [case summaries], "next_cursor", "departments": [{code,
 * name{zh,en}, red, yellow}], "total"}. Items red first, then by deadline, then by id; the counts
 * (per department, departments with none left out) and the total cover every such case, not
 * the page. Only cases whose clock runs (accepted, not finished). NULL when the cursor holds no
 * row of this list. */
json_t *oversight_cases(dbc_t *c, const char *colour, int limit, const page_cursor_t *cur);

#endif
