/* SPDX-License-Identifier: MIT */
/* This file contains the payroll of village doctors employed by the township (乡聘村用,
 * LB-FIN-1, LB-FIN-2, LB-FIN-3): a run per centre per month pays everyone on contract at
 * its clinics for the days they served (nothing after an exit date or the contract's end,
 * LB-STF-7; dispatched staff the same way), from the profile's pay parameters and each
 * clinic's own income (每村独立核算); it posts one voucher to each clinic's book and records
 * the city / district funding split. Also the pay slips, the demo's payrolls and the HTTP
 * handlers. The arithmetic is in core/pay_rules.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/pay_rules.h"
#include "db/crud.h"
#include "finance/finance.h"
#include "finance/finance_impl.h"
#include "finance/store.h"
#include "http/handlers.h"
#include "org/org.h"
#include "org/org_impl.h"
#include "staff/staff.h"

static const struct ent_enum periods[] = {
	{"month", "按月"}, {"quarter", "按季度"}, {NULL, NULL},
};

static bool is_month(const json_t *v)
{
	char first[11], last[11];
	return pay_month_bounds(json_string_value(v), first, last, NULL) == 0;
}

static const struct ent_field run_fields[] = {
	{"id", "编号", ENT_ID, EF_READONLY | EF_SORT},
	{"centre_id", "卫生院", ENT_ID, EF_REQUIRED | EF_IMMUTABLE | EF_FILTER},
	{"centre_name", "卫生院名称", ENT_TEXT, EF_READONLY},
	{"month", "工资月份", ENT_TEXT, EF_REQUIRED | EF_IMMUTABLE | EF_FILTER | EF_SORT, 7, 7,
	 .check = is_month, .check_message = "应为年月 YYYY-MM"},
	/* The assessment results (考核结果) arrive from the assessment area: {person_id: pct}. */
	{"assessments", "考核结果（人员编号 → 百分比，缺省 100）", ENT_JSON,
	 EF_VIRTUAL | EF_NOLIST | EF_NULLABLE},
	{"profile_id", "政策配置", ENT_TEXT, EF_READONLY},
	{"performance_period", "绩效发放周期", ENT_ENUM, EF_READONLY, .enums = periods},
	{"slips", "工资条数", ENT_INT, EF_READONLY},
	{"base_fen", "基本工资", ENT_MONEY, EF_READONLY},
	{"performance_fen", "绩效工资", ENT_MONEY, EF_READONLY},
	{"increment_fen", "绩效工资增量", ENT_MONEY, EF_READONLY},
	{"old_age_subsidy_fen", "养老生活补助", ENT_MONEY, EF_READONLY},
	{"gross_fen", "应发合计", ENT_MONEY, EF_READONLY | EF_SORT},
	{"employer_si_fen", "单位缴纳社会保险费", ENT_MONEY, EF_READONLY},
	{"personal_si_fen", "代扣个人社会保险费", ENT_MONEY, EF_READONLY},
	{"net_fen", "实发合计", ENT_MONEY, EF_READONLY},
	{"city_fen", "市级财政承担（LB-FIN-3）", ENT_MONEY, EF_READONLY},
	{"district_fen", "区级财政承担（LB-FIN-3）", ENT_MONEY, EF_READONLY},
	/* The pay slips come with one run, not with lists. */
	{"payslips", "工资条", ENT_JSON, EF_READONLY | EF_VIRTUAL | EF_NOLIST},
	ENT_STANDARD_FIELDS,
};

const struct entity payroll_run_entity = {
	.name = "payroll_run",
	.label = "工资发放批次",
	.table = "fin_payroll_runs",
	.view = store_payroll_runs_view,
	ENT_FIELDS(run_fields),
	.default_sort = "-month",
};

