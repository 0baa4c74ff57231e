/* xlsx.h — a one-sheet Office Open XML workbook (ECMA-376, SpreadsheetML) for
 * the exports that a spreadsheet opens: rows of text and number cells,
 * strings inline (t="inlineStr", no shared-string table), packed with zipw:
 * [Content_Types].xml, _rels/.rels, xl/workbook.xml,
 * xl/_rels/workbook.xml.rels and xl/worksheets/sheet1.xml. */
#ifndef ONESTOP_XLSX_H
#define ONESTOP_XLSX_H

#include <stddef.h>
#include "base/xmlw.h"

typedef struct {
	xmlw_t sheet; /* the worksheet so far */
	char sheet_name[32];
	unsigned row, col; /* the current row (1-based, 0 before the first) and the next column (0-based) */
} xlsx_t;

/* A workbook whose one sheet is named `sheet_name` (at most 31 bytes, no []:*?/\). */
void xlsx_init(xlsx_t *x, const char *sheet_name);
/* Starts the next row; cells then fill it from column A. */
void xlsx_row(xlsx_t *x);
void xlsx_text(xlsx_t *x, const char *text);
void xlsx_int(xlsx_t *x, long long v);
/* A finite real with 17 significant digits, so it reads back equal. */
void xlsx_real(xlsx_t *x, double v);
/* An empty cell (a <c> without a value, so every row has the same columns). */
void xlsx_empty(xlsx_t *x);
/* The packed workbook (the caller frees it) and its length, NULL on failure; x is empty afterwards. */
unsigned char *xlsx_finish(xlsx_t *x, size_t *len);

#endif
