/* SPDX-License-Identifier: MIT */
/* This file contains the eight roles: their stored names, Chinese labels and the enum
 * that entity declarations (the user's "role" field) use. */
#include <stddef.h>
#include <string.h>

#include "auth/auth.h"

/* In bit order: role_enums[i] is the role 1 << i. */
const struct ent_enum role_enums[] = {
    {"admin", "系统管理员"}, {"county", "县卫健局"}, {"centre", "乡镇卫生院"},
    {"clinic", "村医"},      {"finance", "财务"},    {"pharmacy", "药房"},
    {"insurance", "医保"},   {"auditor", "审计"},    {NULL, NULL},
};

/* Index of a single role bit, or -1 if ROLE is not exactly one known role. */
static int role_index(unsigned role)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (role == (1u << i))
			return i;
	return -1;
}

const char *role_name(unsigned role)
{
	int i = role_index(role);
	return i < 0 ? NULL : role_enums[i].value;
}

const char *role_label(unsigned role)
{
	int i = role_index(role);
	return i < 0 ? NULL : role_enums[i].label;
}

unsigned role_parse(const char *name)
{
	if (!name)
		return 0;
	for (int i = 0; i < ROLE_COUNT; i++)
		if (strcmp(role_enums[i].value, name) == 0)
			return 1u << i;
	return 0;
}
