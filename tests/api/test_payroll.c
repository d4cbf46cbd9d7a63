/* SPDX-License-Identifier: MIT */
/* API tests of the payroll (LB-FIN-1, LB-FIN-2, LB-FIN-3, LB-STF-7): the centre's finance
 * officer runs a month for everyone on contract at its clinics; each clinic's book gets one
 * balanced payroll voucher; performance pay comes from the clinic's own subsidies in the
 * quarter's last month and the increment from its consultation and TCM income; an exit on
 * the 17th is paid 17 days and nothing after; a dispatched doctor is paid the same way; the
 * insured have their share withheld and no old-age subsidy; the city / district split sums
 * to the base pay and the employer's share; a month is run once; the auditor writes
 * nothing; a village doctor sees only their own slips; a Shangrao centre has no such pay.
 * Demo data, both backends. The demo may have run the last twelve months: these tests use
 * months before them, each its own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "io/xlsx_read.h"
#include "pharm_fixture.h"

#define BASE_MONTHLY 180000 /* profiles/liubei-2021.json, parameters.pay */
#define EMPLOYER_BP  2340
#define PERSONAL_BP  1050
#define OLD_AGE      20000

/* The month BACK months before this one, YYYY-MM. */
static void month_back(int back, char out[8])
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	unsigned n = (unsigned)((tm.tm_year + 1900) * 12 + tm.tm_mon - back);
	snprintf(out, 8, "%04u-%02u", n / 12 % 10000u, n % 12 + 1);
}

/* The first month at least BACK months ago that ends a quarter (performance pay is
 * quarterly in Liubei). */
static int quarter_end_back(int back)
{
	char m[8];
	for (;; back++) {
		month_back(back, m);
		if (atoi(m + 5) % 3 == 0)
			return back;
	}
}

