/* main.c — the command line: each command is a thin call into the layers.
 *   onestop serve [--listen HOST:PORT] [--db URL] [--demo] [--demo-history] [limits…]
 *   onestop migrate --db URL
 *   onestop seed [--demo] [--demo-history] [--synthetic N [--seed S] [--days D]] --db URL
 *   onestop audit-verify --db URL
 *   onestop backup --db sqlite:PATH --to PATH
 *   onestop copy --from URL --to URL
 *   onestop routes
 *   onestop workflow
 *   onestop inspection-verify PLAN.json
 *   onestop verify-cert FILE|QR-TEXT --keys KEYS.json [--revocations FILE]
 * Every flag has an ONESTOP_* environment variable (flags win), but for
 * --from and --to: what a command writes into is always named on its line. */
#include "base/optcheck.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/log.h"
#include "base/keystore.h"
#include "base/mem.h"
#include "base/outbound.h"
#include "domain/core/actor.h"
#include "domain/core/audit.h"
#include "domain/core/audit_checkpoint.h"
#include "domain/core/notify_senders.h"
#include "domain/core/ratelimit.h"
#include "domain/core/retention.h"
#include "domain/seed.h"
#include "domain/synth.h"
#include <unistd.h>
#include "domain/files/blob_copy.h"
#include "domain/files/blob.h"
#include "domain/inspections/draw.h"
#include "domain/registry.h"
#include "domain/stats/stats.h"
#include "domain/core/wf.h"
#include "verify_cert.h"
#include "http/routes.h"
#include "http/server.h"
#include "store/copy.h"
#include "store/store.h"
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char *USAGE =
	"onestop — 一网通办 one-stop government services\n\n"
	"usage: onestop COMMAND [options]\n\n"
	"commands:\n"
	"  serve          serve the platform (API and pages)\n"
	"  migrate        apply database migrations\n"
	"  seed           load reference data (and the demo data with --demo)\n"
	"  audit-verify   recompute the audit hash chain; name the first broken entry\n"
	"  stats-rebuild  recompute the statistics counters from the rows; report and repair any difference\n"
	"  backup         a consistent copy of a live SQLite database into a new file\n"
	"  copy           copy a whole database into an empty one (e.g. SQLite to PostgreSQL)\n"
	"  routes         print the route table\n"
	"  workflow       print the case workflow (states, transitions) as Markdown\n"
	"  inspection-verify  recompute a published inspection draw offline; say whether it matches\n"
	"  verify-cert    check a certificate offline against the published keys (no database)\n\n"
	"'onestop COMMAND --help' describes each command's options.\n";

