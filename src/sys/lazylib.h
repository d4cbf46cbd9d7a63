/* SPDX-License-Identifier: MIT */
/* Shared libraries loaded when first needed rather than at program start: libpq (only for
 * PostgreSQL URLs) and libxml2 (only to read .xlsx uploads; it pulls in ICU). Every command
 * run against the embedded SQLite default starts without them. */
#ifndef YTH_SYS_LAZYLIB_H
#define YTH_SYS_LAZYLIB_H

#include <stddef.h>

/* Load SONAME and resolve each NAMES[i] into *SLOTS[i] (N of them). The library stays
 * loaded for the life of the process. Returns 0, or -1 with the reason on stderr (WHAT
 * names the library for the message). Call it once (pthread_once). */
int lazylib_load(const char *soname, const char *what, const char *const *names,
		 void **const *slots, size_t n);

/* Declare, in the file that uses library functions F1, F2...: a table `lib` of pointers
 * with their own prototypes (from the library's header) and a function `lib_load()` that
 * loads SONAME once and returns 0 or -1. Then `#define F1 (lib.F1)` routes the calls. */
#define LAZYLIB_FIELD(name) __typeof__(name) *name;
#define LAZYLIB_NAME(name) #name,
#define LAZYLIB_SLOT(name) (void **)&lib.name,

#endif