static int days_in(const char *month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y = atoi(month), m = atoi(month + 5);
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

/* AMOUNT × NUM / DEN rounded half up, as the payroll documents. */
static long long half_up(long long amount, long long num, long long den)
{
	return (2 * amount * num + den) / (2 * den);
}

struct fixture {
	struct srv *s;
	struct api_client *finance;
	char centre[37], clinic[37];
};

static void fixture(struct srv *s, struct fixture *f)
{
	f->s = s;
	f->finance = api_login(s, "finance");
	struct api_client *doctor = api_login(s, "clinic");
	snprintf(f->centre, sizeof(f->centre), "%s", api_jstr(f->finance->user, "institution_id"));
	snprintf(f->clinic, sizeof(f->clinic), "%s", api_jstr(doctor->user, "institution_id"));
	api_client_free(doctor);
}

static void fixture_free(struct fixture *f)
{
	api_client_free(f->finance);
}

/* Post income of ACCOUNT (a credit) to CLINIC's book on DATE. */
static void post_income(struct fixture *f, const char *clinic, const char *date,
			const char *account, long long fen)
{
	struct api_res *res = api_sendf(
	    f->finance, "POST", "/api/v1/vouchers",
	    "{\"institution_id\": \"%s\", \"voucher_date\": \"%s\", \"summary\": \"测试收入\", "
	    "\"source_doc\": \"测试 %s\", \"lines\": [{\"account_code\": \"1901\", \"debit_fen\": "
	    "%lld}, {\"account_code\": \"%s\", \"credit_fen\": %lld}]}",
	    clinic, date, account, fen, account, fen);
	assert_status(res, 201);
}

/* POST a run of MONTH for CENTRE by C, with ASSESSMENTS (a JSON object text, or NULL). */
static struct api_res *run(struct api_client *c, const char *centre, const char *month,
			   const char *assessments)
{
	if (assessments)
		return api_sendf(c, "POST", "/api/v1/payroll-runs",
				 "{\"centre_id\": \"%s\", \"month\": \"%s\", \"assessments\": %s}",
				 centre, month, assessments);
	return api_sendf(c, "POST", "/api/v1/payroll-runs",
			 "{\"centre_id\": \"%s\", \"month\": \"%s\"}", centre, month);
}

/* The slip of PERSON in RUN (a run with its payslips), borrowed, or NULL. */
static json_t *slip_of(const json_t *run_json, const char *person)
{
	size_t i;
	json_t *s;
	json_array_foreach(api_jget(run_json, "payslips"), i, s)
		if (strcmp(api_jstr(s, "person_id"), person) == 0)
			return s;
	return NULL;
}

/* The N-th planned clinic of F's centre (by id): nobody works there in the demo, so the
 * doctors a test seeds are its only ones and its book has only what the test posts. */
static void empty_clinic(struct fixture *f, int n, char out[37])
{
	char sql[256];
	snprintf(sql, sizeof(sql),
		 "SELECT id FROM institutions WHERE parent_id = '%s' AND kind = 'clinic' AND status "
		 "= 'planned' ORDER BY id LIMIT 1 OFFSET %d",
		 f->centre, n);
	char *id = sql_value(f->s, sql);
	snprintf(out, 37, "%s", id);
	free(id);
}

/* A doctor of F's centre on an approved TYPE contract at CLINIC from STARTS to ENDS, seeded
 * as the personnel area leaves them (the payroll reads only these rows). Returns the person
 * id (malloc'd); CONTRACT (may be NULL) gets the contract's. */
static char *seed_doctor(struct fixture *f, const char *clinic, const char *type,
			 const char *starts, const char *ends, bool insured, char *contract)
{
	char person[37], id[37], sql[1024];
	seed_id(person);
	seed_id(id);
	char *path = institution_field(f->s, f->centre, "path");
	snprintf(sql, sizeof(sql),
		 "INSERT INTO people (id, name, sex, birth_date, citizen_id_sealed, "
		 "citizen_id_hash, citizen_id_masked, centre_id, path, social_insured, created_at, "
		 "updated_at, created_by, updated_by) VALUES ('%s', '测试村医', 'female', "
		 "'1980-05-01', 'sealed', '%s', '450205********0021', '%s', '%s', %d, " STAMP ")",
		 person, person, f->centre, path, insured ? 1 : 0);
	sql_ok(f->s, sql);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO contracts (id, person_id, employer_id, clinic_id, type, starts_on, "
		 "ends_on, status, path, created_at, updated_at, created_by, updated_by) VALUES "
		 "('%s', '%s', '%s', '%s', '%s', '%s', '%s', 'active', '%s', " STAMP ")",
		 id, person, f->centre, clinic, type, starts, ends, path);
	sql_ok(f->s, sql);
	free(path);
	if (contract)
		snprintf(contract, 37, "%s", id);
	return strdup(person);
}

/* People who should be on MONTH's run of CENTRE: on a contract at its clinics that meets the
 * month, not exited before it. */
static long long expected_slips(struct fixture *f, const char *month)
{
	char sql[1024], first[11], last[11];
	snprintf(first, sizeof(first), "%s-01", month);
	snprintf(last, sizeof(last), "%s-%02d", month, days_in(month));
	snprintf(sql, sizeof(sql),
		 "SELECT COUNT(*) FROM (SELECT DISTINCT c.person_id, c.clinic_id FROM contracts c "
		 "JOIN people p ON p.id = c.person_id JOIN institutions cl ON cl.id = c.clinic_id "
		 "WHERE cl.parent_id = '%s' AND c.status IN ('active', 'ended') AND c.starts_on <= "
		 "'%s' AND COALESCE(c.ended_on, c.ends_on) >= '%s' AND (p.exited_on IS NULL OR "
		 "p.exited_on >= '%s')) x",
		 f->centre, last, first, first);
	return sql_int(f->s, sql);
}

/* The debit (or credit) of ACCOUNT in VOUCHER (a voucher with its lines). */
static long long line_of(const json_t *voucher, const char *account, bool debit)
{
	size_t i;
	json_t *line;
	json_array_foreach(api_jget(voucher, "lines"), i, line)
		if (strcmp(api_jstr(line, "account_code"), account) == 0)
			return api_jint(line, debit ? "debit_fen" : "credit_fen");
	return 0;
}

static void a_run_pays_everyone_on_contract_and_posts_balanced_vouchers(void **state)
{
	struct fixture f;
	fixture(*state, &f);
	char month[8], first_month[8], date[11], last[11], clinic[37], path[128];
	month_back(quarter_end_back(13), month);
	month_back(quarter_end_back(13) + 2, first_month);
	snprintf(last, sizeof(last), "%s-%02d", month, days_in(month));
	empty_clinic(&f, 0, clinic);
	char *insured = seed_doctor(&f, clinic, "labour", "2021-08-01", "2028-12-31", true, NULL);
	char *other = seed_doctor(&f, clinic, "labour", "2021-08-01", "2028-12-31", false, NULL);
	/* The clinic's subsidies over the quarter and its fees of the month. */
	snprintf(date, sizeof(date), "%s-10", first_month);
	post_income(&f, clinic, date, "4201", 40001);
	snprintf(date, sizeof(date), "%s-12", month);
	post_income(&f, clinic, date, "4202", 20000);
	post_income(&f, clinic, date, "4101", 9999);
	post_income(&f, clinic, date, "4103", 1000);
	struct api_res *res = run(f.finance, f.centre, month, NULL);
	assert_status(res, 201);
	json_t *r = json_incref(res->json);
	assert_string_equal(api_jstr(r, "month"), month);
	assert_string_equal(api_jstr(r, "profile_id"), "liubei-2021");
	assert_string_equal(api_jstr(r, "performance_period"), "quarter");
	long long n = expected_slips(&f, month);
	assert_true(n >= 2);
	assert_int_equal(api_jint(r, "slips"), n);
	assert_int_equal(json_array_size(api_jget(r, "payslips")), (size_t)n);
	/* LB-FIN-3: base pay plus the employer's share, split 1:1, summing exactly. */
	long long split = api_jint(r, "base_fen") + api_jint(r, "employer_si_fen");
	assert_int_equal(api_jint(r, "city_fen") + api_jint(r, "district_fen"), split);
	assert_int_equal(api_jint(r, "district_fen") - api_jint(r, "city_fen"), split % 2);
	assert_int_equal(api_jint(r, "net_fen"),
			 api_jint(r, "gross_fen") - api_jint(r, "personal_si_fen"));
	size_t i;
	json_t *s;
	json_array_foreach(api_jget(r, "payslips"), i, s)
	{
		assert_int_equal(api_jint(s, "days_in_month"), days_in(month));
		if (api_jint(s, "days_paid") == days_in(month))
			assert_int_equal(api_jint(s, "base_fen"), BASE_MONTHLY);
	}
	/* The two share the quarter's subsidies (60,001 fen: the odd fen to the first) and the
	 * month's fees (10,999) by days. */
	json_t *a = slip_of(r, insured), *b = slip_of(r, other);
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(api_jint(a, "performance_pool_fen"), 60001);
	assert_int_equal(api_jint(a, "increment_pool_fen"), 10999);
	assert_int_equal(api_jint(a, "performance_fen") + api_jint(b, "performance_fen"), 60001);
	assert_int_equal(api_jint(a, "increment_fen") + api_jint(b, "increment_fen"), 10999);
	assert_int_equal(api_jint(a, "performance_fen"), 30001);
	assert_int_equal(api_jint(b, "performance_fen"), 30000);
	/* One payroll voucher in the clinic's own book, on the month's last day, balanced, the
	 * same one on both slips. */
	const char *voucher = api_jstr(a, "voucher_id");
	assert_non_null(voucher);
	assert_string_equal(api_jstr(b, "voucher_id"), voucher);
	snprintf(path, sizeof(path), "/api/v1/vouchers/%s", voucher);
	res = api_get(f.finance, path);
	assert_status(res, 200);
	json_t *v = res->json;
	assert_string_equal(api_jstr(v, "kind"), "payroll");
	assert_string_equal(api_jstr(v, "institution_id"), clinic);
	assert_string_equal(api_jstr(v, "voucher_date"), last);
	assert_non_null(api_jstr(v, "source_doc"));
	long long employer = half_up(BASE_MONTHLY, EMPLOYER_BP, 10000);
	long long personal = half_up(BASE_MONTHLY, PERSONAL_BP, 10000);
	assert_int_equal(line_of(v, "5101", true), 2 * BASE_MONTHLY);
	assert_int_equal(line_of(v, "5102", true), 60001 + 10999);
	assert_int_equal(line_of(v, "5104", true), OLD_AGE);
	assert_int_equal(line_of(v, "5103", true), employer);
	assert_int_equal(line_of(v, "2212", false), employer + personal);
	assert_int_equal(line_of(v, "2211", false),
			 api_jint(a, "net_fen") + api_jint(b, "net_fen"));
	long long debit = 0, credit = 0;
	json_t *line;
	json_array_foreach(api_jget(v, "lines"), i, line)
	{
		debit += api_jint(line, "debit_fen");
		credit += api_jint(line, "credit_fen");
	}
	assert_int_equal(debit, credit);
	/* The run is audited. */
	char sql[256];
	snprintf(sql, sizeof(sql),
		 "SELECT COUNT(*) FROM audit_log WHERE action = 'create' AND entity = "
		 "'payroll_run' AND entity_id = '%s'",
		 api_jstr(r, "id"));
	assert_int_equal(sql_int(f.s, sql), 1);
	/* The run and its slips read back; the list has it. */
	snprintf(path, sizeof(path), "/api/v1/payroll-runs/%s", api_jstr(r, "id"));
	res = api_get(f.finance, path);
	assert_status(res, 200);
	assert_int_equal(json_array_size(api_jget(res->json, "payslips")), (size_t)n);
	snprintf(path, sizeof(path), "/api/v1/payroll-runs?month=%s", month);
	res = api_get(f.finance, path);
	assert_status(res, 200);
	assert_int_equal(json_array_size(api_jget(res->json, "items")), 1);
	json_decref(r);
	free(other);
	free(insured);
	fixture_free(&f);
}

static void performance_pay_waits_for_the_quarters_last_month(void **state)
{
	struct fixture f;
	fixture(*state, &f);
	char month[8], date[11], clinic[37];
	int back = 16;
	for (month_back(back, month); atoi(month + 5) % 3 == 0; month_back(++back, month))
		;
	empty_clinic(&f, 1, clinic);
	char *person = seed_doctor(&f, clinic, "labour", "2021-08-01", "2028-12-31", false, NULL);
	snprintf(date, sizeof(date), "%s-05", month);
	post_income(&f, clinic, date, "4202", 50000);
	post_income(&f, clinic, date, "4101", 3000);
	struct api_res *res = run(f.finance, f.centre, month, NULL);
	assert_status(res, 201);
	assert_int_equal(api_jint(res->json, "performance_fen"), 0);
	size_t i;
	json_t *s;
	json_array_foreach(api_jget(res->json, "payslips"), i, s)
		assert_int_equal(api_jint(s, "performance_fen"), 0);
	/* The increment is monthly. */
	s = slip_of(res->json, person);
	assert_non_null(s);
	assert_int_equal(api_jint(s, "increment_fen"), 3000);
	assert_int_equal(api_jint(s, "performance_pool_fen"), 0);
	free(person);
	fixture_free(&f);
}

static void an_exit_on_the_17th_is_paid_17_days_and_nothing_after(void **state)
{
	struct fixture f;
	fixture(*state, &f);
	char month[8], next[8], exit_on[11], clinic[37], sql[512];
	month_back(30, month);
	month_back(29, next);
	snprintf(exit_on, sizeof(exit_on), "%s-17", month);
	empty_clinic(&f, 2, clinic);
	char *person = seed_doctor(&f, clinic, "labour", "2021-08-01", "2028-12-31", false, NULL);
	/* The exit as a confirmed exit review leaves it (LB-STF-7). */
	snprintf(sql, sizeof(sql),
		 "UPDATE people SET exited_on = '%s', exit_reason = 'assessment' WHERE id = '%s'",
		 exit_on, person);
	sql_ok(f.s, sql);
	snprintf(sql, sizeof(sql),
		 "UPDATE contracts SET status = 'ended', ended_on = '%s', end_reason = "
		 "'exit:assessment' WHERE person_id = '%s'",
		 exit_on, person);
	sql_ok(f.s, sql);
	char date[11];
	snprintf(date, sizeof(date), "%s-20", month);
	post_income(&f, clinic, date, "4101", 5000);
	struct api_res *res = run(f.finance, f.centre, month, NULL);
	assert_status(res, 201);
	json_t *s = slip_of(res->json, person);
	assert_non_null(s);
	int days = days_in(month);
	assert_int_equal(api_jint(s, "days_paid"), 17);
	assert_int_equal(api_jint(s, "days_in_month"), days);
	assert_int_equal(api_jint(s, "base_fen"), half_up(BASE_MONTHLY, 17, days));
	assert_int_equal(api_jint(s, "old_age_subsidy_fen"), half_up(OLD_AGE, 17, days));
	assert_int_equal(api_jint(s, "increment_fen"), 5000);
	/* LB-STF-7: nothing after the exit date. */
	res = run(f.finance, f.centre, next, NULL);
	assert_status(res, 201);
	assert_null(slip_of(res->json, person));
	free(person);
	fixture_free(&f);
}

static void a_dispatched_doctor_is_paid_the_same_way(void **state)
{
	struct fixture f;
	fixture(*state, &f);
	char month[8], starts[11], ends[11], clinic[37], contract[37];
	month_back(32, month);
	snprintf(starts, sizeof(starts), "%s-10", month);
	month_back(27, ends);
	memcpy(ends + 7, "-09", 4);
	empty_clinic(&f, 3, clinic);
	/* A five-month dispatch (派驻) and a labour contract, both from the 10th. */
	char *sent = seed_doctor(&f, clinic, "dispatched", starts, ends, false, contract);
	char *hired = seed_doctor(&f, clinic, "labour", starts, "2028-12-31", false, NULL);
	char date[11];
	snprintf(date, sizeof(date), "%s-15", month);
	post_income(&f, clinic, date, "4103", 8001);
	struct api_res *res = run(f.finance, f.centre, month, NULL);
	assert_status(res, 201);
	json_t *a = slip_of(res->json, sent), *b = slip_of(res->json, hired);
	assert_non_null(a);
	assert_non_null(b);
	int days = days_in(month) - 9;
	assert_string_equal(api_jstr(a, "contract_type"), "dispatched");
	assert_string_equal(api_jstr(a, "contract_id"), contract);
	assert_string_equal(api_jstr(b, "contract_type"), "labour");
	assert_int_equal(api_jint(a, "days_paid"), days);
	assert_int_equal(api_jint(a, "base_fen"), half_up(BASE_MONTHLY, days, days_in(month)));
	const char *same[] = {"days_paid", "base_fen", "old_age_subsidy_fen"};
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++)
		assert_int_equal(api_jint(a, same[i]), api_jint(b, same[i]));
	/* The shared increment by equal days: the odd fen to one of them. */
	assert_int_equal(api_jint(a, "increment_fen") + api_jint(b, "increment_fen"), 8001);
	free(hired);
	free(sent);
	fixture_free(&f);
}

