/* SPDX-License-Identifier: MIT */
/* This file contains the finance area's demo data: a year of books for the demo village
 * doctor's clinic and two others of its centre — receipts twice a week (some paid partly by
 * insurance), takings handed in every fortnight, the centre paying utilities, quarterly
 * subsidies and monthly insurance settlements paid out in full, the payroll, the assets and
 * audit visits — all balancing and verifying, and cases raising each of the area's alerts:
 * one clinic's takings held for three weeks (SR-FIN-3), a subsidy left unpaid (SR-FIN-3),
 * plus an asset missing at a check (SR-FIN-5) and an overdue rectification (SR-FIN-4). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/books.h"
#include "finance/finance.h"
#include "finance/finance_impl.h"
#include "finance/store.h"
#include "org/org.h"

struct seed {
	const char *clinic;
	int index; /* 0: the demo doctor's clinic */
	char today[11];
	struct app_error *err;
};

/* TODAY shifted by DAYS (negative: back) into OUT. */
static void day_offset(const char *today, long days, char out[11])
{
	long n = books_days_between("1970-01-01", today) + days;
	time_t t = (time_t)n * 86400;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static int receipt(struct db *db, struct seed *s, const char *on, long k)
{
	char id[37];
	/* Consultation fee always; TCM therapy or another treatment now and then; insurance
	 * pays part of every third visit. */
	json_t *lines = json_pack("[{s:s, s:s, s:i}]", "kind", "consultation", "description",
				  "一般诊疗费", "amount_fen", 1000);
	if (k % 3 == 0)
		json_array_append_new(lines, json_pack("{s:s, s:s, s:i}", "kind", "tcm", "description",
						       "针灸", "amount_fen", 2500 + (int)(k % 5) * 100));
	else if (k % 4 == 1)
		json_array_append_new(lines, json_pack("{s:s, s:s, s:i}", "kind", "treatment",
						       "description", "换药", "amount_fen", 800));
	char payer[32];
	snprintf(payer, sizeof(payer), "患者%03ld", k % 200 + 1);
	json_t *body = json_pack("{s:s, s:s, s:s, s:o, s:i}", "clinic_id", s->clinic, "payer", payer,
				 "issued_on", on, "lines", lines, "insurance_fen",
				 k % 3 == 0 ? 1500 : 0);
	int rc = fin_receipt_issue(db, NULL, body, id, s->err);
	json_decref(body);
	return rc;
}

static int remit(struct db *db, struct seed *s, const char *through, const char *on)
{
	long long receipts = 0;
	int64_t cash = 0;
	int rc = fin_takings_due(db, s->clinic, through, &receipts, &cash);
	if (rc < 0 || cash == 0)
		return rc < 0 ? rc : 0;
	return fin_remit(db, NULL, s->clinic, through, cash, on, s->err);
}

static int due(struct db *db, struct seed *s, const char *kind, const char *period,
	       int64_t amount, const char *due_on, const char *paid_on)
{
	char id[37], source[64];
	snprintf(source, sizeof(source), "柳北财社〔%.4s〕%s号", due_on, period + 5);
	json_t *body = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s}", "clinic_id", s->clinic, "kind",
				 kind, "period", period, "amount_fen", (json_int_t)amount, "due_on",
				 due_on, "source_doc", source);
	int rc = fin_due_record(db, NULL, body, id, s->err);
	json_decref(body);
	if (rc < 0 || !paid_on)
		return rc;
	body = json_pack("{s:I, s:s}", "amount_fen", (json_int_t)amount, "paid_on", paid_on);
	rc = fin_due_pay(db, NULL, id, body, s->err);
	json_decref(body);
	return rc;
}

