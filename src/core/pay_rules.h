/* SPDX-License-Identifier: MIT */
/* The pay rules of village doctors employed by the township (乡聘村用) as pure functions:
 * days paid in a month (nothing after an exit date or a contract's end, LB-STF-7), one pay
 * slip from the profile's parameters (base, performance, increment, social insurance and
 * the old-age living subsidy, LB-FIN-1, LB-FIN-2), shares of a pool that sum exactly, and
 * the city / district funding split (LB-FIN-3). Money is integer fen, dates ISO civil dates.
 *
 * Rounding: every proportion (a part of a month, a percentage, basis points) rounds half up
 * to the fen, so 0.5 fen becomes 1 fen: pay_prorate. Shares of a pool and the funding split
 * do not round each part on its own: the parts always sum exactly to the whole. */
#ifndef YTH_CORE_PAY_RULES_H
#define YTH_CORE_PAY_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Days in month MONTH (1..12) of YEAR, Gregorian. */
int pay_days_in_month(int year, int month);

/* Days since 1970-01-01 of DATE (YYYY-MM-DD, or its first 10 characters); *OUT gets the
 * number. Returns 0, or -1 if DATE is not a civil date. */
int pay_day_number(const char *date, int64_t *out);

/* The civil date of day number DAY (days since 1970-01-01) into OUT (11 bytes). */
void pay_date_of(int64_t day, char out[11]);

/* First and last day of MONTH ("YYYY-MM") into FIRST and LAST (11 bytes each); *DAYS (may
 * be NULL) the number of days. Returns 0, or -1 if MONTH is not YYYY-MM. */
int pay_month_bounds(const char *month, char first[11], char last[11], int *days);

/* Days from FIRST to LAST (inclusive) that someone serving from STARTS to ENDS (inclusive)
 * is paid for: none after EXITED (the exit date is the last day paid; NULL: not exited).
 * 0 when the periods do not meet or a date is malformed. */
int pay_days_covered(const char *first, const char *last, const char *starts,
		     const char *ends, const char *exited);

/* AMOUNT × NUM / DEN rounded half up to the fen (AMOUNT, NUM >= 0, DEN > 0); 0 if DEN <= 0. */
int64_t pay_prorate(int64_t amount, int64_t num, int64_t den);

/* Share POOL (fen, >= 0) among N people by WEIGHTS (days paid, >= 0) into OUT: each gets
 * POOL × weight / total rounded down, and the fen left over go one each to the largest
 * remainders (ties: the earlier person), so OUT sums exactly to POOL. With no weight at all
 * everyone gets 0 (and nothing is shared). */
void pay_shares(int64_t pool, const int64_t *weights, size_t n, int64_t *out);

/* The profile's pay parameters (parameters.pay, LB-FIN-1, LB-FIN-2). */
struct pay_params {
	int64_t base_monthly_fen;            /* 基本工资: the village committee vice-chair standard */
	int64_t employer_si_bp;              /* employer's social insurance share, basis points */
	int64_t personal_si_bp;              /* personal share withheld, basis points */
	int64_t old_age_subsidy_monthly_fen; /* 养老生活补助, for those not insured */
};

/* One person's month. */
struct pay_input {
	int days_in_month;
	int days_paid;                 /* 0..days_in_month */
	int64_t performance_share_fen; /* their share of the clinic's performance pool */
	int64_t increment_share_fen;   /* their share of the clinic's increment */
	int assessment_pct;            /* 0..100; 100 = passed (考核合格) */
	bool insured;                  /* covered by social insurance through the township */
};

/* A pay slip. gross = base + performance + increment + old_age_subsidy; net = gross −
 * personal_si (withheld); employer_si is paid by the employer on top of gross. */
struct pay_slip {
	int64_t base_fen, performance_fen, increment_fen, old_age_subsidy_fen;
	int64_t gross_fen, employer_si_fen, personal_si_fen, net_fen;
};

/* Compute IN's slip under P into OUT. The base and the old-age subsidy are paid for the
 * days paid (pay_prorate of the monthly amount); performance and increment are the shares
 * × the assessment percentage (clamped to 0..100); the insured have both insurance shares
 * on the base pay as contribution base and no old-age subsidy (LB-FIN-2); the others have
 * no insurance and the subsidy. */
void pay_compute(const struct pay_params *p, const struct pay_input *in, struct pay_slip *out);

/* LB-FIN-3: TOTAL (the base pay plus the employer's insurance share) split CITY : DISTRICT
 * = A : B; the city part is TOTAL × A / (A + B) rounded down and the district pays the
 * rest, so the parts sum exactly. With A + B <= 0 (no ratio) the district pays it all. */
void pay_split(int64_t total, int64_t a, int64_t b, int64_t *city, int64_t *district);

#endif