static void the_insured_have_their_share_withheld_and_no_old_age_subsidy(void **state)
{
	struct fixture f;
	fixture(*state, &f);
	struct api_client *centre = api_login(f.s, "centre");
	char month[8], clinic[37], path[128];
	month_back(34, month);
	empty_clinic(&f, 4, clinic);
	char *insured = seed_doctor(&f, clinic, "labour", "2021-08-01", "2028-12-31", false, NULL);
	char *not_insured = seed_doctor(&f, clinic, "labour", "2021-08-01", "2028-12-31", false, NULL);
	/* The centre records who is insured on the person's file (LB-FIN-2). */
	snprintf(path, sizeof(path), "/api/v1/people/%s", insured);
	struct api_res *res = api_patch(centre, path, "{\"social_insured\": true}");
	assert_status(res, 200);
	assert_true(json_is_true(api_jget(res->json, "social_insured")));
	res = api_get(centre, path);
	assert_true(json_is_true(api_jget(res->json, "social_insured")));
	res = run(f.finance, f.centre, month, NULL);
	assert_status(res, 201);
	json_t *a = slip_of(res->json, insured), *b = slip_of(res->json, not_insured);
	assert_non_null(a);
	assert_non_null(b);
	assert_true(json_is_true(api_jget(a, "insured")));
	assert_int_equal(api_jint(a, "base_fen"), BASE_MONTHLY);
	assert_int_equal(api_jint(a, "employer_si_fen"), half_up(BASE_MONTHLY, EMPLOYER_BP, 10000));
	assert_int_equal(api_jint(a, "personal_si_fen"), half_up(BASE_MONTHLY, PERSONAL_BP, 10000));
	assert_int_equal(api_jint(a, "old_age_subsidy_fen"), 0);
	assert_int_equal(api_jint(a, "gross_fen"), BASE_MONTHLY);
	assert_int_equal(api_jint(a, "net_fen"),
			 BASE_MONTHLY - half_up(BASE_MONTHLY, PERSONAL_BP, 10000));
	assert_true(json_is_false(api_jget(b, "insured")));
	assert_int_equal(api_jint(b, "employer_si_fen"), 0);
	assert_int_equal(api_jint(b, "personal_si_fen"), 0);
	assert_int_equal(api_jint(b, "old_age_subsidy_fen"), OLD_AGE);
	assert_int_equal(api_jint(b, "net_fen"), BASE_MONTHLY + OLD_AGE);
	free(not_insured);
	free(insured);
	api_client_free(centre);
	fixture_free(&f);
}

