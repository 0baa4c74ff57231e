/* file_store.h — the SQL of domain/files: the files table and the one
 * question asked of cases (does a case the reader may see use the file?).
 * Internal to domain/files; other subsystems call file.h. */
#ifndef ONESTOP_FILES_FILE_STORE_H
#define ONESTOP_FILES_FILE_STORE_H

#include <stdbool.h>
#include "domain/files/file.h"

/* Inserts the row. DB_DONE on success. */
int file_store_insert(dbc_t *c, const file_row_t *f);
/* The plain name of a stored (sealed) files.name into out; false (out
 * empty, logged) when it does not open with this key file. */
bool file_store_name_open(const char *stored, char *out, size_t outlen);
/* Reads the row of `id` into out. DB_ROW when found, DB_DONE when not, DB_ERR on error. */
int file_store_get(dbc_t *c, const char *id, file_row_t *out);
/* The type, size and owner of `id`, its sealed name left closed (what a case checks of each
 * material it names). DB_ROW when found, DB_DONE when not, DB_ERR on error. */
int file_store_facts(dbc_t *c, const char *id, file_facts_t *out);
/* Whether a case using the file is visible to the reader: its applicant is
 * `applicant`, or it is past draft and handled by `department` (NULL: none)
 * or any department when `supervisor`. NULL applicant matches no case. */
/* Whether the file is attached to a 12345 request that `department` handles as lead or
 * co-handler (FILE_BODY), to any request when `department` is a hotline centre (FILE_HOTLINE),
 * or to any request at all (FILE_OVERSEER). */
typedef enum { FILE_BODY, FILE_HOTLINE, FILE_OVERSEER } file_complaint_reader_t;
bool file_store_complaint_sees(dbc_t *c, const char *id, const char *department, file_complaint_reader_t who);
bool file_store_case_sees(dbc_t *c, const char *id, const char *applicant, const char *department,
			  bool supervisor);

/* See file_unattached_delete (file.h). */
int64_t file_store_unattached_owner(dbc_t *c, const char *owner);
/* Removes the uploads made before `before_ms` that no case or 12345 request uses, looking at no
 * more than 5,000 uploads after the id `at` (""), in id order: attached uploads are kept for
 * ever, so a purge that read from the first each time would read them all every run. `at` moves
 * past what was looked at, and back to "" when the uploads run out. How many, < 0 on error. */
int64_t file_store_unattached_purge(dbc_t *c, int64_t before_ms, char at[FILE_ID_LEN + 1]);

#endif