static const char *SERVE_HELP =
	"usage: onestop serve [options]\n\n"
	"  --listen HOST:PORT     address to listen on (ONESTOP_LISTEN, default 127.0.0.1:8080)\n"
	"  --db URL               database, sqlite:PATH (ONESTOP_DB, default sqlite:var/onestop.db)\n"
	"  --demo                 load the demo data when the database is empty (ONESTOP_DEMO=1)\n"
	"  --demo-history         --demo, and six weeks of past 12345 requests in every stage, taken\n"
	"                         through the real intake and life cycle, when there are no requests yet\n"
	"                         (ONESTOP_DEMO_HISTORY=1; `make run` passes it)\n"
	"  --threads N            HTTP worker threads (ONESTOP_THREADS, default 16)\n"
	"  --max-body BYTES       JSON body limit (ONESTOP_MAX_BODY, default 1048576)\n"
	"  --max-header BYTES     header size limit (ONESTOP_MAX_HEADER, default 8192)\n"
	"  --max-upload BYTES     uploaded file limit (ONESTOP_MAX_UPLOAD, default 20971520)\n"
	"  --max-json-depth N     JSON nesting limit (ONESTOP_MAX_JSON_DEPTH, default 16)\n"
	"  --max-json-fields N    JSON member limit (ONESTOP_MAX_JSON_FIELDS, default 10000)\n"
	"  --job-interval MS      background job period (ONESTOP_JOB_INTERVAL, default 60000)\n"
	"  --log-flush MS         the access lines of answered requests wait up to MS in memory and go\n"
	"                         out together; 0 = each line at once (ONESTOP_LOG_FLUSH, default 100;\n"
	"                         warnings, errors and 5xx lines are always written at once)\n"
	"  --max-connections N    open connections in all (ONESTOP_MAX_CONNECTIONS, default 1024)\n"
	"  --max-per-address N    open connections from one client address, 0 = no limit\n"
	"                         (ONESTOP_MAX_PER_ADDRESS, default 128; trusted proxies are exempt)\n"
	"  --request-timeout S    seconds to receive a request's header and body, 0 = none\n"
	"                         (ONESTOP_REQUEST_TIMEOUT, default 30; idle keep-alive counts too)\n"
	"  --upload-timeout S     seconds to receive an upload once its header is in\n"
	"                         (ONESTOP_UPLOAD_TIMEOUT, default 600)\n"
	"  --trusted-proxy ADDR[,ADDR]  peers whose X-Forwarded-For names the client\n"
	"                         (ONESTOP_TRUSTED_PROXY, default none)\n"
	"  --public-url URL       the address citizens reach, http(s)://HOST[:PORT][/PATH]; https marks\n"
	"                         the session cookie Secure (ONESTOP_PUBLIC_URL, default none)\n"
	"  --metrics-token TOKEN  GET /metrics wants 'Authorization: Bearer TOKEN' (16 to 127 printable\n"
	"                         characters); without it /metrics is 404 (ONESTOP_METRICS_TOKEN)\n"
	"  --payment-key HEX      the payment provider's Ed25519 public key (64 hex digits): its signed\n"
	"                         notifications mark fees paid; without it they are refused\n"
	"                         (ONESTOP_PAYMENT_KEY, default none)\n"
	"  --keystore PATH        the key file, created 0600 when missing (ONESTOP_KEYSTORE, default\n"
	"                         keystore.key beside a SQLite database, var/keystore.key otherwise)\n"
	"  --checkpoints PATH     the append-only file of signed audit checkpoints (ONESTOP_CHECKPOINTS,\n"
	"                         default audit-checkpoints.jsonl beside a SQLite database, else in var/)\n"
	"  --limit NAME=N/PERIOD  an abuse limit, answered 429 with Retry-After; repeatable; N = 0:\n"
	"                         unlimited; PERIOD second, minute, hour or day (ONESTOP_LIMITS, a\n"
	"                         comma-separated list). NAME and default:\n"
	"                           cases=200/day          case creations (drafts too) per applicant\n"
	"                           cases.clerk=300/hour   the same for a window clerk\n"
	"                           uploads=1000/day       file uploads per applicant\n"
	"                           uploads.clerk=1500/hour  the same for a window clerk\n"
	"                           registrations=100/hour self-registrations per client address\n"
	"                           password_resets=30/hour  reset code requests per client address\n"
	"                           password_resets.account=5/hour  codes sent to one account's phone\n"
	"                           complaints=20/day      12345 requests per logged-in caller\n"
	"                           complaints.operator=120/hour  the same for a hotline operator\n"
	"                           complaints.anonymous=30/hour  requests without an account, per address\n"
	"                           progress=60/hour       进度查询 questions per client address\n"
	"                           ratings.by_code=30/hour  ratings with a code per client address\n"
	"  --retain NAME=DAYS     how long data is kept once past its purpose; repeatable\n"
	"                         (ONESTOP_RETENTION, a comma-separated list). NAME and default:\n"
	"                           sessions=7       days after a session expired\n"
	"                           reset_codes=1    days after a reset code was used or expired\n"
	"                           drafts=90        days after a draft case last changed\n"
	"                           messages=180     days after a read or delivered message was made\n"
	"                           uploads=30       days after an upload no case uses\n"
	"  --smtp-url URL         send messages by email to those who chose it, through this relay,\n"
	"                         smtp://HOST[:PORT] or smtps://… (ONESTOP_SMTP_URL; credentials only\n"
	"                         as ONESTOP_SMTP_USER and ONESTOP_SMTP_PASSWORD; default: no email)\n"
	"  --smtp-from ADDR       the sender address of that mail (ONESTOP_SMTP_FROM)\n"
	"  --sms-url URL          send messages by SMS through this HTTP gateway, JSON signed with\n"
	"                         ONESTOP_SMS_SECRET (ONESTOP_SMS_URL; default: no SMS)\n";

static const char *DB_HELP_FMT =
	"usage: onestop %s --db URL%s\n\n"
	"  --db URL   database, sqlite:PATH or postgresql://…\n"
	"             (ONESTOP_DB, default sqlite:var/onestop.db)\n%s";

/* a macro, so that commands can add lines to it */
#define KEYSTORE_HELP                                                                                \
	"  --keystore PATH   the key file the database's nodes run with (ONESTOP_KEYSTORE, default\n" \
	"                    keystore.key beside a SQLite database, var/keystore.key otherwise)\n"

static const char *COPY_HELP =
	"usage: onestop copy --from URL --to URL\n\n"
	"  --from URL   the database to copy (sqlite:PATH or postgresql://…); only read, in one snapshot\n"
	"  --to URL     the target: migrated, then filled; refused unless it holds no data\n"
	"  --keystore PATH  the source's key file (ONESTOP_KEYSTORE; default beside a SQLite source)\n\n"
	"Prints each table's row count, then checks the counts and the audit chain on the target.\n";

/* --from and --to (no environment variables, see above) */
static struct {
	char from[CONFIG_PATH_LEN];
	char to[CONFIG_PATH_LEN];
} cli_paths;

static bool parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

static int set_listen(config_t *c, const char *v)
{
	const char *colon = strrchr(v, ':');
	long port;
	if (!colon || colon == v || (size_t)(colon - v) >= sizeof c->host ||
	    !parse_long(colon + 1, 0, 65535, &port)) {
		fprintf(stderr, "onestop: --listen wants HOST:PORT, got '%s'\n", v);
		return -1;
	}
	snprintf(c->host, sizeof c->host, "%.*s", (int)(colon - v), v);
	c->port = (int)port;
	return 0;
}