static void an_assessment_scales_the_performance_pay(void **state)
{
	struct fixture f;
	fixture(*state, &f);
	char month[8], date[11], clinic[37], body[256];
	month_back(quarter_end_back(36), month);
	empty_clinic(&f, 5, clinic);
	char *low = seed_doctor(&f, clinic, "labour", "2021-08-01", "2028-12-31", false, NULL);
	char *passed = seed_doctor(&f, clinic, "labour", "2021-08-01", "2028-12-31", false, NULL);
	snprintf(date, sizeof(date), "%s-03", month);
	post_income(&f, clinic, date, "4202", 77777);
	/* Someone not on the run, or a percentage over 100, is refused. */
	assert_error(run(f.finance, f.centre, month,
			 "{\"00000000-0000-0000-0000-000000000001\": 60}"),
		     422, "invalid_field", "assessments", NULL);
	assert_error(run(f.finance, f.centre, month, "{\"x\": 101}"), 422, "invalid_field",
		     "assessments", NULL);
	snprintf(body, sizeof(body), "{\"%s\": 60}", low);
	struct api_res *res = run(f.finance, f.centre, month, body);
	assert_status(res, 201);
	json_t *a = slip_of(res->json, low), *b = slip_of(res->json, passed);
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(api_jint(a, "assessment_pct"), 60);
	assert_int_equal(api_jint(b, "assessment_pct"), 100);
	assert_int_equal(api_jint(a, "performance_pool_fen"), 77777);
	/* Shares 38,889 and 38,888; 60 % of the first is 23,333.4. */
	assert_int_equal(api_jint(a, "performance_fen"), 23333);
	assert_int_equal(api_jint(b, "performance_fen"), 38888);
	free(passed);
	free(low);
	fixture_free(&f);
}

