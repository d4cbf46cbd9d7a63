/* SPDX-License-Identifier: MIT */
/* The limit of benchmark e: the writes one receipt makes (the receipt, its number, the
 * balanced voucher and its postings chained into the clinic's book), done N times by one
 * process calling yitihua's own fin_receipt_issue inside db_run_transaction, one
 * transaction each — the API minus HTTP, JSON parsing, sign-in, scope and the read-back.
 * Linked against the project's objects (the top Makefile builds it). Prints receipts/s.
 * Also loads a year of books for the statements benchmark (-y, -k).
 *
 * Usage: receipts_bare [-y YEAR] [-k KINDS] DB USER N [CLINIC_ID...]
 *   DB: an SQLite file (synchronous=FULL, as yitihua opens it) or a PostgreSQL URL;
 *   USER: the demo user who issues (clinic: its own clinic; admin / finance: the CLINICs
 *   given, round robin); N: receipts; -y YEAR: dates spread over the year (default today);
 *   -k KINDS: charge lines per receipt, 1..4 (consultation, tcm, treatment, other; with
 *   KINDS > 1 part of each is paid by insurance: KINDS + 2 posting lines per receipt). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auth/auth.h"
#include "core/error.h"
#include "db/db.h"
#include "finance/finance.h"

struct issue {
	const struct principal *who;
	json_t *body;
	char id[37];
	struct app_error err;
};

static int issue_body(struct db *db, void *cls)
{
	struct issue *t = cls;
	return fin_receipt_issue(db, t->who, t->body, t->id, &t->err);
}

static int load_principal(struct db *db, const char *username, struct principal *who)
{
	struct db_res *res = NULL;
	int rc = db_exec(db, "SELECT u.id, u.role, u.institution_id, i.path FROM users u "
			     "JOIN institutions i ON i.id = u.institution_id WHERE u.username = $1",
			 DB_PARAMS(DB_TEXT(username)), &res);
	if (rc != 1) {
		db_res_free(res);
		return -1;
	}
	memset(who, 0, sizeof(*who));
	who->signed_in = true;
	who->role = role_parse(db_res_text(res, 0, 1));
	snprintf(who->user_id, sizeof(who->user_id), "%s", db_res_text(res, 0, 0));
	snprintf(who->username, sizeof(who->username), "%s", username);
	snprintf(who->institution_id, sizeof(who->institution_id), "%s", db_res_text(res, 0, 2));
	const char *path = db_res_text(res, 0, 3);
	snprintf(who->scope_path, sizeof(who->scope_path), "%s",
		 who->role & ROLE_ADMIN ? "/" : path);
	snprintf(who->remote, sizeof(who->remote), "bench");
	db_res_free(res);
	return 0;
}

int main(int argc, char **argv)
{
	int year = 0, kinds = 1, opt;
	while ((opt = getopt(argc, argv, "y:k:")) != -1) {
		if (opt == 'y')
			year = atoi(optarg);
		else if (opt == 'k')
			kinds = atoi(optarg);
		else
			return 2;
	}
	if (argc - optind < 3 || kinds < 1 || kinds > 4)
		return fprintf(stderr, "usage: receipts_bare [-y YEAR] [-k KINDS] DB USER N "
				       "[CLINIC_ID...]\n"),
		       2;
	const char *url = argv[optind], *user = argv[optind + 1];
	long n = atol(argv[optind + 2]);
	char **clinics = argv + optind + 3;
	int nclinics = argc - optind - 3;
	struct db *db;
	if (db_open(url, &db) != 0)
		return fprintf(stderr, "receipts_bare: cannot open %s\n", url), 1;
	struct principal who;
	if (load_principal(db, user, &who) != 0)
		return fprintf(stderr, "receipts_bare: no user %s\n", user), 1;
	static const char *kind_names[] = {"consultation", "tcm", "treatment", "other"};
	json_t *lines = json_array();
	for (int k = 0; k < kinds; k++)
		json_array_append_new(lines, json_pack("{s:s, s:I}", "kind", kind_names[k],
						       "amount_fen", (json_int_t)(1000 + 100 * k)));
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (long i = 0; i < n; i++) {
		struct issue t = {.who = &who};
		const char *clinic = nclinics ? clinics[i % nclinics] : who.institution_id;
		t.body = json_pack("{s:s, s:s, s:O}", "clinic_id", clinic, "payer", "B", "lines",
				   lines);
		if (kinds > 1)
			json_object_set_new(t.body, "insurance_fen", json_integer(500));
		if (year) {
			/* Spread over the year: day d of 360, months of 30 days capped at 28. */
			int d = (int)(i * 360 / n) % 360, y = year % 10000;
			char date[16];
			snprintf(date, sizeof(date), "%04d-%02d-%02d", y, d / 30 + 1,
				 d % 30 < 28 ? d % 30 + 1 : 28);
			json_object_set_new(t.body, "issued_on", json_string(date));
		}
		int rc = db_run_transaction(db, "bench receipt", issue_body, &t);
		json_decref(t.body);
		if (rc < 0) {
			fprintf(stderr, "receipts_bare: receipt %ld refused (%d): %s\n", i, rc,
				t.err.message);
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("%.0f\n", (double)n / secs);
	json_decref(lines);
	db_close(db);
	return 0;
}