enum {
	O_LISTEN = 1,
	O_DB,
	O_DEMO,
	O_DEMO_HISTORY,
	O_THREADS,
	O_MAX_BODY,
	O_MAX_HEADER,
	O_DEPTH,
	O_FIELDS,
	O_JOBS,
	O_MAX_UPLOAD,
	O_MAX_CONNS,
	O_PER_ADDR,
	O_REQ_TIMEOUT,
	O_UP_TIMEOUT,
	O_TRUSTED,
	O_PUBLIC_URL,
	O_METRICS_TOKEN,
	O_PAYMENT_KEY,
	O_KEYSTORE,
	O_CHECKPOINTS,
	O_LIMIT,
	O_RETAIN,
	O_LOG_FLUSH,
	O_FROM,
	O_TO,
	O_SMTP_URL,
	O_SMTP_FROM,
	O_SMS_URL,
	O_SMTP_USER,     /* the three below: environment only (a flag shows in ps) */
	O_SMTP_PASSWORD,
	O_SMS_SECRET,
	O_HELP
};
/* ALLOW() lists options as 'a' + O_x in a char array: every option must fit */
_Static_assert('a' + O_SMS_URL <= 127, "too many options for ALLOW(): widen its element type");

static int apply(config_t *c, int opt, const char *v)
{
	long n;
	switch (opt) {
	case O_LISTEN: return set_listen(c, v);
	case O_DB: snprintf(c->db_url, sizeof c->db_url, "%s", v); return 0;
	case O_KEYSTORE: snprintf(c->keystore, sizeof c->keystore, "%s", v); return 0;
	case O_CHECKPOINTS: snprintf(c->checkpoints, sizeof c->checkpoints, "%s", v); return 0;
	case O_LIMIT: {
		char err[256];
		if (ratelimit_configure_list(v, err, sizeof err) == 0)
			return 0;
		fprintf(stderr, "onestop: %s\n", err);
		return -1;
	}
	case O_RETAIN: {
		char err[256];
		if (retention_configure_list(v, err, sizeof err) == 0)
			return 0;
		fprintf(stderr, "onestop: %s\n", err);
		return -1;
	}
	case O_SMTP_URL:
	case O_SMTP_FROM:
	case O_SMS_URL:
	case O_SMTP_USER:
	case O_SMTP_PASSWORD:
	case O_SMS_SECRET: {
		static const char *const NAMES[] = {"smtp_url", "smtp_from", "sms_url",
						    "smtp_user", "smtp_password", "sms_secret"};
		char err[300];
		if (notify_configure(NAMES[opt - O_SMTP_URL], v, err, sizeof err) == 0)
			return 0;
		fprintf(stderr, "onestop: %s\n", err);
		return -1;
	}
	case O_FROM:
		snprintf(cli_paths.from, sizeof cli_paths.from, "%s", v);
		return 0;
	case O_TO:
		snprintf(cli_paths.to, sizeof cli_paths.to, "%s", v);
		return 0;
	case O_DEMO: c->demo = !v || strcmp(v, "0") != 0; return 0;
	case O_DEMO_HISTORY: c->demo_history = !v || strcmp(v, "0") != 0; return 0;
	case O_THREADS: if (!parse_long(v, 1, 256, &n)) break; c->threads = (int)n; return 0;
	case O_MAX_BODY:
		if (!parse_long(v, 1024, 1L << 30, &n))
			break;
		c->max_body_bytes = (size_t)n;
		return 0;
	case O_MAX_HEADER:
		if (!parse_long(v, 1024, 1L << 20, &n))
			break;
		c->max_header_bytes = (size_t)n;
		return 0;
	case O_LOG_FLUSH: if (!parse_long(v, 0, 1000, &n)) break; c->log_flush_ms = (int)n; return 0;
	case O_DEPTH: if (!parse_long(v, 2, 1000, &n)) break; c->max_json_depth = (int)n; return 0;
	case O_FIELDS: if (!parse_long(v, 1, 10000000, &n)) break; c->max_json_fields = n; return 0;
	case O_JOBS: if (!parse_long(v, 100, 86400000, &n)) break; c->job_interval_ms = (int)n; return 0;
	case O_MAX_UPLOAD:
		if (!parse_long(v, 1024, 1L << 36, &n))
			break;
		c->max_upload_bytes = (size_t)n;
		return 0;
	case O_MAX_CONNS:
		if (!parse_long(v, 16, 1000000, &n))
			break;
		c->max_connections = (unsigned)n;
		return 0;
	case O_PER_ADDR:
		if (!parse_long(v, 0, 1000000, &n))
			break;
		c->max_per_address = (unsigned)n;
		return 0;
	case O_REQ_TIMEOUT:
		if (!parse_long(v, 0, 86400, &n))
			break;
		c->request_timeout_s = (int)n;
		return 0;
	case O_UP_TIMEOUT:
		if (!parse_long(v, 0, 86400, &n))
			break;
		c->upload_timeout_s = (int)n;
		return 0;
	case O_TRUSTED:
		if (strlen(v) >= sizeof c->trusted_proxies)
			break;
		snprintf(c->trusted_proxies, sizeof c->trusted_proxies, "%s", v);
		return 0;
	case O_PUBLIC_URL:
		if (strlen(v) >= sizeof c->public_url || !optcheck_public_url(v)) {
			fprintf(stderr,
				"onestop: --public-url 须为 http(s) 绝对地址 / wants an absolute http(s) URL "
				"such as https://zwfw.example.gov.cn, got '%s'\n",
				v);
			return -1;
		}
		snprintf(c->public_url, sizeof c->public_url, "%s", v);
		return 0;
	case O_PAYMENT_KEY:
		if (!optcheck_hex32(v, c->payment_key)) {
			fprintf(stderr, "onestop: --payment-key 须为 64 位十六进制数（Ed25519 公钥）/ wants the "
					"provider's Ed25519 public key as 64 hex digits\n");
			return -1;
		}
		c->payment_key_set = true;
		return 0;
	case O_METRICS_TOKEN:
		if (!optcheck_token(v)) {
			fprintf(stderr,
				"onestop: --metrics-token 须为 16 至 127 个可打印字符 / wants 16 to 127 "
				"printable characters without spaces\n");
			return -1;
		}
		snprintf(c->metrics_token, sizeof c->metrics_token, "%s", v);
		return 0;
	}
	fprintf(stderr, "onestop: bad value '%s'\n", v ? v : "");
	return -1;
}