static void a_month_is_run_once(void **state)
{
	struct fixture f;
	fixture(*state, &f);
	char month[8];
	month_back(40, month);
	assert_status(run(f.finance, f.centre, month, NULL), 201);
	assert_error(run(f.finance, f.centre, month, NULL), 409, "conflict", "month", NULL);
	fixture_free(&f);
}

static void a_month_not_yet_over_is_refused(void **state)
{
	struct fixture f;
	fixture(*state, &f);
	char month[8];
	month_back(0, month);
	assert_error(run(f.finance, f.centre, month, NULL), 422, "invalid_field", "month", NULL);
	assert_error(run(f.finance, f.centre, "2025-13", NULL), 422, "invalid_field", "month",
		     NULL);
	fixture_free(&f);
}

static void the_auditor_reads_and_runs_nothing(void **state)
{
	struct fixture f;
	fixture(*state, &f);
	struct api_client *auditor = api_login(f.s, "auditor");
	char month[8];
	month_back(46, month);
	assert_error(run(auditor, f.centre, month, NULL), 403, "forbidden", NULL, NULL);
	assert_status(api_get(auditor, "/api/v1/payroll-runs"), 200);
	assert_status(api_get(auditor, "/api/v1/payslips"), 200);
	api_client_free(auditor);
	fixture_free(&f);
}