static const struct ent_field slip_fields[] = {
	{"id", "编号", ENT_ID, EF_READONLY | EF_SORT},
	{"run_id", "工资发放批次", ENT_ID, EF_READONLY | EF_FILTER},
	{"month", "工资月份", ENT_TEXT, EF_READONLY | EF_FILTER | EF_SORT},
	{"person_id", "人员", ENT_ID, EF_READONLY | EF_FILTER},
	{"person_name", "姓名", ENT_TEXT, EF_READONLY | EF_SORT},
	{"clinic_id", "村卫生室", ENT_ID, EF_READONLY | EF_FILTER},
	{"clinic_name", "村卫生室名称", ENT_TEXT, EF_READONLY | EF_SORT},
	{"contract_id", "合同", ENT_ID, EF_READONLY},
	{"contract_type", "用工形式", ENT_ENUM, EF_READONLY | EF_FILTER, .enums = staff_contract_types},
	{"days_paid", "计薪天数", ENT_INT, EF_READONLY},
	{"days_in_month", "当月天数", ENT_INT, EF_READONLY},
	{"period_days", "绩效期内在岗天数", ENT_INT, EF_READONLY},
	{"performance_pool_fen", "本室绩效工资总额", ENT_MONEY, EF_READONLY},
	{"increment_pool_fen", "本室绩效增量总额", ENT_MONEY, EF_READONLY},
	{"assessment_pct", "考核结果（%）", ENT_INT, EF_READONLY},
	{"insured", "已参加社会保险", ENT_BOOL, EF_READONLY | EF_FILTER},
	{"base_fen", "基本工资", ENT_MONEY, EF_READONLY},
	{"performance_fen", "绩效工资", ENT_MONEY, EF_READONLY},
	{"increment_fen", "绩效工资增量", ENT_MONEY, EF_READONLY},
	{"old_age_subsidy_fen", "养老生活补助", ENT_MONEY, EF_READONLY},
	{"gross_fen", "应发合计", ENT_MONEY, EF_READONLY | EF_SORT},
	{"employer_si_fen", "单位缴纳社会保险费", ENT_MONEY, EF_READONLY},
	{"personal_si_fen", "代扣个人社会保险费", ENT_MONEY, EF_READONLY},
	{"net_fen", "实发工资", ENT_MONEY, EF_READONLY | EF_SORT},
	{"voucher_id", "记账凭证", ENT_ID, EF_READONLY | EF_NULLABLE},
	ENT_STANDARD_FIELDS,
};

const struct entity payslip_entity = {
	.name = "payslip",
	.label = "工资条",
	.table = "fin_payslips",
	.view = store_payslips_view,
	ENT_FIELDS(slip_fields),
	.default_sort = "-month",
};

int fin_payroll_resolve(struct db *db, const char *id, char *path, size_t len, char owner[37])
{
	owner[0] = '\0';
	return store_payroll_scope(db, id, path, len);
}

/* ---- the profile's pay parameters ---- */

struct pay_profile {
	const char *id;
	struct pay_params params;
	bool quarterly;        /* performance pay in the quarter's last month */
	int64_t increment_pct; /* share of consultation and TCM income paid as increment */
	int64_t city, district; /* LB-FIN-3 ratio */
};

/* Integer NAME of GROUP, or -1 when absent or not an integer. */
static int64_t integer_in(const json_t *group, const char *name)
{
	const json_t *v = json_object_get(group, name);
	return json_is_integer(v) ? (int64_t)json_integer_value(v) : -1;
}

/* Integer I of ARRAY, or -1 when absent or not an integer. */
static int64_t integer_at(const json_t *array, size_t i)
{
	const json_t *v = json_array_get(array, i);
	return json_is_integer(v) ? (int64_t)json_integer_value(v) : -1;
}

/* The pay parameters of the profile in force for COUNTY on DATE into OUT. Returns 0, or -1
 * with ERR: a profile that sets no 乡聘村用 pay refuses citing LB-FIN-1. */
static int read_profile(const char *county, const char *date, const char *centre_name,
			struct pay_profile *out, struct app_error *err)
{
	const json_t *p = org_profile_for(county, date);
	const json_t *g = p ? org_profile_group(p, "pay") : NULL;
	if (!json_is_object(g))
		return err_set(err, ERR_RULE, "centre_id", "LB-FIN-1",
			       "%s适用的政策配置%s%s%s未规定“乡聘村用”乡村医生的工资待遇，不能计发工资",
			       centre_name, p ? "《" : "", p ? org_profile_name(p) : "",
			       p ? "》" : "");
	const json_t *split = json_object_get(g, "city_district_split");
	const char *period = json_string_value(json_object_get(g, "performance_period"));
	*out = (struct pay_profile){
	    .id = org_profile_id(p),
	    .params =
		{
		    .base_monthly_fen = integer_in(g, "base_monthly_fen"),
		    .employer_si_bp = integer_in(g, "employer_si_bp"),
		    .personal_si_bp = integer_in(g, "personal_si_bp"),
		    .old_age_subsidy_monthly_fen = integer_in(g, "old_age_subsidy_monthly_fen"),
		},
	    .quarterly = period && strcmp(period, "quarter") == 0,
	    .increment_pct = integer_in(g, "increment_share_pct"),
	    .city = integer_at(split, 0),
	    .district = integer_at(split, 1),
	};
	const struct pay_params *pp = &out->params;
	if (pp->base_monthly_fen < 0 || pp->employer_si_bp < 0 || pp->employer_si_bp > 10000 ||
	    pp->personal_si_bp < 0 || pp->personal_si_bp > 10000 ||
	    pp->old_age_subsidy_monthly_fen < 0 || out->increment_pct < 0 ||
	    out->increment_pct > 100 || !period ||
	    (strcmp(period, "month") != 0 && strcmp(period, "quarter") != 0) ||
	    json_array_size(split) != 2 || out->city < 0 || out->district < 0 ||
	    out->city + out->district <= 0)
		return err_set(err, ERR_INTERNAL, NULL, "LB-FIN-1",
			       "政策配置《%s》的工资参数（pay）不完整或有误：须有 base_monthly_fen、"
			       "employer_si_bp、personal_si_bp、old_age_subsidy_monthly_fen、"
			       "increment_share_pct、performance_period（month 或 quarter）与 "
			       "city_district_split [市, 区]",
			       org_profile_name(p));
	return 0;
}

