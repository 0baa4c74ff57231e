/* w3cdt.h — date-times in the W3C profile of ISO 8601 (NOTE-datetime), as
 * Open311 exchanges them: "YYYY-MM-DDThh:mm[:ss[.s…]]TZD", where the zone
 * designator TZD is "Z" or "+hh:mm"/"-hh:mm" and must be present. Pure. */
#ifndef ONESTOP_W3CDT_H
#define ONESTOP_W3CDT_H

#include <stdbool.h>
#include <stdint.h>

#define W3CDT_LEN 32 /* "YYYY-MM-DDThh:mm:ss+hh:mm" + NUL, with room */

/* Parses exactly one date-time of that form naming a real instant (years
 * 1900..9999, a real day of the month, hh ≤ 23, mm and ss ≤ 59, a zone offset
 * under 24 hours; fractions of a second up to 9 digits, kept to the
 * millisecond). Sets *utc_ms and returns true; false for anything else. */
bool w3cdt_parse(const char *s, int64_t *utc_ms);
/* Writes utc_ms as "YYYY-MM-DDThh:mm:ss+hh:mm" in the zone offset_min
 * minutes east of UTC (whole seconds, rounded down). */
void w3cdt_format(int64_t utc_ms, int offset_min, char out[W3CDT_LEN]);

#endif
