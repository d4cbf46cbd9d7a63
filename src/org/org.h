/* SPDX-License-Identifier: MIT */
/* The institutions area (机构): administrative divisions, policy profiles, the institution
 * tree (county bureau → township centre → village clinic), the unification checklist,
 * coverage and the area's monitors. */
#ifndef YTH_ORG_ORG_H
#define YTH_ORG_ORG_H

#include <jansson.h>
#include <stdarg.h>
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

/* Append one alert record (alert_entity) to ALERTS: RULE cited, SEVERITY "error" /
 * "warning" / "info", TITLE (Chinese, short), the institution it is about (both may be
 * NULL), its division code (NULL: the county's) and county code, and the message formatted
 * from FMT. Every area's monitors build their alerts with it (org/monitor.c). */
void org_alert_add(json_t *alerts, const char *rule, const char *severity, const char *title,
		   const char *institution_id, const char *institution_name,
		   const char *division_code, const char *county_code, const char *fmt, ...)
	__attribute__((format(printf, 9, 10)));
void org_alert_vadd(json_t *alerts, const char *rule, const char *severity, const char *title,
		    const char *institution_id, const char *institution_name,
		    const char *division_code, const char *county_code, const char *fmt, va_list ap)
	__attribute__((format(printf, 9, 0)));

/* Materialised path of institution ID ("/<bureau id>/<centre id>/<clinic id>/") into
 * PATH (LEN bytes). Returns DB_ONE, DB_NONE if there is no such institution, or a
 * negative db_status. */
int org_institution_path(struct db *db, const char *id, char *path, size_t len);

#endif

/* Policy profiles (org/profile.c): named, versioned sets of parameters and rules with an
 * effective period (LB-PER-1), bound to divisions by code prefix, with county overrides,
 * kept as JSON files in profiles/ and loaded at start. */

/* Load every DIR/NAME.json profile (replacing any loaded before). Returns the number loaded,
 * or -1 with ERR naming the file and the problem. */
int org_profiles_load(const char *dir, struct app_error *err);
/* Free what org_profiles_load loaded. */
void org_profiles_free(void);
/* The profile in force for COUNTY_CODE on DATE (YYYY-MM-DD; NULL = today): the version
 * bound to the longest matching division prefix whose effective_from ≤ DATE (the latest
 * such), with that county's override merged in. NULL if none binds. Borrowed. */
const json_t *org_profile_for(const char *county_code, const char *date);
/* Every loaded profile as a JSON array (new reference), for the API and the UI. */
json_t *org_profiles_json(void);
/* The profile with ID (latest version), borrowed, or NULL. */
const json_t *org_profile_by_id(const char *id);

const char *org_profile_id(const json_t *p);
const char *org_profile_name(const json_t *p);
/* The checklist items [{key, label, clause}] (borrowed) and their number. */
const json_t *org_profile_checklist(const json_t *p);
size_t org_profile_items(const json_t *p);
/* Label of checklist item KEY, or NULL if the profile has no such item. */
const char *org_profile_item_label(const json_t *p, const char *key);
/* Coverage target (percent) for YEAR: the latest target whose year ≤ YEAR; -1 if none. */
int org_profile_target(const json_t *p, int year);
/* Rule cited by the coverage monitor (SR-ORG-4 or LB-ORG-1). */
const char *org_profile_coverage_rule(const json_t *p);
/* Integer parameter NAME of the profile, or FALLBACK. */
long long org_profile_param(const json_t *p, const char *name, long long fallback);
/* Integer NAME inside the parameter object GROUP ("age_limit", "staffing", "training"...),
 * or FALLBACK (also when the group is null: the rule does not apply in that profile). */
long long org_profile_param_in(const json_t *p, const char *group, const char *name,
			       long long fallback);
/* The parameter GROUP itself (borrowed; NULL or JSON null when absent). */
const json_t *org_profile_group(const json_t *p, const char *group);

/* Today's civil date, YYYY-MM-DD, local time (OUT: 11 bytes). */
void org_today(char out[11]);
