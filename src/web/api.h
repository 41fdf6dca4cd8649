/*
 * api.h — the JSON API under /api/v1 (documented in docs/openapi.json).
 *
 * The same library, store and policy as the pages, in JSON.  A client
 * authenticates with "Authorization: Bearer <token>" (`quire user token`);
 * a browser session works too, but then every request that changes
 * something must carry the session's CSRF token in an X-CSRF-Token header.
 * What a viewer may not open never appears: no "text", no file, and search
 * snippets only from the public part of the paper.
 */
#ifndef QUIRE_API_H
#define QUIRE_API_H

#include "http.h"

void api_papers(void *app, http_req *req, http_res *res);        /* GET /api/v1/papers */
void api_papers_post(void *app, http_req *req, http_res *res);   /* POST /api/v1/papers */
void api_paper(void *app, http_req *req, http_res *res);         /* GET /api/v1/papers/:id */
void api_paper_patch(void *app, http_req *req, http_res *res);   /* PATCH /api/v1/papers/:id */
void api_paper_delete(void *app, http_req *req, http_res *res);  /* DELETE /api/v1/papers/:id */
void api_paper_refs(void *app, http_req *req, http_res *res);    /* GET /api/v1/papers/:id/references */
void api_paper_ref(void *app, http_req *req, http_res *res);     /* GET /api/v1/papers/:id/references/:n */
void api_paper_file(void *app, http_req *req, http_res *res);    /* GET /api/v1/papers/:id/file */
void api_search(void *app, http_req *req, http_res *res);        /* GET /api/v1/search */
void api_me(void *app, http_req *req, http_res *res);            /* GET /api/v1/me */
void api_not_found(void *app, http_req *req, http_res *res);     /* anything else under /api/ */

#endif