static const struct { const char *env; int opt;
} ENVS[] = {
    {"ONESTOP_LISTEN", O_LISTEN},
    {"ONESTOP_DB", O_DB},
    {"ONESTOP_DEMO", O_DEMO},
    {"ONESTOP_DEMO_HISTORY", O_DEMO_HISTORY},
    {"ONESTOP_THREADS", O_THREADS},
    {"ONESTOP_MAX_BODY", O_MAX_BODY},
    {"ONESTOP_MAX_HEADER", O_MAX_HEADER},
    {"ONESTOP_MAX_JSON_DEPTH", O_DEPTH},
    {"ONESTOP_MAX_JSON_FIELDS", O_FIELDS},
    {"ONESTOP_JOB_INTERVAL", O_JOBS},
    {"ONESTOP_MAX_UPLOAD", O_MAX_UPLOAD},
    {"ONESTOP_MAX_CONNECTIONS", O_MAX_CONNS},
    {"ONESTOP_MAX_PER_ADDRESS", O_PER_ADDR},
    {"ONESTOP_REQUEST_TIMEOUT", O_REQ_TIMEOUT},
    {"ONESTOP_UPLOAD_TIMEOUT", O_UP_TIMEOUT},
    {"ONESTOP_TRUSTED_PROXY", O_TRUSTED},
    {"ONESTOP_PUBLIC_URL", O_PUBLIC_URL},
    {"ONESTOP_METRICS_TOKEN", O_METRICS_TOKEN},
    {"ONESTOP_PAYMENT_KEY", O_PAYMENT_KEY},
    {"ONESTOP_KEYSTORE", O_KEYSTORE},
    {"ONESTOP_CHECKPOINTS", O_CHECKPOINTS},
    {"ONESTOP_LIMITS", O_LIMIT},
    {"ONESTOP_RETENTION", O_RETAIN},
    {"ONESTOP_LOG_FLUSH", O_LOG_FLUSH},
    {"ONESTOP_SMTP_URL", O_SMTP_URL},
    {"ONESTOP_SMTP_FROM", O_SMTP_FROM},
    {"ONESTOP_SMTP_USER", O_SMTP_USER},
    {"ONESTOP_SMTP_PASSWORD", O_SMTP_PASSWORD},
    {"ONESTOP_SMS_URL", O_SMS_URL},
    {"ONESTOP_SMS_SECRET", O_SMS_SECRET},
};

static const struct option LONGOPTS[] = {
    {"listen", required_argument, NULL, O_LISTEN},
    {"db", required_argument, NULL, O_DB},
    {"demo", no_argument, NULL, O_DEMO},
    {"demo-history", no_argument, NULL, O_DEMO_HISTORY},
    {"threads", required_argument, NULL, O_THREADS},
    {"max-body", required_argument, NULL, O_MAX_BODY},
    {"max-header", required_argument, NULL, O_MAX_HEADER},
    {"max-json-depth", required_argument, NULL, O_DEPTH},
    {"max-json-fields", required_argument, NULL, O_FIELDS},
    {"job-interval", required_argument, NULL, O_JOBS},
    {"max-upload", required_argument, NULL, O_MAX_UPLOAD},
    {"max-connections", required_argument, NULL, O_MAX_CONNS},
    {"max-per-address", required_argument, NULL, O_PER_ADDR},
    {"request-timeout", required_argument, NULL, O_REQ_TIMEOUT},
    {"upload-timeout", required_argument, NULL, O_UP_TIMEOUT},
    {"trusted-proxy", required_argument, NULL, O_TRUSTED},
    {"public-url", required_argument, NULL, O_PUBLIC_URL},
    {"metrics-token", required_argument, NULL, O_METRICS_TOKEN},
    {"payment-key", required_argument, NULL, O_PAYMENT_KEY},
    {"keystore", required_argument, NULL, O_KEYSTORE},
    {"checkpoints", required_argument, NULL, O_CHECKPOINTS},
    {"limit", required_argument, NULL, O_LIMIT},
    {"retain", required_argument, NULL, O_RETAIN},
    {"log-flush", required_argument, NULL, O_LOG_FLUSH},
    {"from", required_argument, NULL, O_FROM},
    {"to", required_argument, NULL, O_TO},
    {"smtp-url", required_argument, NULL, O_SMTP_URL},
    {"smtp-from", required_argument, NULL, O_SMTP_FROM},
    {"sms-url", required_argument, NULL, O_SMS_URL},
    {"help", no_argument, NULL, O_HELP},
    {NULL, 0, NULL, 0},
};

