/* app.c — the platform's default configuration (see app.h). */
#include "api/app.h"
#include <stdio.h>
#include <string.h>

void config_defaults(config_t *c)
{
	memset(c, 0, sizeof *c);
	snprintf(c->host, sizeof c->host, "127.0.0.1");
	c->port = 8080;
	snprintf(c->db_url, sizeof c->db_url, "sqlite:var/onestop.db");
	c->threads = 16;
	c->max_header_bytes = 8 * 1024;
	c->max_body_bytes = 1024 * 1024;
	c->max_json_depth = 16;
	c->max_json_fields = 10000;
	c->job_interval_ms = 60 * 1000;
	c->log_flush_ms = 100;
	c->max_upload_bytes = 20 * 1024 * 1024;
	c->max_connections = 1024;
	c->max_per_address = 128;
	c->request_timeout_s = 30;
	c->upload_timeout_s = 600;
}