static void a_village_doctor_sees_only_their_own_slips(void **state)
{
	struct fixture f;
	fixture(*state, &f);
	struct api_client *doctor = api_login(f.s, "clinic");
	char month[8], sql[256];
	month_back(42, month);
	snprintf(sql, sizeof(sql), "SELECT id FROM people WHERE user_id = '%s'",
		 api_jstr(doctor->user, "id"));
	char *me = srv_sql_value(f.s, sql);
	if (!me) {
		/* The village doctor's own file, linked to their sign-in by the centre. */
		struct api_client *centre = api_login(f.s, "centre");
		me = seed_doctor(&f, f.clinic, "labour", "2021-08-01", "2028-12-31", false, NULL);
		char path[128];
		snprintf(path, sizeof(path), "/api/v1/people/%s", me);
		assert_status(api_sendf(centre, "PATCH", path, "{\"user_id\": \"%s\"}",
					api_jstr(doctor->user, "id")),
			      200);
		api_client_free(centre);
	}
	assert_status(run(f.finance, f.centre, month, NULL), 201);
	struct api_res *res = api_get(doctor, "/api/v1/payslips?limit=500");
	assert_status(res, 200);
	json_t *items = api_jget(res->json, "items");
	assert_true(json_array_size(items) >= 1);
	size_t i;
	json_t *s;
	bool found = false;
	json_array_foreach(items, i, s)
	{
		assert_string_equal(api_jstr(s, "person_id"), me);
		found = found || strcmp(api_jstr(s, "month"), month) == 0;
	}
	assert_true(found);
	/* The finance officer sees everyone's. */
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/payslips?month=%s&limit=500", month);
	res = api_get(f.finance, path);
	assert_status(res, 200);
	assert_true(json_array_size(api_jget(res->json, "items")) > 1);
	/* The runs themselves are the centre's. */
	assert_error(api_get(doctor, "/api/v1/payroll-runs"), 403, "forbidden", NULL, NULL);
	free(me);
	api_client_free(doctor);
	fixture_free(&f);
}