/* Environment first, then flags. Returns 1 for --help, -1 on error. */
static int parse_config(config_t *c, int argc, char **argv, const char *allowed)
{
	config_defaults(c);
	for (size_t i = 0; i < sizeof ENVS / sizeof ENVS[0]; i++) {
		const char *v = getenv(ENVS[i].env);
		if (v && *v && apply(c, ENVS[i].opt, v) != 0)
			return -1;
	}
	optind = 1;
	int opt;
	while ((opt = getopt_long(argc, argv, "", LONGOPTS, NULL)) != -1) {
		if (opt == O_HELP)
			return 1;
		if (opt == '?' || !strchr(allowed, (char)('a' + opt))) {
			if (opt != '?')
				fprintf(stderr, "onestop: option not accepted by this command\n");
			return -1;
		}
		if (apply(c, opt, optarg) != 0)
			return -1;
	}
	if (optind < argc) {
		fprintf(stderr, "onestop: unexpected argument '%s'\n", argv[optind]);
		return -1;
	}
	return 0;
}

static store_t *open_migrated(const config_t *c)
{
	char err[512];
	store_t *s = store_open(c->db_url, err, sizeof err);
	if (!s) {
		fprintf(stderr, "onestop: %s\n", err);
		return NULL;
	}
	int n = store_migrate(s, err, sizeof err);
	if (n < 0) {
		fprintf(stderr, "onestop: %s\n", err);
		store_close(s);
		return NULL;
	}
	if (n > 0)
		log_info("applied %d migration(s)", n);
	return s;
}

/* option letters: 'a' + O_x */
#define ALLOW(...) ((const char[]){__VA_ARGS__, 0})

/* A file beside a SQLite database (name), or var/name for another engine. */
static void beside_db(const config_t *c, const char *name, char *out, size_t n)
{
	if (strncmp(c->db_url, "sqlite:", 7) == 0) {
		const char *db = c->db_url + 7, *slash = strrchr(db, '/');
		int dir = slash ? (int)(slash - db) : 0;
		snprintf(out, n, "%.*s%s%s", dir, db, slash ? "/" : "", name);
	} else {
		mkdir("var", 0750);
		snprintf(out, n, "var/%s", name);
	}
}

/* Loads the key file (--keystore; by default `keystore.key` beside a SQLite
 * database, var/keystore.key otherwise), creating it for the commands that
 * write (serve, seed, migrate). 0, or -1 after printing why. */
static int load_keys(const config_t *c, bool create)
{
	char path[CONFIG_PATH_LEN + 32], err[CONFIG_PATH_LEN + 160];
	if (c->keystore[0])
		snprintf(path, sizeof path, "%s", c->keystore);
	else
		beside_db(c, "keystore.key", path, sizeof path);
	if (keystore_open(path, create, err, sizeof err) != 0) {
		fprintf(stderr, "onestop: %s\n", err);
		return -1;
	}
	return 0;
}

/* The demo's past, with the directory uploads are kept in (the synthetic cases' materials). */
static int demo_history(const config_t *c, store_t *st)
{
	char files[CONFIG_PATH_LEN];
	if (c->files_dir[0])
		snprintf(files, sizeof files, "%s", c->files_dir);
	else if (!file_dir_for_db(c->db_url, files, sizeof files))
		return -1;
	return file_dir_prepare(files) ? seed_demo_history(st, files) : -1;
}

static int cmd_serve(int argc, char **argv)
{
	app_t app = {0};
	int p = parse_config(&app.cfg, argc, argv,
			     ALLOW('a' + O_LISTEN, 'a' + O_DB, 'a' + O_DEMO, 'a' + O_DEMO_HISTORY,
				   'a' + O_THREADS, 'a' + O_MAX_BODY, 'a' + O_MAX_HEADER, 'a' + O_DEPTH,
				   'a' + O_FIELDS, 'a' + O_JOBS, 'a' + O_MAX_UPLOAD, 'a' + O_MAX_CONNS,
				   'a' + O_PER_ADDR, 'a' + O_REQ_TIMEOUT, 'a' + O_UP_TIMEOUT, 'a' + O_TRUSTED,
				   'a' + O_PUBLIC_URL, 'a' + O_METRICS_TOKEN, 'a' + O_PAYMENT_KEY,
				   'a' + O_KEYSTORE, 'a' + O_CHECKPOINTS, 'a' + O_LIMIT, 'a' + O_RETAIN,
				   'a' + O_SMTP_URL, 'a' + O_SMTP_FROM, 'a' + O_SMS_URL, 'a' + O_LOG_FLUSH));
	if (p) {
		fputs(SERVE_HELP, p > 0 ? stdout : stderr);
		return p > 0 ? 0 : 2;
	}
	char nerr[300] = "libcurl 初始化失败 / libcurl setup failed";
	if (outbound_setup() != 0 || notify_senders_start(nerr, sizeof nerr) != 0) {
		fprintf(stderr, "onestop: %s\n", nerr);
		return 2;
	}
	if (load_keys(&app.cfg, true) != 0)
		return 1;
	char cps[CONFIG_PATH_LEN + 32];
	if (app.cfg.checkpoints[0])
		snprintf(cps, sizeof cps, "%s", app.cfg.checkpoints);
	else
		beside_db(&app.cfg, "audit-checkpoints.jsonl", cps, sizeof cps);
	audit_checkpoint_file(cps);
	app.store = open_migrated(&app.cfg);
	if (!app.store)
		return 1;
	int rc = seed_reference(app.store);
	if (rc == 0 && (app.cfg.demo || app.cfg.demo_history) && seed_db_empty(app.store)) {
		rc = seed_demo(app.store);
		if (rc == 0)
			log_info("demo data loaded: accounts are listed in data/demo/accounts.json");
	}
	if (rc == 0 && app.cfg.demo_history)
		rc = demo_history(&app.cfg, app.store);
	if (rc != 0) {
		store_close(app.store);
		return 1;
	}
	char limits[512];
	ratelimit_describe(limits, sizeof limits);
	log_info("abuse limits (--limit): %s", limits);
	char retain[256];
	retention_describe(retain, sizeof retain);
	log_info("retention in days (--retain): %s", retain);
	fprintf(stderr, "onestop: 办事大厅 portal http://%s:%d/   工作台 workbench http://%s:%d/workbench/\n",
		app.cfg.host, app.cfg.port, app.cfg.host, app.cfg.port);
	rc = server_run(&app);
	store_close(app.store);
	return rc;
}

