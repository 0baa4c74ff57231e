/* upload.h — streamed multipart/form-data bodies for upload routes.
 *
 * An upload route (route_t.upload) is recognised on the first call of the
 * access handler. upload_start then checks who is calling, the media type
 * and the declared length before any byte is accepted; a refusal is
 * recorded as the reply (sent on the final call: no response is queued on
 * the first call) and the body is read and dropped, never kept. Otherwise
 * libmicrohttpd's post processor splits the body into parts as it arrives:
 * the `file` part goes to a file_sink_t (temporary file + SHA-256, see
 * domain/files.h), the small text parts `material` and `matter` to capped
 * buffers. upload_finish answers 413 when the file passed the upload limit
 * and 400 when the multipart body was malformed or cut short; otherwise it
 * hands the parsed form to the handler as r->upload. */
#ifndef ONESTOP_UPLOAD_H
#define ONESTOP_UPLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include "api/request.h"
#include "http/server.h"

typedef struct upload upload_t;

/* First call: matches the route (filling r->route and its path parameters)
 * and checks access, Content-Type and Content-Length; a refusal is replied on
 * r. NULL only when out of memory. */
upload_t *upload_start(app_t *app, req_t *r, void *mhd_connection);
/* Body bytes. Returns false only when the connection must be dropped. */
bool upload_feed(upload_t *u, const char *data, size_t n);
/* Final call. True when the handler should run (r->upload is set); false
 * when r has been replied already. */
bool upload_finish(upload_t *u, req_t *r);
/* Frees everything, removing a temporary file that was not stored. NULL is fine. */
void upload_free(upload_t *u);

#endif
