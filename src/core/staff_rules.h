/* SPDX-License-Identifier: MIT */
/* The personnel rules as pure functions of their inputs and the profile's parameters:
 * ages and age limits (SR-STF-3, LB-STF-6), staffing (SR-STF-1, LB-STF-1), training
 * (LB-STF-8) and absence (LB-STF-7). Dates are ISO civil dates "YYYY-MM-DD". */
#ifndef YTH_CORE_STAFF_RULES_H
#define YTH_CORE_STAFF_RULES_H

#include <stdbool.h>

/* Completed years on DATE of someone born on BIRTH. */
int rules_age_on(const char *birth, const char *date);

/* The day someone born on BIRTH turns AGE, into OUT (11 bytes). Born on 29 February: the
 * birthday in a common year is 1 March. */
void rules_birthday(const char *birth, int age, char out[11]);

/* Age limits of a profile (parameters.age_limit). */
struct age_limits {
	int male, female;                   /* the limit */
	int extended_male, extended_female; /* with an approved extension; 0 = none allowed */
	bool rehire_by_approval;            /* an approval lifts the limit altogether (返聘) */
	bool heads_only;                    /* the limit is on heading a clinic (LB-STF-6) */
};

/* The age from which someone may no longer be registered / hired / head a clinic, or 0 if
 * no limit applies: FEMALE; HEAD of a clinic; QUALIFIED for an extension (执业(助理)医师 or
 * 中医(专长)医师); EXTENSION approved by the county / district. */
int rules_age_limit(const struct age_limits *l, bool female, bool head, bool qualified,
		    bool extension);

/* Staffing (parameters.staffing): doctors needed for POPULATION at PER_10000 per ten
 * thousand residents, rounded up ("ceil"), to the nearest ("round") or down ("floor"),
 * and never fewer than MINIMUM. */
int rules_staff_needed(long population, int per_10000, const char *rounding, int minimum);

/* Training of one person in one calendar year (LB-STF-8): true if at least MIN_COURSES
 * trainings and MIN_DAYS days in all. */
bool rules_training_year_ok(int courses, int days, int min_courses, int min_days);

enum further_study { STUDY_OK, STUDY_DUE_SOON, STUDY_OVERDUE };
/* Full-time further study (LB-STF-8): LAST is the end date of the last further study of
 * enough days (NULL if none; then SINCE, the start of the first contract, counts); on
 * TODAY it is due soon from WARN_YEARS and overdue from EVERY_YEARS after it. */
enum further_study rules_further_study(const char *last, const char *since, const char *today,
				       int warn_years, int every_years);

enum absence_level { ABSENCE_NONE, ABSENCE_ALERT, ABSENCE_EXIT };
/* Unauthorised absence days in one calendar year (LB-STF-7): an alert from ALERT_DAYS, an
 * exit review from EXIT_DAYS (0 = that step does not apply). */
enum absence_level rules_absence(int days, int alert_days, int exit_days);

/* Days from A to B (B - A), both civil dates. */
long rules_days_between(const char *a, const char *b);
/* DATE shifted by MONTHS (day clamped to the month's length), into OUT (11 bytes). */
void rules_add_months(const char *date, int months, char out[11]);

#endif