/* ---- a run ---- */

/* The days of a run: the month, and the performance period ending with it (the month, or
 * the quarter when performance pay is quarterly and the month ends a quarter). */
struct period {
	char first[11], last[11]; /* the month */
	char from[11];            /* the performance period's first day */
	int days_in_month;
	int64_t from_day, first_day, last_day; /* day numbers */
	bool performance_due;                  /* performance pay is paid with this month */
};

static int period_of(const char *month, bool quarterly, struct period *out)
{
	if (pay_month_bounds(month, out->first, out->last, &out->days_in_month) != 0)
		return -1;
	int m = atoi(month + 5);
	out->performance_due = !quarterly || m % 3 == 0;
	snprintf(out->from, sizeof(out->from), "%s", out->first);
	if (quarterly && out->performance_due)
		snprintf(out->from, sizeof(out->from), "%.4s-%02u-01", month,
			 (unsigned)(m - 2) % 100u);
	if (pay_day_number(out->from, &out->from_day) != 0 ||
	    pay_day_number(out->first, &out->first_day) != 0 ||
	    pay_day_number(out->last, &out->last_day) != 0)
		return -1;
	return 0;
}

#define PERIOD_MAX_DAYS 92 /* the longest quarter */

/* One person at one clinic in the month: the strings are borrowed from the contracts'
 * result set. */
struct slip {
	const char *person_id, *contract_id, *contract_type;
	size_t clinic;
	bool insured;
	int pct;
	unsigned char served[PERIOD_MAX_DAYS]; /* per day of the performance period */
	int days_paid, period_days;
	int64_t performance_share, increment_share;
	struct pay_slip pay;
	char id[37];
};

struct clinic {
	const char *id, *name, *path;
	int64_t performance_pool, increment_pool;
	char voucher_id[37];
};

struct run_txn {
	const struct principal *who;
	const char *centre_id, *month;
	const json_t *assessments; /* borrowed, may be NULL */
	char id[37];
	struct app_error *err;
	/* Filled by the body. */
	struct db_res *centre, *contracts;
	struct pay_profile profile;
	struct period period;
	struct slip *slips;
	size_t nslips;
	struct clinic *clinics;
	size_t nclinics;
};

static void run_clear(struct run_txn *t)
{
	free(t->clinics);
	free(t->slips);
	db_res_free(t->contracts);
	db_res_free(t->centre);
	t->clinics = NULL;
	t->slips = NULL;
	t->contracts = NULL;
	t->centre = NULL;
	t->nslips = 0;
	t->nclinics = 0;
}

/* The centre, its profile's pay parameters, and no run for the month yet. Returns 0 or
 * DB_ABORT with ERR, or a negative db_status. */
static int check_centre(struct db *db, struct run_txn *t)
{
	int rc = store_payroll_centre(db, t->centre_id, &t->centre);
	if (rc == 0) {
		err_set(t->err, ERR_NOT_FOUND, "centre_id", NULL, "机构 %s 不存在", t->centre_id);
		return DB_ABORT;
	}
	if (rc < 0)
		return rc;
	const char *name = db_res_text(t->centre, 0, 2);
	if (strcmp(db_res_text(t->centre, 0, 1), "centre") != 0) {
		err_set(t->err, ERR_INVALID, "centre_id", NULL,
			"%s不是乡镇卫生院：工资由卫生院按月为所辖村卫生室的乡村医生计发", name);
		return DB_ABORT;
	}
	char first[11], last[11];
	pay_month_bounds(t->month, first, last, NULL);
	if (read_profile(db_res_text(t->centre, 0, 4), last, name, &t->profile, t->err) != 0)
		return DB_ABORT;
	if (period_of(t->month, t->profile.quarterly, &t->period) != 0)
		return DB_HARD;
	rc = store_payroll_exists(db, t->centre_id, t->month);
	if (rc == DB_ONE) {
		err_set(t->err, ERR_CONFLICT, "month", NULL, "%s %s 的工资已经计发，每月只计发一次",
			name, t->month);
		return DB_ABORT;
	}
	return rc < 0 ? rc : 0;
}

/* The slip of PERSON at clinic index CLINIC, added if new. */
static struct slip *slip_of(struct run_txn *t, const char *person, size_t clinic)
{
	for (size_t i = 0; i < t->nslips; i++)
		if (t->slips[i].clinic == clinic && strcmp(t->slips[i].person_id, person) == 0)
			return &t->slips[i];
	struct slip *s = &t->slips[t->nslips++];
	memset(s, 0, sizeof(*s));
	s->person_id = person;
	s->clinic = clinic;
	s->pct = 100;
	return s;
}

