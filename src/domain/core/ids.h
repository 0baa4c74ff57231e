/* ids.h — named sizes of the identifiers that subsystems pass to each other
 * (buffers include the terminating NUL). Ids are 32 hex characters (16
 * random bytes); codes are the catalogue's and GB/T 2260's. */
#ifndef ONESTOP_IDS_H
#define ONESTOP_IDS_H

#define ACCOUNT_ID_LEN 40       /* account ids, "system" */
#define DEPT_CODE_LEN 32        /* department codes: "amr" */
#define REGION_CODE_LEN 16      /* GB/T 2260 division codes: "310101" */
#define MATTER_CODE_LEN 16      /* matter codes: "XK00102000" */
#define ENTITY_ID_LEN 40        /* ids of cases, tasks, files, appointments */
#define REQUEST_ID_LEN 40       /* X-Request-Id */

#endif
