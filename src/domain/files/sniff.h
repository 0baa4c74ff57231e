/* sniff.h — what an upload's bytes are, decided from the bytes alone.
 *
 * The accepted types are few (PDF, JPEG, PNG, OFD) and each is recognised by
 * its signature; the name or the declared Content-Type never counts, so a
 * text file renamed ".pdf" stays unknown. Pure functions, no I/O: the caller
 * hands in the start of the file and, for a large one, its tail. */
#ifndef ONESTOP_FILES_SNIFF_H
#define ONESTOP_FILES_SNIFF_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
	FILE_TYPE_UNKNOWN = 0,
	FILE_TYPE_PDF,
	FILE_TYPE_JPEG,
	FILE_TYPE_PNG,
	FILE_TYPE_OFD,
} file_type_t;

/* Decides the type from the bytes: PDF "%PDF-", JPEG FF D8 FF, PNG's 8-byte
 * signature, OFD = a ZIP whose entries include "OFD.xml" (found among the
 * local headers in `head`, or in the central directory in `tail`). `head` is
 * the start of the file, `tail` its last tail_len bytes and `total` its size;
 * tail may be NULL when head is the whole file. Bounded work: no more than
 * the two buffers are read. */
file_type_t file_sniff(const unsigned char *head, size_t head_len, const unsigned char *tail, size_t tail_len,
		       uint64_t total);
const char *file_type_name(file_type_t t); /* "pdf", …; "" for unknown */
const char *file_type_mime(file_type_t t); /* "application/pdf", … */
const char *file_type_ext(file_type_t t);  /* "pdf", "jpg", …; "bin" for unknown */
/* The type named "pdf", "jpeg", "png" or "ofd"; FILE_TYPE_UNKNOWN otherwise (NULL too). */
file_type_t file_type_from_name(const char *name);

#endif