/* Group the contracts by person and clinic: the days each served in the performance period
 * (the union of their contracts' days, none after the exit date), the contract of the month
 * (the latest), the clinics. Drops those with no day paid in the month itself. */
static int gather(struct run_txn *t)
{
	size_t n = db_res_rows(t->contracts);
	const struct period *pd = &t->period;
	t->slips = calloc(n ? n : 1, sizeof(*t->slips));
	t->clinics = calloc(n ? n : 1, sizeof(*t->clinics));
	if (!t->slips || !t->clinics)
		return DB_HARD;
	for (size_t r = 0; r < n; r++) {
		const struct db_res *c = t->contracts;
		const char *clinic_id = db_res_text(c, r, 3);
		size_t k = t->nclinics;
		if (k == 0 || strcmp(t->clinics[k - 1].id, clinic_id) != 0) {
			t->clinics[k] = (struct clinic){.id = clinic_id,
							.name = db_res_text(c, r, 4),
							.path = db_res_text(c, r, 5)};
			t->nclinics++;
		}
		struct slip *s = slip_of(t, db_res_text(c, r, 1), t->nclinics - 1);
		s->insured = db_res_int(c, r, 10) != 0;
		int64_t from, to, exit_day;
		if (pay_day_number(db_res_text(c, r, 7), &from) != 0 ||
		    pay_day_number(db_res_text(c, r, 8), &to) != 0)
			continue;
		/* LB-STF-7: the exit date is the last day paid. */
		if (!db_res_null(c, r, 9) && pay_day_number(db_res_text(c, r, 9), &exit_day) == 0 &&
		    exit_day < to)
			to = exit_day;
		if (from < pd->from_day)
			from = pd->from_day;
		if (to > pd->last_day)
			to = pd->last_day;
		bool in_month = false;
		for (int64_t d = from; d <= to; d++) {
			s->served[d - pd->from_day] = 1;
			in_month = in_month || d >= pd->first_day;
		}
		if (in_month) {
			/* Rows come by start date: the latest contract names the slip's. */
			s->contract_id = db_res_text(c, r, 0);
			s->contract_type = db_res_text(c, r, 6);
		}
	}
	size_t kept = 0;
	for (size_t i = 0; i < t->nslips; i++) {
		struct slip *s = &t->slips[i];
		for (int64_t d = pd->from_day; d <= pd->last_day; d++) {
			s->period_days += s->served[d - pd->from_day];
			if (d >= pd->first_day)
				s->days_paid += s->served[d - pd->from_day];
		}
		if (s->days_paid > 0)
			t->slips[kept++] = *s;
	}
	t->nslips = kept;
	return 0;
}

/* Each person's assessment percentage from T's assessments: every person named must be on
 * the run. Returns 0 or DB_ABORT with ERR. */
static int apply_assessments(struct run_txn *t)
{
	const char *person;
	json_t *pct;
	json_object_foreach((json_t *)t->assessments, person, pct)
	{
		bool found = false;
		for (size_t i = 0; i < t->nslips; i++) {
			if (strcmp(t->slips[i].person_id, person) == 0) {
				t->slips[i].pct = (int)json_integer_value(pct);
				found = true;
			}
		}
		if (!found) {
			err_set(t->err, ERR_INVALID, "assessments", NULL,
				"考核结果中的人员 %s 不在%s %s 的工资表中", person,
				db_res_text(t->centre, 0, 2), t->month);
			return DB_ABORT;
		}
	}
	return 0;
}

