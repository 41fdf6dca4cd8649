/*
 * page_check.h — the "Check a text" page (GET/POST /check) and its API
 * (POST /api/v1/check): a text checked against the library for reused
 * passages (chk.h), shown as far as the viewer's rights allow.
 */
#ifndef QUIRE_PAGE_CHECK_H
#define QUIRE_PAGE_CHECK_H

#include "http.h"

/* GET /check: the form (paste a text or upload a file); signed-in users
 * only (403 otherwise). */
void page_check(void *app, http_req *req, http_res *res);

/* POST /check (CSRF): the result: the overall share, the matching papers
 * with their shares and, for the papers the viewer may open
 * (auth_can_open), the passages side by side with the words found in
 * both marked; for the others, their title and share only. */
void page_check_post(void *app, http_req *req, http_res *res);

/* POST /api/v1/check: the same as JSON (docs/openapi.json).  The text is
 * the first file of a multipart body, else the form field "text", else a
 * text/plain body; options include_quotes, include_bibliography (1/0)
 * and min_words as form fields or query parameters.  401 for anonymous
 * viewers; a browser session must send X-CSRF-Token. */
void api_check(void *app, http_req *req, http_res *res);

#endif