static int db_command(int argc, char **argv, const char *name, const char *extra_usage,
		      const char *extra_help, const char *allowed, config_t *c)
{
	int p = parse_config(c, argc, argv, allowed);
	if (p) {
		fprintf(p > 0 ? stdout : stderr, DB_HELP_FMT, name, extra_usage, extra_help);
		return p > 0 ? 0 : 2;
	}
	return -1;
}

static int cmd_migrate(int argc, char **argv)
{
	config_t c;
	int rc = db_command(argc, argv, "migrate", " [--keystore PATH]",
			    "  --keystore PATH   the key file (ONESTOP_KEYSTORE; created 0600 if missing);\n"
			    "                    migration 0013 seals older rows' personal data with it\n",
			    ALLOW('a' + O_DB, 'a' + O_KEYSTORE), &c);
	if (rc >= 0)
		return rc;
	if (load_keys(&c, true) != 0)
		return 1;
	store_t *s = open_migrated(&c);
	if (!s)
		return 1;
	store_close(s);
	printf("migrations applied\n");
	return 0;
}

static int cmd_seed(int argc, char **argv)
{
	config_t c;
	synth_opts_t so = {.seed = 1, .days = 365};
	if (!synth_args(&argc, argv, &so))
		return 2;
	int rc = db_command(argc, argv, "seed",
			    " [--demo] [--demo-history] [--synthetic N [--seed S] [--days D]]"
			    " [--keystore PATH]",
			    "  --demo     also load data/demo/ (idempotent)\n"
			    "  --demo-history  --demo, and six weeks of past 12345 requests when there\n"
			    "             are none yet (ONESTOP_DEMO_HISTORY=1)\n"
			    "  --synthetic N  --demo, and N synthetic cases over the past D days\n"
			    "             (365), filed and moved on by the domain's own functions, rated\n"
			    "             and booked in part, with 12345 requests (about N/5) and bundle\n"
			    "             cases (N/50) beside them, in batches of 500 cases a transaction;\n"
			    "             the same --seed S (1) gives the same past\n"
			    "  --keystore PATH   the key file (ONESTOP_KEYSTORE; created 0600 if missing)\n",
			    ALLOW('a' + O_DB, 'a' + O_DEMO, 'a' + O_DEMO_HISTORY, 'a' + O_KEYSTORE), &c);
	if (rc >= 0)
		return rc;
	if (load_keys(&c, true) != 0)
		return 1;
	store_t *s = open_migrated(&c);
	if (!s)
		return 1;
	rc = c.demo || c.demo_history || so.cases ? seed_demo(s) : seed_reference(s);
	if (rc == 0 && c.demo_history)
		rc = demo_history(&c, s);
	char files[CONFIG_PATH_LEN];
	if (rc == 0 && so.cases) {
		if (!file_dir_for_db(c.db_url, files, sizeof files) || !file_dir_prepare(files)) {
			fprintf(stderr, "onestop seed: no directory for the uploaded files\n");
			rc = -1;
		}
		so.files_dir = files;
		so.progress = isatty(STDERR_FILENO) ? stderr : NULL;
		synth_report_t r;
		if (rc == 0 && (rc = synth_run(s, &so, &r)) == 0)
			synth_print(stdout, &r);
	}
	store_close(s);
	if (rc == 0)
		printf("seed complete%s\n",
		       c.demo_history ? " (demo, history)" : c.demo || so.cases ? " (demo)" : "");
	return rc == 0 ? 0 : 1;
}

/* Recomputes the audit chain of an open store and prints the verdict:
 * 0 intact, 1 unreadable, 3 broken (naming the first broken entry). */
static int verify_chain(store_t *s)
{
	dbc_t *conn = store_connect(s);
	int64_t count = 0;
	char why[256] = "";
	int64_t bad = conn ? audit_verify(conn, &count, why, sizeof why) : -1;
	store_disconnect(conn);
	if (bad == 0) {
		printf("audit chain intact: %lld entries\n", (long long)count);
		return 0;
	}
	if (bad < 0) {
		fprintf(stderr, "onestop: cannot read the audit log%s%s\n", why[0] ? ": " : "", why);
		return 1;
	}
	printf("audit chain BROKEN at entry %lld: %s\n", (long long)bad, why);
	return 3;
}