/* The clinics' pools from their own books (每村独立核算) and everyone's shares and pay. */
static int compute(struct db *db, struct run_txn *t)
{
	const struct period *pd = &t->period;
	int64_t *weights = calloc(t->nslips ? t->nslips : 1, sizeof(*weights));
	int64_t *shares = calloc(t->nslips ? t->nslips : 1, sizeof(*shares));
	size_t *members = calloc(t->nslips ? t->nslips : 1, sizeof(*members));
	int rc = weights && shares && members ? 0 : DB_HARD;
	for (size_t k = 0; k < t->nclinics && rc >= 0; k++) {
		struct clinic *cl = &t->clinics[k];
		int64_t income = 0;
		/* Performance pay: the essential-drug and public-health subsidies of the period. */
		if (pd->performance_due)
			rc = store_payroll_income(db, cl->id, FIN_INC_ESSENTIAL,
						  FIN_INC_PUBLIC_HEALTH, pd->from, pd->last,
						  &cl->performance_pool);
		/* Its increment: the consultation fees and TCM therapy income of the month. */
		if (rc >= 0)
			rc = store_payroll_income(db, cl->id, FIN_INC_CONSULT, FIN_INC_TCM,
						  pd->first, pd->last, &income);
		if (rc < 0)
			break;
		/* Reversals may outweigh a period's income: nothing to share then. */
		if (cl->performance_pool < 0)
			cl->performance_pool = 0;
		cl->increment_pool = pay_prorate(income, t->profile.increment_pct, 100);
		size_t n = 0;
		for (size_t i = 0; i < t->nslips; i++)
			if (t->slips[i].clinic == k)
				members[n++] = i;
		for (size_t j = 0; j < n; j++)
			weights[j] = t->slips[members[j]].period_days;
		pay_shares(cl->performance_pool, weights, n, shares);
		for (size_t j = 0; j < n; j++)
			t->slips[members[j]].performance_share = shares[j];
		for (size_t j = 0; j < n; j++)
			weights[j] = t->slips[members[j]].days_paid;
		pay_shares(cl->increment_pool, weights, n, shares);
		for (size_t j = 0; j < n; j++)
			t->slips[members[j]].increment_share = shares[j];
	}
	for (size_t i = 0; i < t->nslips && rc >= 0; i++) {
		struct slip *s = &t->slips[i];
		struct pay_input in = {
		    .days_in_month = pd->days_in_month,
		    .days_paid = s->days_paid,
		    .performance_share_fen = s->performance_share,
		    .increment_share_fen = s->increment_share,
		    .assessment_pct = s->pct,
		    .insured = s->insured,
		};
		pay_compute(&t->profile.params, &in, &s->pay);
	}
	free(members);
	free(shares);
	free(weights);
	return rc;
}

/* The sums of the slips at clinic index K (every clinic when K is the number of clinics). */
static struct pay_slip total_of(const struct run_txn *t, size_t k)
{
	struct pay_slip sum = {0};
	for (size_t i = 0; i < t->nslips; i++) {
		const struct pay_slip *p = &t->slips[i].pay;
		if (k < t->nclinics && t->slips[i].clinic != k)
			continue;
		sum.base_fen += p->base_fen;
		sum.performance_fen += p->performance_fen;
		sum.increment_fen += p->increment_fen;
		sum.old_age_subsidy_fen += p->old_age_subsidy_fen;
		sum.gross_fen += p->gross_fen;
		sum.employer_si_fen += p->employer_si_fen;
		sum.personal_si_fen += p->personal_si_fen;
		sum.net_fen += p->net_fen;
	}
	return sum;
}

static int insert_run(struct db *db, struct run_txn *t)
{
	struct pay_slip sum = total_of(t, t->nclinics);
	int64_t city, district;
	/* LB-FIN-3: the salary subsidy (base pay) and the employer's insurance share. */
	pay_split(sum.base_fen + sum.employer_si_fen, t->profile.city, t->profile.district, &city,
		  &district);
	json_t *rec = json_pack(
	    "{s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
	    "centre_id", t->centre_id, "month", t->month, "profile_id", t->profile.id,
	    "performance_period", t->profile.quarterly ? "quarter" : "month", "slips",
	    (json_int_t)t->nslips, "base_fen", (json_int_t)sum.base_fen, "performance_fen",
	    (json_int_t)sum.performance_fen, "increment_fen", (json_int_t)sum.increment_fen,
	    "old_age_subsidy_fen", (json_int_t)sum.old_age_subsidy_fen, "gross_fen",
	    (json_int_t)sum.gross_fen, "employer_si_fen", (json_int_t)sum.employer_si_fen,
	    "personal_si_fen", (json_int_t)sum.personal_si_fen, "net_fen", (json_int_t)sum.net_fen,
	    "city_fen", (json_int_t)city, "district_fen", (json_int_t)district);
	json_t *extra = json_pack("{s:s, s:s}", "id", t->id, "path", db_res_text(t->centre, 0, 3));
	int rc = rec && extra ? crud_insert(db, &payroll_run_entity, rec, extra, org_by(t->who))
			      : DB_HARD;
	if (rc == DB_CONSTRAINT) {
		/* Another run of the month committed first. */
		err_set(t->err, ERR_CONFLICT, "month", NULL, "%s %s 的工资已经计发，每月只计发一次",
			db_res_text(t->centre, 0, 2), t->month);
		rc = DB_ABORT;
	}
	json_decref(extra);
	json_decref(rec);
	return rc < 0 ? rc : 0;
}

/* Add a line to LINES (*N so far) unless its amount is zero. */
static void add_line(struct fin_line *lines, size_t *n, const char *account, int64_t debit,
		     int64_t credit, const char *memo)
{
	if (debit == 0 && credit == 0)
		return;
	lines[(*n)++] = (struct fin_line){
	    .account_code = account, .debit_fen = debit, .credit_fen = credit, .memo = memo};
}

