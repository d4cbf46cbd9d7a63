/* SPDX-License-Identifier: MIT */
/* This file contains month close (月末结账): a month that has ended is closed for good, with
 * every earlier month still open, sealing the chain's head (seq and hash) and recording each
 * month's debit and credit totals, so that nothing can later be posted into it (SR-FIN-2)
 * and `books verify` can prove the sealed part of the chain unchanged. Also its handlers. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "core/books.h"
#include "db/crud.h"
#include "finance/finance.h"
#include "finance/finance_impl.h"
#include "finance/store.h"
#include "http/handlers.h"
#include "org/org.h"
#include "org/org_impl.h"

/* Whether V is a month "YYYY-MM" (01..12). */
static bool is_month(const char *v)
{
	if (!v || strlen(v) != 7 || v[4] != '-')
		return false;
	for (int i = 0; i < 7; i++)
		if (i != 4 && !isdigit((unsigned char)v[i]))
			return false;
	int m = (v[5] - '0') * 10 + (v[6] - '0');
	return m >= 1 && m <= 12;
}

static bool check_month(const json_t *value)
{
	return is_month(json_string_value(value));
}

static const struct ent_field close_fields[] = {
	{"id", "编号", ENT_ID, EF_READONLY | EF_SORT},
	{"institution_id", "账套（机构）", ENT_ID, EF_READONLY},
	{"month", "结账月份", ENT_TEXT, EF_REQUIRED | EF_SORT | EF_FILTER, 7, 7,
	 .check = check_month, .check_message = "须为 YYYY-MM 格式的月份，如 2026-06"},
	{"head_seq", "封存时的链序号", ENT_INT, EF_READONLY},
	{"head_hash", "封存时的链头哈希", ENT_TEXT, EF_READONLY},
	{"debit_fen", "本月借方合计（分）", ENT_MONEY, EF_READONLY},
	{"credit_fen", "本月贷方合计（分）", ENT_MONEY, EF_READONLY},
	ENT_STANDARD_FIELDS,
};

/* A month close (月结), one row per month closed. */
const struct entity book_close_entity = {
	.name = "book_close",
	.label = "月结记录",
	.table = "fin_closes",
	.view = store_closes_view,
	ENT_FIELDS(close_fields),
	.default_sort = "-month",
};

struct close_txn {
	const struct principal *who;
	const char *institution_id, *month;
	char id[37]; /* the close of MONTH */
	struct app_error *err;
};

static int close_body(struct db *db, void *cls)
{
	struct close_txn *t = cls;
	struct store_place place;
	struct store_book book;
	char today[11], first[8], from[11], to[11], now[21];
	/* Opened if it has none yet: a month with no postings may still be closed. */
	int rc = fin_book_lock(db, t->who, t->institution_id, &place, &book, t->err);
	if (rc < 0)
		return rc;
	org_today(today);
	if (strncmp(t->month, today, 7) >= 0) {
		err_set(t->err, ERR_INVALID, "month", NULL,
			"只能结已经结束的月份：%s 尚未结束（今天是 %s）（month）", t->month, today);
		return DB_ABORT;
	}
	if (book.closed_through[0] && strcmp(t->month, book.closed_through) <= 0) {
		err_set(t->err, ERR_CONFLICT, "month", NULL,
			"%s的账已结至 %s，%s 已经结账（month）", place.name, book.closed_through,
			t->month);
		return DB_ABORT;
	}
	/* Closing a month closes every earlier open month too: each gets its own row, so the
	 * list shows every month's totals and none is left open behind a closed one. The
	 * first is the month after the last close, or the month of the book's first posting. */
	if (book.closed_through[0]) {
		books_next_month(book.closed_through, first);
	} else {
		char earliest[11];
		rc = store_book_first_posting(db, book.id, earliest);
		if (rc < 0)
			return rc;
		snprintf(first, sizeof(first), "%.7s", earliest[0] ? earliest : t->month);
		if (strcmp(first, t->month) > 0)
			snprintf(first, sizeof(first), "%s", t->month);
	}
	db_now(now);
	const char *by = org_by(t->who);
	int64_t debit = 0, credit = 0;
	char month[8];
	snprintf(month, sizeof(month), "%s", first);
	for (;;) {
		if (!books_period(month, from, to))
			return DB_HARD;
		rc = store_month_totals(db, book.id, from, to, &debit, &credit);
		if (rc < 0)
			return rc;
		db_new_id(t->id);
		rc = store_close_insert(db, t->id, &book, month, debit, credit, now, by);
		if (rc < 0)
			return rc;
		if (strcmp(month, t->month) >= 0)
			break;
		books_next_month(month, month);
	}
	json_t *after = json_pack("{s:s, s:s, s:s, s:I, s:s, s:I, s:I}", "institution_id",
				  t->institution_id, "from_month", first, "month", t->month,
				  "head_seq", (json_int_t)book.head_seq, "head_hash", book.head_hash,
				  "debit_fen", (json_int_t)debit, "credit_fen", (json_int_t)credit);
	rc = audit_append(db, t->who, "close", "book_close", t->id, NULL, after);
	json_decref(after);
	return rc < 0 ? rc : 0;
}

/* GET /api/v1/institutions/{id}/closes: the book's month closes, newest month first (records
 * of book_close_entity). */
enum MHD_Result fin_h_closes(struct req *r)
{
	struct app_error err;
	struct ent_list l;
	json_t *items;
	bool more;
	if (req_list(r, &book_close_entity, NULL, &l, &err) != 0)
		return reply_error(r, &err);
	int rc = store_closes_list(r->db, &book_close_entity, req_param(r, "id"), &l, &items,
				   &more);
	if (rc < 0) {
		ent_list_clear(&l);
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	}
	enum MHD_Result ret = reply_page(r, items, more, &l);
	ent_list_clear(&l);
	return ret;
}

/* POST /api/v1/institutions/{id}/closes {"month": "YYYY-MM"}: close MONTH and every open
 * month before it. 201 with the close of MONTH; 422 for a month not yet ended, 409 for a
 * month already closed. */
enum MHD_Result fin_h_close(struct req *r)
{
	struct app_error err;
	if (ent_validate(&book_close_entity, r->json, ENT_CREATE, &err) != 0)
		return reply_error(r, &err);
	struct close_txn t = {
		.who = &r->who,
		.institution_id = req_param(r, "id"),
		.month = json_string_value(json_object_get(r->json, "month")),
		.err = &err,
	};
	int rc = db_run_transaction(r->db, "month close", close_body, &t);
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	json_t *rec = crud_get_view(r->db, &book_close_entity, t.id, NULL, &err);
	return rec ? reply_json(r, MHD_HTTP_CREATED, rec) : reply_error(r, &err);
}
