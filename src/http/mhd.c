/* SPDX-License-Identifier: MIT */
/* This file contains the loading of libmicrohttpd when the server starts (see mhd.h). */
#define YTH_MHD_TABLE
#include <pthread.h>
#include <stdbool.h>

#include "http/mhd.h"

struct mhd_table mhd;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static bool loaded;

#define MHD_NAME(name) #name,
#define MHD_SLOT(name) (void **)&mhd.name,

static void load(void)
{
	static const char *const names[] = {MHD_FUNCTIONS(MHD_NAME)};
	void **const slots[] = {MHD_FUNCTIONS(MHD_SLOT)};
	loaded = lazylib_load("libmicrohttpd.so.12", "libmicrohttpd", names, slots,
			      sizeof(names) / sizeof(names[0])) == 0;
}

int http_mhd_load(void)
{
	pthread_once(&once, load);
	return loaded ? 0 : -1;
}
