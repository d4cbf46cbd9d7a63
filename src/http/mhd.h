/* SPDX-License-Identifier: MIT */
/* libmicrohttpd, loaded when the server starts (sys/lazylib.h) rather than at program start:
 * it pulls in GnuTLS and eight more libraries that no other command needs. Every call to
 * one of its functions goes through the table below; http_start() loads it first. */
#ifndef YTH_HTTP_MHD_H
#define YTH_HTTP_MHD_H

#include <microhttpd.h>

#include "sys/lazylib.h"

#define MHD_FUNCTIONS(X)                                                                     \
	X(MHD_add_response_header)                                                           \
	X(MHD_create_response_from_buffer)                                                   \
	X(MHD_create_response_from_fd)                                                       \
	X(MHD_destroy_response)                                                              \
	X(MHD_get_connection_info)                                                           \
	X(MHD_get_connection_values)                                                         \
	X(MHD_get_daemon_info)                                                               \
	X(MHD_lookup_connection_value)                                                       \
	X(MHD_queue_response)                                                                \
	X(MHD_start_daemon)                                                                  \
	X(MHD_stop_daemon)

struct mhd_table {
	MHD_FUNCTIONS(LAZYLIB_FIELD)
};
extern struct mhd_table mhd;

/* Load libmicrohttpd once. Returns 0, or -1 with the reason on stderr. */
int http_mhd_load(void);

#ifndef YTH_MHD_TABLE /* defined by http/mhd.c, which fills the table */
#define MHD_add_response_header (mhd.MHD_add_response_header)
#define MHD_create_response_from_buffer (mhd.MHD_create_response_from_buffer)
#define MHD_create_response_from_fd (mhd.MHD_create_response_from_fd)
#define MHD_destroy_response (mhd.MHD_destroy_response)
#define MHD_get_connection_info (mhd.MHD_get_connection_info)
#define MHD_get_connection_values (mhd.MHD_get_connection_values)
#define MHD_get_daemon_info (mhd.MHD_get_daemon_info)
#define MHD_lookup_connection_value (mhd.MHD_lookup_connection_value)
#define MHD_queue_response (mhd.MHD_queue_response)
#define MHD_start_daemon (mhd.MHD_start_daemon)
#define MHD_stop_daemon (mhd.MHD_stop_daemon)
#endif

#endif
