/* problems.c — GET /problems/{slug}: the page a problem's `type` URI names
 * (RFC 9457 §3.1.1), generated from the registry (api/problem.c): its title,
 * HTTP status, and what it means and what to do, in Chinese and English.
 * The text is the registry's own (no user input), so it is written as is. */
#include "api/api.h"
#include "base/mem.h"
#include <stdio.h>
#include <stdlib.h>

void api_problem_page(req_t *r)
{
	const problem_info_t *p = problem_by_slug(req_param(r, "slug"));
	if (!p) {
		reply_problem(r, E_NOT_FOUND, "没有这种问题类型", "No such problem type", NULL);
		return;
	}
	static const char FMT[] =
	    "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<title>%s · %s — onestop</title>\n</head>\n<body>\n<main>\n"
	    "<h1>%s <span lang=\"en\">%s</span></h1>\n"
	    "<p>HTTP %d · <code>%s</code></p>\n"
	    "<h2>含义与处理</h2>\n<p>%s</p>\n"
	    "<h2 lang=\"en\">What it means and what to do</h2>\n<p lang=\"en\">%s</p>\n"
	    "<p>出错的应答中的 <code>request_id</code> 可帮助运维人员查找原因。"
	    " <span lang=\"en\">The <code>request_id</code> of the answer helps the operators find the "
	    "cause.</span></p>\n</main>\n</body>\n</html>\n";
	int n = snprintf(NULL, 0, FMT, p->title_zh, p->title_en, p->title_zh, p->title_en, p->status, p->slug,
			 p->explain_zh, p->explain_en);
	if (n < 0) {
		reply_problem(r, E_INTERNAL, NULL, NULL, NULL);
		return;
	}
	char *html = xmalloc((size_t)n + 1);
	snprintf(html, (size_t)n + 1, FMT, p->title_zh, p->title_en, p->title_zh, p->title_en, p->status,
		 p->slug, p->explain_zh, p->explain_en);
	reply_header(r, "Content-Security-Policy",
		     "default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
	reply_header(r, "Cache-Control", "public, max-age=3600");
	reply_header(r, "Content-Language", "zh-CN, en");
	reply_raw(r, 200, "text/html; charset=utf-8", html, (size_t)n);
	free(html);
}
