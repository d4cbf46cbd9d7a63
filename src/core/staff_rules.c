/* SPDX-License-Identifier: MIT */
/* This file contains the personnel rules as pure functions (see core/staff_rules.h): civil
 * date arithmetic, ages and age limits (SR-STF-3, LB-STF-6), staffing per population
 * (SR-STF-1, LB-STF-1), the yearly training minimum and further study (LB-STF-8) and the
 * unauthorised-absence thresholds (LB-STF-7). No I/O: the callers read the parameters
 * from the policy profile. */
#include <stdio.h>
#include <string.h>

#include "core/staff_rules.h"

struct civil {
	int y, m, d;
};

/* DATE "YYYY-MM-DD" into *C; a text that is not one leaves *C at 0000-01-01 so that the
 * arithmetic below stays defined (callers pass validated dates). */
static struct civil parse(const char *date)
{
	struct civil c = {0, 1, 1};
	if (date && sscanf(date, "%4d-%2d-%2d", &c.y, &c.m, &c.d) != 3)
		c = (struct civil){0, 1, 1};
	return c;
}

static void format(struct civil c, char out[11])
{
	/* The ranges are bounded so that the text always fits its 11 bytes. */
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)c.y % 10000u, (unsigned)c.m % 100u,
	         (unsigned)c.d % 100u);
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : days[(m - 1) % 12];
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static long day_number(struct civil c)
{
	long y = c.m <= 2 ? c.y - 1 : c.y;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (c.m > 2 ? c.m - 3 : c.m + 9) + 2) / 5 + c.d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int rules_age_on(const char *birth, const char *date)
{
	struct civil b = parse(birth), d = parse(date);
	int age = d.y - b.y;
	/* Before the birthday in DATE's year. A 29 February birthday compares as (2, 29): in a
	 * common year 28 February is still before it and 1 March after, which is the 1 March
	 * rule of rules_birthday. */
	if (d.m < b.m || (d.m == b.m && d.d < b.d))
		age--;
	return age;
}

void rules_birthday(const char *birth, int age, char out[11])
{
	struct civil b = parse(birth);
	struct civil c = {b.y + age, b.m, b.d};
	if (b.m == 2 && b.d == 29 && !is_leap(c.y))
		c = (struct civil){c.y, 3, 1};
	format(c, out);
}

int rules_age_limit(const struct age_limits *l, bool female, bool head, bool qualified,
                    bool extension)
{
	if (!l)
		return 0;
	/* LB-STF-6 limits who may head a clinic; others are not limited by it. */
	if (l->heads_only && !head)
		return 0;
	if (extension) {
		/* SR-STF-3: an approved rehire (返聘) lifts the limit altogether. */
		if (l->rehire_by_approval)
			return 0;
		/* LB-STF-6: the district extends it only for the qualified. */
		int extended = female ? l->extended_female : l->extended_male;
		if (qualified && extended > 0)
			return extended;
	}
	return female ? l->female : l->male;
}

int rules_staff_needed(long population, int per_10000, const char *rounding, int minimum)
{
	if (population < 0)
		population = 0;
	if (per_10000 < 0)
		per_10000 = 0;
	/* Exact integer arithmetic on doctors × 10,000, so that 1,000 residents at 10 per
	 * 10,000 is exactly one doctor and 1,001 is just over. */
	long long scaled = (long long)population * per_10000;
	long long needed;
	if (rounding && strcmp(rounding, "floor") == 0)
		needed = scaled / 10000;
	else if (rounding && strcmp(rounding, "round") == 0)
		needed = (scaled + 5000) / 10000; /* halves up */
	else
		needed = (scaled + 9999) / 10000; /* "ceil", also the default */
	if (needed < minimum)
		needed = minimum;
	return (int)needed;
}

bool rules_training_year_ok(int courses, int days, int min_courses, int min_days)
{
	return courses >= min_courses && days >= min_days;
}

enum further_study rules_further_study(const char *last, const char *since, const char *today,
                                       int warn_years, int every_years)
{
	const char *base = last ? last : since;
	char due[11], warn[11];
	if (!base || !today || every_years <= 0)
		return STUDY_OK;
	rules_add_months(base, every_years * 12, due);
	if (strcmp(today, due) >= 0)
		return STUDY_OVERDUE;
	if (warn_years > 0) {
		rules_add_months(base, warn_years * 12, warn);
		if (strcmp(today, warn) >= 0)
			return STUDY_DUE_SOON;
	}
	return STUDY_OK;
}

enum absence_level rules_absence(int days, int alert_days, int exit_days)
{
	if (exit_days > 0 && days >= exit_days)
		return ABSENCE_EXIT;
	if (alert_days > 0 && days >= alert_days)
		return ABSENCE_ALERT;
	return ABSENCE_NONE;
}

long rules_days_between(const char *a, const char *b)
{
	return day_number(parse(b)) - day_number(parse(a));
}

void rules_add_months(const char *date, int months, char out[11])
{
	struct civil c = parse(date);
	long index = (long)c.y * 12 + (c.m - 1) + months;
	long y = index >= 0 ? index / 12 : (index - 11) / 12;
	struct civil r = {(int)y, (int)(index - y * 12) + 1, c.d};
	int last = month_days(r.y, r.m);
	if (r.d > last)
		r.d = last;
	format(r, out);
}
