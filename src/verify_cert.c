/* verify_cert.c — `onestop verify-cert`: a certificate checked offline
 * against the published keys, with no database and no network (issue 11). */
#include "verify_cert.h"
#include "base/clock.h"
#include "base/mem.h"
#include "domain/certs/cert_check.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A whole small file (at most 1 MiB) as text, or NULL. */
static char *read_small_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 20, n = 0;
	char *buf = xmalloc(cap + 1);
	n = fread(buf, 1, cap + 1, f);
	fclose(f);
	if (n > cap) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

static const char *VERIFY_CERT_HELP =
	"usage: onestop verify-cert FILE|QR-TEXT --keys KEYS.json [--revocations FILE] [--repeat N]\n\n"
	"Checks a certificate with no database and no network: FILE holds its signed JSON or the\n"
	"text of its QR code (OS1:…), or the QR text is given itself. KEYS.json is what\n"
	"GET /api/v1/keys publishes; FILE of --revocations what GET /api/v1/certificates/revocations\n"
	"publishes. Prints the answer as JSON; exit 0 when valid, 1 when not, 2 on a usage error.\n"
	"--repeat N (1 to 10000000) checks it N times and prints the verifications per second on\n"
	"standard error (make bench's offline row).\n";

int cmd_verify_cert(int argc, char **argv)
{
	const char *input = NULL, *keys_path = NULL, *rev_path = NULL;
	long repeat = 1;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--keys") && i + 1 < argc)
			keys_path = argv[++i];
		else if (!strcmp(argv[i], "--repeat") && i + 1 < argc) {
			char *end;
			repeat = strtol(argv[++i], &end, 10);
			if (*end || repeat < 1 || repeat > 10000000) {
				fputs(VERIFY_CERT_HELP, stderr);
				return 2;
			}
		}
		else if (!strcmp(argv[i], "--revocations") && i + 1 < argc)
			rev_path = argv[++i];
		else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(VERIFY_CERT_HELP, stdout);
			return 0;
		} else if (!input && argv[i][0] != '-')
			input = argv[i];
		else {
			fputs(VERIFY_CERT_HELP, stderr);
			return 2;
		}
	}
	if (!input || !keys_path) {
		fputs(VERIFY_CERT_HELP, stderr);
		return 2;
	}
	json_error_t jerr;
	json_t *keys = json_load_file(keys_path, JSON_REJECT_DUPLICATES, &jerr);
	json_t *revocations = rev_path ? json_load_file(rev_path, JSON_REJECT_DUPLICATES, &jerr) : NULL;
	if (!keys || (rev_path && !revocations)) {
		fprintf(stderr, "onestop verify-cert: %s: %s\n", !keys ? keys_path : rev_path, jerr.text);
		json_decref(keys);
		json_decref(revocations);
		return 2;
	}
	char *text = read_small_file(input);
	/* --repeat: the same whole check N times (decode, canonical form, signature), timed */
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (long n = 1; n < repeat; n++)
		json_decref(cert_verify_offline(text ? text : input, keys, revocations, clock_now_ms()));
	json_t *answer = cert_verify_offline(text ? text : input, keys, revocations, clock_now_ms());
	clock_gettime(CLOCK_MONOTONIC, &t1);
	free(text);
	if (repeat > 1) {
		double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		fprintf(stderr, "verify-cert: %ld verifications in %.3f s: %.0f verifications/s\n", repeat, s,
			s > 0 ? (double)repeat / s : 0.0);
	}
	char *out = json_dumps(answer, JSON_INDENT(2));
	printf("%s\n", out);
	const char *status = json_string_value(json_object_get(answer, "status"));
	bool valid = status && !strcmp(status, "valid");
	fprintf(stderr, "%s%s\n", valid ? "VALID 有效" : "NOT VALID 无效: ",
		valid ? "" : json_string_value(json_object_get(json_object_get(answer, "message"), "en")));
	if (!json_is_true(json_object_get(answer, "revocation_checked")))
		fprintf(stderr, "revocation NOT checked (no --revocations list given) 未核验是否已注销\n");
	free(out);
	json_decref(answer);
	json_decref(keys);
	json_decref(revocations);
	return valid ? 0 : 1;
}

