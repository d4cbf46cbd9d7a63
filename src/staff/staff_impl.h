/* SPDX-License-Identifier: MIT */
/* What the staffing and monitor files of the personnel area share (staffing.c). */
#ifndef YTH_STAFF_IMPL_H
#define YTH_STAFF_IMPL_H

#include <jansson.h>
#include <stdbool.h>

#include "core/error.h"

struct db;

/* The staffing rows of every clinic of SCOPE (records of staffing_entity). New array or
 * NULL with ERR. */
json_t *staff_staffing(struct db *db, const char *scope, struct app_error *err);
/* Posts falling vacant within the horizon, and clinics short now (records of
 * vacancy_entity). New array or NULL with ERR. */
json_t *staff_vacancies(struct db *db, const char *scope, struct app_error *err);
/* {person id: [qualification kinds]} for the people of SCOPE. New object or NULL. */
json_t *staff_kinds_by_person(struct db *db, const char *scope);
/* The age limit that applies to a posting under profile P (see rules_age_limit) and the
 * day it is reached into OUT; 0 (OUT untouched) if none applies. */
int staff_posting_limit(const json_t *p, const json_t *kinds, const char *sex,
			const char *birth_date, bool head, bool extension, char out[11]);

#endif
