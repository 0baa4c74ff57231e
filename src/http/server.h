/* server.h — the running platform: configuration, the HTTP daemon on
 * libmicrohttpd, and graceful shutdown. */
#ifndef ONESTOP_SERVER_H
#define ONESTOP_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include "api/app.h"
#include "store/store.h"

/* Serves until SIGTERM/SIGINT; returns the process exit code. */
int server_run(app_t *app);

#endif
