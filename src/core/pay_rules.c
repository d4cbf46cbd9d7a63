/* SPDX-License-Identifier: MIT */
/* This file contains the pay rules of village doctors (LB-FIN-1, LB-FIN-2, LB-FIN-3,
 * LB-STF-7) as pure functions: calendar arithmetic, proration, shares and the funding
 * split. See pay_rules.h for the rounding. */
#include <stdio.h>
#include <string.h>

#include "core/pay_rules.h"

static bool is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int pay_days_in_month(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month < 1 || month > 12)
		return 0;
	return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

/* Digits S[0..N) as a number, or -1 if one is not a digit. */
static int digits(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Y-M-D as YYYY-MM-DD into OUT (11 bytes); the moduli only tell the compiler the widths. */
static void format_date(char out[11], int64_t y, int m, int d)
{
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
		 (unsigned)d % 100u);
}

/* Days since 1970-01-01 of Y-M-D (H. Hinnant's days_from_civil: eras of 400 years). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int pay_day_number(const char *date, int64_t *out)
{
	if (!date || strlen(date) < 10 || date[4] != '-' || date[7] != '-')
		return -1;
	int y = digits(date, 4), m = digits(date + 5, 2), d = digits(date + 8, 2);
	if (y < 0 || m < 1 || m > 12 || d < 1 || d > pay_days_in_month(y, m))
		return -1;
	*out = days_from_civil(y, m, d);
	return 0;
}

void pay_date_of(int64_t day, char out[11])
{
	/* civil_from_days, the inverse of days_from_civil. */
	int64_t z = day + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	int64_t y = yoe + era * 400 + (m <= 2);
	format_date(out, y, m, d);
}

int pay_month_bounds(const char *month, char first[11], char last[11], int *days)
{
	if (!month || strlen(month) != 7 || month[4] != '-')
		return -1;
	int y = digits(month, 4), m = digits(month + 5, 2);
	if (y < 1 || m < 1 || m > 12)
		return -1;
	int n = pay_days_in_month(y, m);
	format_date(first, y, m, 1);
	format_date(last, y, m, n);
	if (days)
		*days = n;
	return 0;
}

int pay_days_covered(const char *first, const char *last, const char *starts,
		     const char *ends, const char *exited)
{
	int64_t from, to, s, e, x;
	if (pay_day_number(first, &from) != 0 || pay_day_number(last, &to) != 0 ||
	    pay_day_number(starts, &s) != 0 || pay_day_number(ends, &e) != 0)
		return 0;
	if (s > from)
		from = s;
	if (e < to)
		to = e;
	/* The exit date is the last day paid (LB-STF-7: nothing after it). */
	if (exited && pay_day_number(exited, &x) == 0 && x < to)
		to = x;
	return to < from ? 0 : (int)(to - from + 1);
}

int64_t pay_prorate(int64_t amount, int64_t num, int64_t den)
{
	if (den <= 0 || amount <= 0 || num <= 0)
		return 0;
	/* Half up: floor((2·a·n + d) / 2d). Pay amounts are far below where 2·a·n overflows. */
	return (2 * amount * num + den) / (2 * den);
}

void pay_shares(int64_t pool, const int64_t *weights, size_t n, int64_t *out)
{
	int64_t total = 0, given = 0;
	for (size_t i = 0; i < n; i++)
		total += weights[i] > 0 ? weights[i] : 0;
	for (size_t i = 0; i < n; i++) {
		int64_t w = weights[i] > 0 ? weights[i] : 0;
		out[i] = total > 0 && pool > 0 ? pool * w / total : 0;
		given += out[i];
	}
	if (total <= 0 || pool <= 0)
		return;
	/* The fen left over (fewer than N) go one each to the largest remainders. */
	for (int64_t left = pool - given; left > 0; left--) {
		size_t best = n;
		int64_t best_rem = -1;
		for (size_t i = 0; i < n; i++) {
			int64_t w = weights[i] > 0 ? weights[i] : 0;
			int64_t rem = pool * w % total;
			/* A person already given a leftover fen has its remainder spent. */
			if (out[i] > pool * w / total)
				continue;
			if (w > 0 && rem > best_rem) {
				best = i;
				best_rem = rem;
			}
		}
		if (best == n)
			break;
		out[best]++;
	}
}

void pay_compute(const struct pay_params *p, const struct pay_input *in, struct pay_slip *out)
{
	int pct = in->assessment_pct < 0 ? 0 : in->assessment_pct > 100 ? 100 : in->assessment_pct;
	int days = in->days_paid < 0 ? 0 : in->days_paid;
	if (days > in->days_in_month)
		days = in->days_in_month;
	memset(out, 0, sizeof(*out));
	out->base_fen = pay_prorate(p->base_monthly_fen, days, in->days_in_month);
	/* Performance pay and its increment are paid after the assessment (考核后发放). */
	out->performance_fen = pay_prorate(in->performance_share_fen, pct, 100);
	out->increment_fen = pay_prorate(in->increment_share_fen, pct, 100);
	if (in->insured) {
		out->employer_si_fen = pay_prorate(out->base_fen, p->employer_si_bp, 10000);
		out->personal_si_fen = pay_prorate(out->base_fen, p->personal_si_bp, 10000);
	} else {
		/* LB-FIN-2: the old-age living subsidy is for those not insured. */
		out->old_age_subsidy_fen =
		    pay_prorate(p->old_age_subsidy_monthly_fen, days, in->days_in_month);
	}
	out->gross_fen =
	    out->base_fen + out->performance_fen + out->increment_fen + out->old_age_subsidy_fen;
	out->net_fen = out->gross_fen - out->personal_si_fen;
}

void pay_split(int64_t total, int64_t a, int64_t b, int64_t *city, int64_t *district)
{
	if (a < 0 || b < 0 || a + b <= 0 || total <= 0) {
		*city = 0;
		*district = total;
		return;
	}
	*city = total * a / (a + b);
	*district = total - *city;
}