/* The signed checkpoints of a file against the log: 0 all hold, 1 unreadable, 3 one does not. */
static int verify_checkpoints(store_t *s, const char *path)
{
	dbc_t *conn = store_connect(s);
	int64_t count = 0;
	char why[512] = "";
	int64_t bad = conn ? audit_checkpoint_verify(conn, path, &count, why, sizeof why) : -1;
	store_disconnect(conn);
	if (bad == 0) {
		printf("audit checkpoints hold: %lld signed checkpoints of %s\n", (long long)count, path);
		return 0;
	}
	if (bad < 0) {
		fprintf(stderr, "onestop: %s\n", why[0] ? why : "cannot read the checkpoints");
		return 1;
	}
	printf("audit checkpoint BROKEN at entry %lld: %s\n", (long long)bad, why);
	return 3;
}

static int cmd_audit_verify(int argc, char **argv)
{
	config_t c;
	int rc = db_command(argc, argv, "audit-verify", " [--keystore PATH] [--checkpoints FILE]",
			    KEYSTORE_HELP
			    "  --checkpoints FILE   also check these signed checkpoints against the log\n",
			    ALLOW('a' + O_DB, 'a' + O_KEYSTORE, 'a' + O_CHECKPOINTS), &c);
	if (rc >= 0)
		return rc;
	if (load_keys(&c, false) != 0)
		return 1;
	char err[512];
	store_t *s = store_open(c.db_url, err, sizeof err);
	if (!s) {
		fprintf(stderr, "onestop: %s\n", err);
		return 1;
	}
	rc = verify_chain(s);
	if (rc == 0 && c.checkpoints[0])
		rc = verify_checkpoints(s, c.checkpoints);
	store_close(s);
	return rc;
}

static int cmd_stats_rebuild(int argc, char **argv)
{
	config_t c;
	int rc = db_command(argc, argv, "stats-rebuild", "", "", ALLOW('a' + O_DB), &c);
	if (rc >= 0)
		return rc;
	char err[512];
	store_t *s = store_open(c.db_url, err, sizeof err);
	if (!s) {
		fprintf(stderr, "onestop: %s\n", err);
		return 1;
	}
	int n = stats_rebuild(s, stdout);
	store_close(s);
	if (n < 0) {
		fprintf(stderr, "onestop stats-rebuild: the database failed\n");
		return 1;
	}
	if (n == 0)
		printf("statistics: no difference\n");
	else
		printf("statistics: %d row(s) differed; the counters now hold the recomputed values\n", n);
	return n == 0 ? 0 : 3;
}

static int cmd_backup(int argc, char **argv)
{
	config_t c;
	int rc = db_command(argc, argv, "backup", " --to PATH",
			    "  --to PATH  the new file to write; never overwritten (the files directory\n"
			    "             beside the database is copied apart: docs/operations.md)\n",
			    ALLOW('a' + O_DB, 'a' + O_TO), &c);
	if (rc >= 0)
		return rc;
	char err[1024];
	if (!cli_paths.to[0]) {
		fprintf(stderr, "onestop backup: --to PATH is required\n");
		return 2;
	}
	if (store_check_backup(c.db_url, err, sizeof err) != 0 ||
	    store_check_exists(c.db_url, err, sizeof err)) {
		fprintf(stderr, "onestop backup: %s\n", err);
		return 1;
	}
	store_t *s = store_open(c.db_url, err, sizeof err);
	if (!s) {
		fprintf(stderr, "onestop backup: %s\n", err);
		return 1;
	}
	int64_t t0 = clock_mono_ns();
	rc = store_backup(s, cli_paths.to, err, sizeof err);
	store_close(s);
	if (rc != 0) {
		fprintf(stderr, "onestop backup: %s\n", err);
		return 1;
	}
	printf("backup written to %s in %.1f s\n", cli_paths.to, (double)(clock_mono_ns() - t0) / 1e9);
	return 0;
}

static int cmd_copy(int argc, char **argv)
{
	config_t c;
	int p = parse_config(&c, argc, argv, ALLOW('a' + O_FROM, 'a' + O_TO, 'a' + O_KEYSTORE));
	if (p) {
		fputs(COPY_HELP, p > 0 ? stdout : stderr);
		return p > 0 ? 0 : 2;
	}
	if (!cli_paths.from[0] || !cli_paths.to[0]) {
		fprintf(stderr, "onestop copy: both --from URL and --to URL are required\n");
		return 2;
	}
	if (!strcmp(cli_paths.from, cli_paths.to)) {
		fprintf(stderr, "onestop copy: --from and --to name the same database\n");
		return 2;
	}
	/* the chain is checked on the target with the source's key file (the nodes take it along) */
	snprintf(c.db_url, sizeof c.db_url, "%s", cli_paths.from);
	if (load_keys(&c, false) != 0)
		return 1;
	char err[1024];
	store_t *from = store_check_exists(cli_paths.from, err, sizeof err) == 0
			    ? store_open(cli_paths.from, err, sizeof err)
			    : NULL;
	store_t *to = from ? store_open(cli_paths.to, err, sizeof err) : NULL;
	if (!to) {
		fprintf(stderr, "onestop copy: %s\n", err);
		store_close(from);
		return 1;
	}
	size_t n;
	copy_tables(&n);
	copy_count_t *counts = xcalloc(n, sizeof *counts);
	int64_t t0 = clock_mono_ns();
	int rc = store_copy(from, to, counts, err, sizeof err);
	double secs = (double)(clock_mono_ns() - t0) / 1e9;
	int64_t total = 0;
	for (size_t i = 0; i < n; i++) {
		total += counts[i].target;
		if (rc != 0 && counts[i].source + counts[i].target == 0)
			continue; /* refused before counting: no table to show */
		if (counts[i].source == counts[i].target)
			printf("%-20s %10lld\n", counts[i].table, (long long)counts[i].target);
		else
			printf("%-20s %10lld   MISMATCH: %lld in the source\n", counts[i].table,
			       (long long)counts[i].target, (long long)counts[i].source);
	}
	if (rc != 0) {
		fprintf(stderr, "onestop copy: %s\n", err);
	} else {
		printf("copied %lld rows in %zu tables from %s to %s in %.1f s\n", (long long)total, n,
		       store_engine(from), store_engine(to), secs);
		/* the uploads' bytes: from the source's blob store into the target's */
		char from_dir[1024], to_dir[1024];
		int64_t blobs = -1;
		if (file_dir_for_db(cli_paths.from, from_dir, sizeof from_dir) &&
		    file_dir_for_db(cli_paths.to, to_dir, sizeof to_dir))
			blobs = blob_copy_all(from, from_dir, to, to_dir);
		if (blobs < 0) {
			fprintf(stderr,
				"onestop copy: the bytes of the uploaded files could not all be copied\n");
			rc = 1;
		} else {
			printf("copied the bytes of %lld uploaded file(s) into the %s blob store\n",
			       (long long)blobs, store_engine(to));
			rc = verify_chain(to);
		}
	}
	free(counts);
	store_close(from);
	store_close(to);
	return rc == 0 ? 0 : rc > 0 ? rc : 1;
}

