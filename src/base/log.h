/* log.h — one JSON object per line on stderr.
 *
 * Every line carries the time, level and (when there is one) the request id.
 * Personal data never reaches the log in clear: log_line masks ID numbers
 * (1101**********1234) and mobile numbers (138****5678) in every string value
 * it writes, so a careless message cannot leak them. */
#ifndef ONESTOP_LOG_H
#define ONESTOP_LOG_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* Writes `obj` (adds "ts" and "level"; masks strings) as one line; steals no reference. */
void log_json(const char *level, json_t *obj);
/* A message line: {"ts","level","req","msg"}. printf-style. */
void log_msg(const char *level, const char *req_id, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#define log_info(...) log_msg("info", NULL, __VA_ARGS__)
#define log_warn(...) log_msg("warn", NULL, __VA_ARGS__)
#define log_error(...) log_msg("error", NULL, __VA_ARGS__)
/* The per-request access line, formatted without building a JSON tree (it
 * runs on every request): {"ts","level","req","method","path","route",
 * "status","ms","bytes","actor","error","client"}. NULL members (and bytes
 * below 0) are left out; bytes is the body as it goes on the wire (after any
 * content coding); the path is masked like any other string. */
void log_access(const char *req, const char *method, const char *path, const char *route, int status,
		double ms, long long bytes, const char *actor, const char *error, const char *client);
/* Access lines of answered requests (status below 500) wait in memory up to `ms` milliseconds and go
 * out together from a thread of their own, so that a busy server does not make a system call per
 * request. Every other line is written at once, after whatever waits. Until this is called, and
 * with ms 0, each line is written at once. False when the thread cannot start (lines then go out
 * at once). log_buffer_stop writes what waits and ends the thread; so does the process's exit. */
bool log_buffer_start(int ms);
void log_buffer_stop(void);
/* Lines logged and write(2) calls made for them since the start (GET /metrics). */
void log_counts(unsigned long long *lines, unsigned long long *writes);
/* Quiet mode for tools: only warnings and errors. */
void log_set_quiet(int quiet);

/* Masking, usable for responses too. out must hold strlen(in)+1; the length never changes.
 * Masked: an ID number (17 digits and a digit or X/x, region code starting 1-8, a plausible birth
 * date: year 18xx-20xx, month 01-12, day 01-31), each of several run together; a 1989 ID number
 * (15 digits, region 1-8, plausible month and day); a mobile 1[3-9] + 9 digits that is a whole
 * digit run or written 3-4-4 with '-' or ' ', with or without 86/+86/0086 before it.
 * Left alone: every other run (timestamps, case numbers, durations, landlines), and a run shorter
 * than an ID number inside a hexadecimal identifier (12 or more hex digits with a letter: request
 * ids, hashes, tokens).
 * A request path that is not UTF-8 is written with each bad byte as \xNN, then masked. */
void mask_pii(const char *in, char *out, size_t outsz);
/* Masks every string in the tree in place, as log lines are (mask_pii). */
void mask_pii_json(json_t *v);
/* "110105194912310021" -> "1101**********0021"; other lengths are starred but the last 4. */
void mask_id_number(const char *in, char *out, size_t outsz);
/* "13812345678" -> "138****5678" */
void mask_phone(const char *in, char *out, size_t outsz);

#endif