/* The payroll voucher of clinic index K in its own book, dated the month's last day. */
static int post_voucher(struct db *db, struct run_txn *t, size_t k)
{
	struct clinic *cl = &t->clinics[k];
	struct pay_slip sum = total_of(t, k);
	struct fin_line lines[6];
	size_t n = 0, people = 0;
	char summary[160], source[160], si_memo[128];
	for (size_t i = 0; i < t->nslips; i++)
		people += t->slips[i].clinic == k;
	snprintf(si_memo, sizeof(si_memo), "单位缴纳 %lld 分，代扣个人 %lld 分",
		 (long long)sum.employer_si_fen, (long long)sum.personal_si_fen);
	add_line(lines, &n, FIN_EXP_BASE_PAY, sum.base_fen, 0, "基本工资");
	add_line(lines, &n, FIN_EXP_PERF_PAY, sum.performance_fen + sum.increment_fen, 0,
		 "绩效工资及增量（考核后发放）");
	add_line(lines, &n, FIN_EXP_OLD_AGE, sum.old_age_subsidy_fen, 0,
		 "养老生活补助（未参保人员，LB-FIN-2）");
	add_line(lines, &n, FIN_EXP_SI, sum.employer_si_fen, 0, "单位缴纳社会保险费（LB-FIN-2）");
	add_line(lines, &n, FIN_WAGES_PAYABLE, 0, sum.net_fen, "实发工资");
	add_line(lines, &n, FIN_SI_PAYABLE, 0, sum.employer_si_fen + sum.personal_si_fen, si_memo);
	if (n == 0)
		return 0; /* nothing to pay: a base of 0 and no pools */
	snprintf(summary, sizeof(summary), "%s %s 乡聘村用人员工资（%zu 人）", t->month, cl->name,
		 people);
	snprintf(source, sizeof(source), "工资表 %s（%s）", t->month, db_res_text(t->centre, 0, 2));
	struct fin_voucher v = {
	    .institution_id = cl->id,
	    .date = t->period.last,
	    .kind = "payroll",
	    .summary = summary,
	    .source_doc = source,
	    .doc_type = "payroll_run",
	    .doc_id = t->id,
	    .lines = lines,
	    .nlines = n,
	};
	return fin_post(db, t->who, &v, cl->voucher_id, NULL, t->err);
}

static int insert_slip(struct db *db, struct run_txn *t, struct slip *s)
{
	const struct clinic *cl = &t->clinics[s->clinic];
	const struct pay_slip *p = &s->pay;
	db_new_id(s->id);
	json_t *rec = json_pack(
	    "{s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:i, s:I, s:I, s:i, s:b, s:I, s:I, s:I, s:I, "
	    "s:I, s:I, s:I, s:I}",
	    "run_id", t->id, "person_id", s->person_id, "clinic_id", cl->id, "contract_id",
	    s->contract_id, "contract_type", s->contract_type, "month", t->month, "days_paid",
	    s->days_paid, "days_in_month", t->period.days_in_month, "period_days", s->period_days,
	    "performance_pool_fen", (json_int_t)cl->performance_pool, "increment_pool_fen",
	    (json_int_t)cl->increment_pool, "assessment_pct", s->pct, "insured", s->insured,
	    "base_fen", (json_int_t)p->base_fen, "performance_fen", (json_int_t)p->performance_fen,
	    "increment_fen", (json_int_t)p->increment_fen, "old_age_subsidy_fen",
	    (json_int_t)p->old_age_subsidy_fen, "gross_fen", (json_int_t)p->gross_fen,
	    "employer_si_fen", (json_int_t)p->employer_si_fen, "personal_si_fen",
	    (json_int_t)p->personal_si_fen, "net_fen", (json_int_t)p->net_fen);
	if (rec && cl->voucher_id[0])
		json_object_set_new(rec, "voucher_id", json_string(cl->voucher_id));
	json_t *extra = json_pack("{s:s, s:s}", "id", s->id, "path", cl->path);
	int rc = rec && extra ? crud_insert(db, &payslip_entity, rec, extra, org_by(t->who))
			      : DB_HARD;
	json_decref(extra);
	json_decref(rec);
	return rc < 0 ? rc : 0;
}

static int run_body(struct db *db, void *cls)
{
	struct run_txn *t = cls;
	json_t *after = NULL;
	run_clear(t); /* a retried transaction starts again */
	int rc = check_centre(db, t);
	if (rc >= 0)
		rc = store_payroll_contracts(db, t->centre_id, t->period.from, t->period.last,
					     &t->contracts);
	if (rc >= 0)
		rc = gather(t);
	if (rc >= 0 && t->nslips == 0) {
		err_set(t->err, ERR_INVALID, "month", "LB-FIN-1",
			"%s的村卫生室在 %s 没有在聘的乡村医生，没有工资可计发",
			db_res_text(t->centre, 0, 2), t->month);
		rc = DB_ABORT;
	}
	if (rc >= 0)
		rc = apply_assessments(t);
	if (rc >= 0)
		rc = compute(db, t);
	if (rc < 0)
		return rc;
	db_new_id(t->id);
	rc = insert_run(db, t);
	for (size_t k = 0; k < t->nclinics && rc >= 0; k++)
		rc = post_voucher(db, t, k);
	for (size_t i = 0; i < t->nslips && rc >= 0; i++)
		rc = insert_slip(db, t, &t->slips[i]);
	if (rc >= 0)
		rc = crud_get(db, &payroll_run_entity, "id", t->id, &after);
	if (rc == DB_NONE)
		rc = DB_HARD;
	if (rc > 0 && t->assessments)
		json_object_set(after, "assessments", (json_t *)t->assessments);
	if (rc > 0)
		rc = audit_append(db, t->who, "create", "payroll_run", t->id, NULL, after);
	json_decref(after);
	return rc < 0 ? rc : 0;
}