static void the_pay_slips_export_to_a_workbook(void **state)
{
	struct fixture f;
	fixture(*state, &f);
	char month[8], path[160];
	month_back(44, month);
	struct api_res *res = run(f.finance, f.centre, month, NULL);
	assert_status(res, 201);
	size_t n = json_array_size(api_jget(res->json, "payslips"));
	snprintf(path, sizeof(path), "/api/v1/payroll-runs/%s/payslips.xlsx", api_jstr(res->json, "id"));
	res = api_get(f.finance, path);
	assert_status(res, 200);
	assert_non_null(strstr(api_header(res, "Content-Type"), "spreadsheetml"));
	struct xlsx_sheet *sheet;
	char why[256];
	assert_int_equal(xlsx_read(res->body, res->body_len, &sheet, why, sizeof(why)), 0);
	assert_int_equal(sheet->rows, n + 1);
	bool net = false, insured = false;
	for (size_t col = 0; col < sheet->cols; col++) {
		net = net || strcmp(xlsx_cell(sheet, 0, col), "实发工资") == 0;
		insured = insured || strcmp(xlsx_cell(sheet, 0, col), "已参加社会保险") == 0;
	}
	xlsx_sheet_free(sheet);
	assert_true(net);
	assert_true(insured);
	fixture_free(&f);
}

static void a_profile_without_village_pay_is_refused(void **state)
{
	struct srv *s = *state;
	struct api_client *admin = api_login(s, "admin");
	char month[8];
	month_back(14, month);
	char *centre = sql_value(s, "SELECT id FROM institutions WHERE kind = 'centre' AND "
				    "county_code = '361125' ORDER BY id LIMIT 1");
	struct api_res *res = run(admin, centre, month, NULL);
	assert_error(res, 422, "rule_violation", "centre_id", "LB-FIN-1");
	assert_non_null(strstr(api_jstr(res->json, "error.message"), "乡聘村用"));
	/* A clinic is not a centre. */
	char *clinic = sql_value(s, "SELECT id FROM institutions WHERE kind = 'clinic' AND "
				    "county_code = '450205' ORDER BY id LIMIT 1");
	assert_error(run(admin, clinic, month, NULL), 422, "invalid_field", "centre_id", NULL);
	free(clinic);
	free(centre);
	api_client_free(admin);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(a_run_pays_everyone_on_contract_and_posts_balanced_vouchers),
	    cmocka_unit_test(performance_pay_waits_for_the_quarters_last_month),
	    cmocka_unit_test(an_exit_on_the_17th_is_paid_17_days_and_nothing_after),
	    cmocka_unit_test(a_dispatched_doctor_is_paid_the_same_way),
	    cmocka_unit_test(the_insured_have_their_share_withheld_and_no_old_age_subsidy),
	    cmocka_unit_test(an_assessment_scales_the_performance_pay),
	    cmocka_unit_test(a_month_is_run_once),
	    cmocka_unit_test(a_month_not_yet_over_is_refused),
	    cmocka_unit_test(the_auditor_reads_and_runs_nothing),
	    cmocka_unit_test(a_village_doctor_sees_only_their_own_slips),
	    cmocka_unit_test(the_pay_slips_export_to_a_workbook),
	    cmocka_unit_test(a_profile_without_village_pay_is_refused),
	};
	return cmocka_run_group_tests(tests, srv_setup_demo, srv_teardown);
}
