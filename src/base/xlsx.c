/* xlsx.c — see xlsx.h. */
#include "base/xlsx.h"
#include "base/zipw.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG "http://schemas.openxmlformats.org/package/2006/relationships"

void xlsx_init(xlsx_t *x, const char *sheet_name)
{
	memset(x, 0, sizeof *x);
	snprintf(x->sheet_name, sizeof x->sheet_name, "%s", sheet_name);
	xmlw_init(&x->sheet);
	xmlw_raw(&x->sheet, "<worksheet xmlns=\"" NS_MAIN "\"><sheetData>");
}

void xlsx_row(xlsx_t *x)
{
	char tag[32];
	if (x->row)
		xmlw_raw(&x->sheet, "</row>");
	x->row++;
	x->col = 0;
	snprintf(tag, sizeof tag, "<row r=\"%u\">", x->row);
	xmlw_raw(&x->sheet, tag);
}

/* Opens the next cell of the current row: <c r="B7"…, its reference in letters then digits. */
static void cell_open(xlsx_t *x, const char *type)
{
	char letters[8], tag[64];
	int n = 0;
	for (unsigned c = x->col + 1; c > 0 && n < 7; c = (c - 1) / 26)
		letters[n++] = (char)('A' + (c - 1) % 26);
	char ref[16];
	int k = 0;
	while (n > 0)
		ref[k++] = letters[--n];
	ref[k] = '\0';
	snprintf(tag, sizeof tag, "<c r=\"%s%u\"%s%s%s>", ref, x->row, type ? " t=\"" : "", type ? type : "",
		 type ? "\"" : "");
	xmlw_raw(&x->sheet, tag);
	x->col++;
}

void xlsx_text(xlsx_t *x, const char *text)
{
	cell_open(x, "inlineStr");
	xmlw_raw(&x->sheet, "<is><t xml:space=\"preserve\">");
	xmlw_text(&x->sheet, text);
	xmlw_raw(&x->sheet, "</t></is></c>");
}

static void number(xlsx_t *x, const char *v)
{
	cell_open(x, NULL);
	xmlw_raw(&x->sheet, "<v>");
	xmlw_raw(&x->sheet, v);
	xmlw_raw(&x->sheet, "</v></c>");
}

void xlsx_int(xlsx_t *x, long long v)
{
	char s[32];
	snprintf(s, sizeof s, "%lld", v);
	number(x, s);
}

void xlsx_real(xlsx_t *x, double v)
{
	char s[40];
	if (!isfinite(v)) {
		xlsx_empty(x);
		return;
	}
	snprintf(s, sizeof s, "%.17g", v);
	number(x, s);
}

void xlsx_empty(xlsx_t *x)
{
	cell_open(x, NULL);
	xmlw_raw(&x->sheet, "</c>");
}

static const char CONTENT_TYPES[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/xl/workbook.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
    "<Override PartName=\"/xl/worksheets/sheet1.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
    "</Types>";

static const char ROOT_RELS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"" NS_PKG "\">"
    "<Relationship Id=\"rId1\" Type=\"" NS_REL "/officeDocument\" Target=\"xl/workbook.xml\"/>"
    "</Relationships>";

static const char WORKBOOK_RELS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"" NS_PKG "\">"
    "<Relationship Id=\"rId1\" Type=\"" NS_REL "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "</Relationships>";

unsigned char *xlsx_finish(xlsx_t *x, size_t *len)
{
	if (x->row)
		xmlw_raw(&x->sheet, "</row>");
	xmlw_raw(&x->sheet, "</sheetData></worksheet>");
	size_t sheet_len = 0, book_len = 0;
	char *sheet = xmlw_finish(&x->sheet, &sheet_len);
	xmlw_t book;
	xmlw_init(&book);
	xmlw_raw(&book, "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\"><sheets><sheet name=\"");
	xmlw_text(&book, x->sheet_name);
	xmlw_raw(&book, "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
	char *wb = xmlw_finish(&book, &book_len);
	zipw_t z;
	zipw_init(&z);
	zipw_add(&z, "[Content_Types].xml", CONTENT_TYPES, sizeof CONTENT_TYPES - 1);
	zipw_add(&z, "_rels/.rels", ROOT_RELS, sizeof ROOT_RELS - 1);
	zipw_add(&z, "xl/workbook.xml", wb, book_len);
	zipw_add(&z, "xl/_rels/workbook.xml.rels", WORKBOOK_RELS, sizeof WORKBOOK_RELS - 1);
	zipw_add(&z, "xl/worksheets/sheet1.xml", sheet, sheet_len);
	free(sheet);
	free(wb);
	memset(x, 0, sizeof *x);
	return zipw_finish(&z, len);
}