static int utilities(struct db *db, struct seed *s, const char *on, int month)
{
	char summary[64], source[64];
	snprintf(summary, sizeof(summary), "%d月水电费（卫生院代付）", month);
	snprintf(source, sizeof(source), "电费发票 %.4s%02d-%d", on, month, s->index + 1);
	struct fin_line lines[] = {
		{.account_code = "5301", .debit_fen = 6800 + s->index * 500},
		{.account_code = FIN_CENTRE_HOLDS, .credit_fen = 6800 + s->index * 500,
		 .memo = "卫生院代付"},
	};
	struct fin_voucher v = {.institution_id = s->clinic, .date = on, .kind = "expense",
				.summary = summary, .source_doc = source, .lines = lines,
				.nlines = 2};
	return fin_post(db, NULL, &v, NULL, NULL, s->err);
}

/* A year of one clinic's books, in one transaction. */
static int clinic_year(struct db *db, void *cls)
{
	struct seed *s = cls;
	char on[11], through[11], period[8];
	int rc = 0;
	/* Receipts twice a week, oldest first; takings handed in every other Monday, except
	 * that the second clinic has held the last three weeks' (the SR-FIN-3 alert). */
	long stop = s->index == 1 ? 21 : 3;
	for (long day = 364, k = 0; rc >= 0 && day >= 0; day--) {
		if (day % 7 == 2 || day % 7 == 5) {
			day_offset(s->today, -day, on);
			rc = receipt(db, s, on, k++);
		}
		if (rc >= 0 && day % 14 == 0 && day >= stop) {
			day_offset(s->today, -day, on);
			day_offset(s->today, -day - 1, through);
			rc = remit(db, s, through, on);
		}
	}
	/* Monthly: utilities paid by the centre and the insurance settlement, paid out in
	 * full; quarterly: the two subsidies (LB-FIN-1's performance pay comes from them). */
	for (int m = 12; rc >= 0 && m >= 1; m--) {
		char first[11], last[11];
		day_offset(s->today, -30L * m, on);
		snprintf(period, sizeof(period), "%.7s", on);
		books_period(period, first, last);
		if (strcmp(last, s->today) >= 0)
			continue;
		rc = utilities(db, s, last, atoi(period + 5));
		int64_t claims = 0;
		char settled[11];
		day_offset(last, 5, settled);
		if (strcmp(settled, s->today) > 0)
			snprintf(settled, sizeof(settled), "%s", s->today);
		if (rc >= 0)
			rc = fin_balance(db, s->clinic, FIN_INSURANCE_DUE, last, &claims);
		if (rc >= 0 && claims > 0)
			rc = due(db, s, "insurance_settlement", period, claims, last, settled);
		if (rc >= 0 && (atoi(period + 5) % 3) == 0) {
			char q[24], paid[11];
			snprintf(q, sizeof(q), "%.4s-Q%d", period, atoi(period + 5) / 3);
			day_offset(last, 10, paid);
			/* The demo clinic's last quarter's public-health subsidy is not paid. */
			bool unpaid = s->index == 0 && m <= 3;
			if (strcmp(paid, s->today) > 0)
				snprintf(paid, sizeof(paid), "%s", s->today);
			rc = due(db, s, "public_health_subsidy", q, 900000, last, unpaid ? NULL : paid);
			if (rc >= 0)
				rc = due(db, s, "essential_drug_subsidy", q, 450000, last, paid);
		}
	}
	return rc < 0 ? rc : 0;
}

int fin_demo_seed(struct db *db, struct app_error *err)
{
	struct db_res *clinics = NULL;
	char today[11];
	org_today(today);
	int rc = store_demo_clinics(db, &clinics);
	for (size_t i = 0; rc >= 0 && i < db_res_rows(clinics); i++) {
		struct seed s = {.clinic = db_res_text(clinics, i, 0), .index = (int)i, .err = err};
		memcpy(s.today, today, sizeof(today));
		rc = db_run_transaction(db, "demo books", clinic_year, &s);
	}
	db_res_free(clinics);
	if (rc < 0) {
		if (rc != DB_ABORT)
			err_set(err, ERR_INTERNAL, NULL, NULL, "演示账簿写入失败");
		return -1;
	}
	if (fin_payroll_demo(db, today, err) != 0 || fin_asset_demo(db, today, err) != 0 ||
	    fin_audit_demo(db, today, err) != 0)
		return -1;
	return 0;
}