/* Run T in the caller's transaction if there is one, else in its own. Returns 0 or -1 with
 * ERR. */
static int run(struct db *db, struct run_txn *t)
{
	int rc = db_in_transaction(db) ? run_body(db, t)
				       : db_run_transaction(db, "payroll run", run_body, t);
	run_clear(t);
	return rc < 0 ? org_txn_error(rc, t->err) : 0;
}

/* ASSESSMENTS must be an object of percentages 0..100. Returns 0 or -1 with ERR. */
static int check_assessments(const json_t *assessments, struct app_error *err)
{
	if (!assessments || json_is_null(assessments))
		return 0;
	if (!json_is_object(assessments))
		return err_set(err, ERR_INVALID, "assessments", NULL,
			       "考核结果（assessments）应为对象：{人员编号: 百分比 0–100}");
	const char *person;
	json_t *pct;
	json_object_foreach((json_t *)assessments, person, pct)
	{
		if (!json_is_integer(pct) || json_integer_value(pct) < 0 ||
		    json_integer_value(pct) > 100)
			return err_set(err, ERR_INVALID, "assessments", NULL,
				       "人员 %s 的考核结果应为 0 到 100 的整数（百分比，100 为合格）",
				       person);
	}
	return 0;
}

int fin_payroll_run(struct db *db, const struct principal *who, const char *centre_id,
		    const char *month, const json_t *assessments, char id_out[37],
		    struct app_error *err)
{
	char first[11], last[11], today[11];
	if (pay_month_bounds(month, first, last, NULL) != 0)
		return err_set(err, ERR_INVALID, "month", NULL, "工资月份（month）应为年月 YYYY-MM");
	org_today(today);
	/* Pay is for the days actually served (LB-STF-7) and the month's own income: both are
	 * known once the month is over, and its voucher is dated on its last day. */
	if (strcmp(last, today) >= 0)
		return err_set(err, ERR_INVALID, "month", NULL,
			       "%s 尚未结束（今天是 %s）：工资在月末之后按实际在岗天数和当月收入计发",
			       month, today);
	if (check_assessments(assessments, err) != 0)
		return -1;
	struct run_txn t = {.who = who,
			    .centre_id = centre_id,
			    .month = month,
			    .assessments = json_is_object(assessments) ? assessments : NULL,
			    .err = err};
	if (run(db, &t) != 0)
		return -1;
	snprintf(id_out, 37, "%s", t.id);
	return 0;
}

/* ---- the demo ---- */

/* MONTH (YYYY-MM, 8 bytes) that is BACK months before TODAY's. */
static void month_before(const char *today, int back, char out[8])
{
	unsigned n = (unsigned)(atoi(today) * 12 + atoi(today + 5) - 1 - back);
	snprintf(out, 8, "%04u-%02u", n / 12 % 10000u, n % 12 + 1);
}

struct insure_txn {
	const char *person_id;
	struct app_error *err;
};

static int insure_body(struct db *db, void *cls)
{
	struct insure_txn *t = cls;
	json_t *yes = json_pack("{s:b}", "social_insured", 1);
	int rc = yes ? staff_person_change(db, NULL, t->person_id, yes, t->err) : DB_HARD;
	json_decref(yes);
	return rc;
}

/* The payroll of CENTRE_ID for the twelve months before TODAY's: every third of its people
 * insured through the township (LB-FIN-2), one assessed at 80 % in two quarters. */
static int demo_centre(struct db *db, const char *centre_id, const char *today,
		       struct app_error *err)
{
	struct db_res *people = NULL;
	int rc = store_payroll_demo_people(db, centre_id, &people);
	for (size_t i = 0; rc >= 0 && i < db_res_rows(people); i += 3) {
		struct insure_txn t = {.person_id = db_res_text(people, i, 0), .err = err};
		rc = db_in_transaction(db) ? insure_body(db, &t)
					   : db_run_transaction(db, "payroll demo", insure_body, &t);
		if (rc < 0 && rc != DB_ABORT)
			org_txn_error(rc, err);
	}
	for (int back = 12; rc >= 0 && back >= 1; back--) {
		char month[8];
		json_t *assessments = NULL;
		month_before(today, back, month);
		/* The performance pay of two quarters follows a lower assessment. */
		if (db_res_rows(people) > 1 && back > 6 && atoi(month + 5) % 3 == 0)
			assessments = json_pack("{s:i}", db_res_text(people, 1, 0), 80);
		struct run_txn t = {.centre_id = centre_id, .month = month,
				    .assessments = assessments, .err = err};
		rc = run(db, &t);
		json_decref(assessments);
	}
	db_res_free(people);
	return rc < 0 ? -1 : 0;
}

