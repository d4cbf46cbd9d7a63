/* SPDX-License-Identifier: MIT */
/* The institutions area (机构): administrative divisions, policy profiles, the institution
 * tree (county bureau → township centre → village clinic), the unification checklist,
 * coverage and the area's monitors. */
#ifndef YTH_ORG_ORG_H
#define YTH_ORG_ORG_H

#include <jansson.h>
#include <stdbool.h>

#include "core/entity.h"
#include "core/error.h"

struct db;
struct principal;

/* Entity declarations (org/division.c, org/institution.c, org/checklist.c,
 * org/monitor.c, org/coverage.c). */
extern const struct entity division_entity;
extern const struct entity institution_entity;
extern const struct entity checklist_entity;
extern const struct entity alert_entity;
extern const struct entity coverage_entity;

/* Materialised path of institution ID ("/<bureau id>/<centre id>/<clinic id>/") into
 * PATH (LEN bytes). Returns DB_ONE, DB_NONE if there is no such institution, or a
 * negative db_status. */
int org_institution_path(struct db *db, const char *id, char *path, size_t len);

#endif
