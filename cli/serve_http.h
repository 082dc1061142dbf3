/*
 * serve_http.h - the libmicrohttpd callbacks of serve_http.c, for cmd_serve.c to pass to
 * MHD_start_daemon (cls is the serve_conf).
 */
#ifndef TRACUU_SERVE_HTTP_H
#define TRACUU_SERVE_HTTP_H

#include "serve.h"

void *serve_on_uri(void *cls, const char *uri, struct MHD_Connection *conn);
void serve_on_done(void *cls, struct MHD_Connection *conn, void **con_cls,
                   enum MHD_RequestTerminationCode toe);
enum MHD_Result serve_on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                 const char *method, const char *version,
                                 const char *upload_data, size_t *upload_size, void **con_cls);

#endif