static int cmd_routes(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	for (const route_t *r = routes_table(); r->method; r++)
		printf("%-7s %-45s %s\n", r->method, r->pattern, r->summary);
	return 0;
}

/* docs/workflow.md is exactly this output (tests/api/test_docs.py compares
 * it): every machine of the workflow engine, or the one named. */
static int cmd_workflow(int argc, char **argv)
{
	const char *only = argc > 2 ? argv[2] : NULL;
	size_t n;
	const wf_machine_t *const *ms = domain_machines(&n);
	if (only) {
		for (size_t i = 0; i < n; i++)
			if (!strcmp(ms[i]->name, only)) {
				wf_print(ms[i], stdout);
				return 0;
			}
		fprintf(stderr, "onestop workflow: no machine named %s\n", only);
		return 2;
	}
	printf("<!-- Generated by `onestop workflow` from the machines of src/domain/ (the workflow engine, "
	       "domain/core/wf.h); do not edit. Regenerate: ./onestop workflow > docs/workflow.md -->\n");
	for (size_t i = 0; i < n; i++) {
		if (i)
			printf("\n");
		wf_print(ms[i], stdout);
	}
	return 0;
}

/* Recomputes a published draw record (GET /api/v1/public/inspections/{id}/draw)
 * with no database: the seed against its commitment, the registers against
 * theirs, and the draw itself. Exit 0 when it matches, 1 when not, 2 on use. */
static int cmd_inspection_verify(int argc, char **argv)
{
	if (argc != 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs("usage: onestop inspection-verify PLAN.json\n\n"
		      "  PLAN.json  a published draw record (GET /api/v1/public/inspections/{id}/draw)\n",
		      argc == 2 ? stdout : stderr);
		return argc == 2 ? 0 : 2;
	}
	json_error_t jerr;
	json_t *rec = json_load_file(argv[1], JSON_REJECT_DUPLICATES, &jerr);
	if (!rec) {
		fprintf(stderr, "onestop inspection-verify: %s: %s\n", argv[1], jerr.text);
		return 2;
	}
	char why[DRAW_WHY];
	bool ok = draw_verify(rec, why, sizeof why);
	const char *plan = json_string_value(json_object_get(rec, "plan"));
	if (ok)
		printf("match: plan %s, %zu target(s) drawn — the draw recomputes from the revealed seed "
		       "抽取结果与公开数据重新计算一致\n",
		       plan ? plan : "?", json_array_size(json_object_get(rec, "drawn")));
	else
		printf("MISMATCH: %s 抽取结果无法由公开数据复现\n", why);
	json_decref(rec);
	return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (crypto_setup() != 0) {
		fprintf(stderr, "onestop: libsodium failed to initialise\n");
		return 1;
	}
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		fputs(USAGE, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "serve") != 0)
		log_set_quiet(1);
	argc--;
	argv++;
	if (!strcmp(cmd, "serve")) return cmd_serve(argc, argv);
	if (!strcmp(cmd, "migrate")) return cmd_migrate(argc, argv);
	if (!strcmp(cmd, "seed")) return cmd_seed(argc, argv);
	if (!strcmp(cmd, "audit-verify")) return cmd_audit_verify(argc, argv);
	if (!strcmp(cmd, "stats-rebuild")) return cmd_stats_rebuild(argc, argv);
	if (!strcmp(cmd, "backup")) return cmd_backup(argc, argv);
	if (!strcmp(cmd, "copy")) return cmd_copy(argc, argv);
	if (!strcmp(cmd, "routes")) return cmd_routes(argc, argv);
	if (!strcmp(cmd, "workflow")) return cmd_workflow(argc, argv);
	if (!strcmp(cmd, "inspection-verify")) return cmd_inspection_verify(argc, argv);
	if (!strcmp(cmd, "verify-cert")) return cmd_verify_cert(argc, argv);
	fprintf(stderr, "onestop: unknown command '%s'\n\n%s", cmd, USAGE);
	return 2;
}
