/* SPDX-License-Identifier: MIT */
/* This file contains the rules for reading division codes and names (see divcode.h). */
#include <stdio.h>
#include <string.h>

#include "core/divcode.h"

bool divcode_is(const char *code, size_t len)
{
	if (!code || strlen(code) != len)
		return false;
	for (size_t i = 0; i < len; i++)
		if (code[i] < '0' || code[i] > '9')
			return false;
	return true;
}

enum village_kind divcode_village_kind(const char *code)
{
	if (!divcode_is(code, 12))
		return VILLAGE_NONE;
	int n = (code[9] - '0') * 100 + (code[10] - '0') * 10 + (code[11] - '0');
	if (n >= 1 && n <= 199)
		return VILLAGE_RESIDENTS;
	if (n >= 200 && n <= 399)
		return VILLAGE_COMMITTEE;
	return n == 0 ? VILLAGE_NONE : VILLAGE_OTHER;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

enum township_kind divcode_township_kind(const char *name)
{
	return ends_with(name, "街道") || ends_with(name, "办事处") ? TOWNSHIP_STREET
								  : TOWNSHIP_TOWN;
}

bool divcode_county(const char *code, char out[7])
{
	if (!code || strlen(code) < 6)
		return false;
	for (int i = 0; i < 6; i++)
		if (code[i] < '0' || code[i] > '9')
			return false;
	memcpy(out, code, 6);
	out[6] = '\0';
	return true;
}

/* Longest suffixes first, so that "村民委员会" wins over "委员会". */
static const char *const suffixes[] = {
	"社区居民委员会", "村民委员会", "居民委员会", "社区居委会", "村委会", "居委会",
	"街道办事处", "办事处", "街道", "镇", "乡", "村", NULL,
};

void divcode_stem(const char *name, char *out, size_t len)
{
	snprintf(out, len, "%s", name);
	for (const char *const *s = suffixes; *s; s++) {
		size_t n = strlen(out), m = strlen(*s);
		if (n > m && strcmp(out + n - m, *s) == 0) {
			out[n - m] = '\0';
			return;
		}
	}
}

bool divcode_is_seat(const char *village_name, const char *township_name)
{
	char v[128], t[128];
	divcode_stem(village_name, v, sizeof(v));
	divcode_stem(township_name, t, sizeof(t));
	return *v && strcmp(v, t) == 0;
}

void divcode_clinic_name(const char *village_name, char *out, size_t len)
{
	char stem[128];
	divcode_stem(village_name, stem, sizeof(stem));
	snprintf(out, len, "%s村卫生室", stem);
}

void divcode_centre_name(const char *township_name, char *out, size_t len)
{
	if (divcode_township_kind(township_name) == TOWNSHIP_STREET)
		snprintf(out, len, "%s社区卫生服务中心", township_name);
	else
		snprintf(out, len, "%s卫生院", township_name);
}
