/* pages.c — THE page table. Adding a page: a row here, a GET row for its URL
 * in src/http/routes.c (handler api_web), and its file under web/. */
#include "api/web/pages.h"
#include <string.h>

static const web_page_t PAGES[] = {
	{"/", "portal/index.html"},              /* 办事大厅, the portal */
	{"/workbench/", "workbench/index.html"}, /* 工作台, the staff workbench */
	{NULL, NULL},
};

const web_page_t *web_page_at(const char *url)
{
	for (const web_page_t *p = PAGES; p->url; p++)
		if (strcmp(p->url, url) == 0)
			return p;
	return NULL;
}