int fin_payroll_demo(struct db *db, const char *today, struct app_error *err)
{
	struct db_res *centres = NULL;
	int rc = store_payroll_demo_centres(db, &centres);
	if (rc < 0) {
		db_res_free(centres);
		return err_set(err, ERR_INTERNAL, NULL, NULL, "读取演示卫生院失败");
	}
	for (size_t i = 0; rc >= 0 && i < db_res_rows(centres); i++) {
		const json_t *p = org_profile_for(db_res_text(centres, i, 1), today);
		/* Only profiles that set 乡聘村用 pay have a payroll. */
		if (!p || !json_is_object(org_profile_group(p, "pay")))
			continue;
		rc = demo_centre(db, db_res_text(centres, i, 0), today, err);
	}
	db_res_free(centres);
	return rc < 0 ? -1 : 0;
}

/* ---- handlers ---- */

/* Every pay slip of run ID (a new array), or NULL. */
static json_t *slips_of(struct db *db, const char *run_id)
{
	struct ent_list l = {.e = &payslip_entity, .limit = 500};
	json_t *all = json_array(), *items;
	bool more = true;
	const struct ent_field *by_clinic = ent_field(&payslip_entity, "clinic_name");
	l.sort = by_clinic;
	for (l.offset = 0; all && more; l.offset += l.limit) {
		if (store_payslips_list(db, &payslip_entity, run_id, NULL, NULL, &l, &items, &more) <
		    0) {
			json_decref(all);
			return NULL;
		}
		json_array_extend(all, items);
		json_decref(items);
	}
	return all;
}

/* Run ID with its pay slips: new reference, or NULL with ERR. */
static json_t *run_view(struct db *db, const char *id, struct app_error *err)
{
	json_t *rec = crud_get_view(db, &payroll_run_entity, id, NULL, err);
	if (!rec)
		return NULL;
	json_t *slips = slips_of(db, id);
	if (!slips) {
		json_decref(rec);
		err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
		return NULL;
	}
	json_object_set_new(rec, "payslips", slips);
	return rec;
}

enum MHD_Result fin_h_payroll_create(struct req *r)
{
	struct app_error err;
	char id[37];
	if (ent_validate(&payroll_run_entity, r->json, ENT_CREATE, &err) != 0)
		return reply_error(r, &err);
	const char *centre_id = json_string_value(json_object_get(r->json, "centre_id"));
	const char *month = json_string_value(json_object_get(r->json, "month"));
	if (fin_payroll_run(r->db, &r->who, centre_id, month,
			    json_object_get(r->json, "assessments"), id, &err) != 0)
		return reply_error(r, &err);
	json_t *rec = run_view(r->db, id, &err);
	return rec ? reply_json(r, MHD_HTTP_CREATED, rec) : reply_error(r, &err);
}

enum MHD_Result fin_h_payroll_get(struct req *r)
{
	struct app_error err;
	json_t *rec = run_view(r->db, req_param(r, "id"), &err);
	return rec ? reply_json(r, MHD_HTTP_OK, rec) : reply_error(r, &err);
}

enum MHD_Result fin_h_payroll_list(struct req *r)
{
	return reply_scoped_list(r, &payroll_run_entity);
}

enum MHD_Result fin_h_payroll_export(struct req *r)
{
	struct app_error err;
	json_t *run = crud_get_view(r->db, &payroll_run_entity, req_param(r, "id"), NULL, &err);
	if (!run)
		return reply_error(r, &err);
	char title[192];
	snprintf(title, sizeof(title), "工资表 %s %s", json_string_value(json_object_get(run, "month")),
		 json_string_value(json_object_get(run, "centre_name")));
	json_decref(run);
	json_t *slips = slips_of(r->db, req_param(r, "id"));
	if (!slips)
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	return reply_xlsx(r, &payslip_entity, slips, title);
}

enum MHD_Result fin_h_payslips_list(struct req *r)
{
	struct app_error err;
	struct ent_list l;
	json_t *items;
	bool more;
	if (req_list(r, &payslip_entity, NULL, &l, &err) != 0)
		return reply_error(r, &err);
	/* A village doctor sees their own pay slips only, wherever they served. */
	const char *user_id = (r->who.role & ROLE_CLINIC) ? r->who.user_id : NULL;
	int rc = store_payslips_list(r->db, &payslip_entity, NULL, r->who.scope_path, user_id, &l,
				     &items, &more);
	ent_list_clear(&l);
	if (rc < 0)
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	return reply_page(r, items, more, &l);
}
