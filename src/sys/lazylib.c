/* SPDX-License-Identifier: MIT */
/* This file contains the loading of shared libraries on first use (see lazylib.h). */
#include <dlfcn.h>
#include <stdio.h>

#include "sys/lazylib.h"

int lazylib_load(const char *soname, const char *what, const char *const *names,
		 void **const *slots, size_t n)
{
	void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		fprintf(stderr, "yitihua: 无法加载 %s / cannot load %s: %s\n", what, what, dlerror());
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		*slots[i] = dlsym(lib, names[i]);
		if (!*slots[i]) {
			fprintf(stderr, "yitihua: %s 缺少 %s / %s lacks %s\n", what, names[i], what,
				names[i]);
			return -1;
		}
	}
	return 0;
}
