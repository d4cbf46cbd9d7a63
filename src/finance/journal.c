/* SPDX-License-Identifier: MIT */
/* This file contains posting: the one way an entry enters a book (a voucher with lines that
 * balance to the fen, numbered without gaps per book per year, each posting chained to the
 * one before by SHA-256), reversal (the only correction: a posted voucher is never edited or
 * deleted), and the book's journal, ledger and summary. Also the HTTP handlers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "core/books.h"
#include "db/crud.h"
#include "finance/finance.h"
#include "finance/finance_impl.h"
#include "finance/store.h"
#include "http/handlers.h"
#include "org/org.h"
#include "org/org_impl.h"

static const struct ent_enum voucher_kinds[] = {
	{"general", "记账凭证"},        {"receipt", "收费"},          {"receipt_cancel", "收费作废"},
	{"remittance", "收入上缴"},     {"expense", "代付支出"},      {"due", "应拨款项"},
	{"payout", "拨付"},             {"payroll", "工资"},          {"reversal", "红字冲销"},
	{NULL, NULL},
};

static const struct ent_field voucher_fields[] = {
	{"id", "编号", ENT_ID, EF_READONLY | EF_SORT},
	{"institution_id", "账套（机构）", ENT_ID, EF_REQUIRED | EF_IMMUTABLE | EF_FILTER},
	{"institution_name", "机构名称", ENT_TEXT, EF_READONLY},
	{"year", "年度", ENT_INT, EF_READONLY | EF_FILTER},
	{"serial", "凭证号", ENT_INT, EF_READONLY | EF_SORT},
	{"voucher_date", "凭证日期", ENT_DATE, EF_REQUIRED | EF_IMMUTABLE | EF_SORT},
	{"kind", "凭证类别", ENT_ENUM, EF_READONLY | EF_FILTER, .enums = voucher_kinds},
	{"summary", "摘要", ENT_TEXT, EF_REQUIRED | EF_IMMUTABLE, 1, 200},
	{"source_doc", "原始凭证（附件编号）", ENT_TEXT, EF_NULLABLE | EF_IMMUTABLE, 1, 200},
	{"doc_type", "来源单据类型", ENT_TEXT, EF_READONLY | EF_FILTER},
	{"doc_id", "来源单据", ENT_TEXT, EF_READONLY},
	{"reverses_id", "冲销的凭证", ENT_ID, EF_READONLY},
	{"reversed_by", "被冲销于", ENT_ID, EF_READONLY},
	{"total_fen", "金额（分）", ENT_MONEY, EF_READONLY | EF_SORT},
	{"lines", "分录", ENT_JSON, EF_REQUIRED | EF_IMMUTABLE | EF_VIRTUAL},
	ENT_STANDARD_FIELDS,
};

const struct entity voucher_entity = {
	.name = "voucher",
	.label = "记账凭证",
	.table = "fin_vouchers",
	.view = store_vouchers_view,
	ENT_FIELDS(voucher_fields),
	.default_sort = "voucher_date",
};

static const struct ent_field posting_fields[] = {
	{"seq", "链序号", ENT_INT, EF_READONLY | EF_SORT},
	{"voucher_id", "凭证", ENT_ID, EF_READONLY},
	{"year", "年度", ENT_INT, EF_READONLY},
	{"serial", "凭证号", ENT_INT, EF_READONLY},
	{"posted_on", "日期", ENT_DATE, EF_READONLY | EF_SORT},
	{"account_code", "科目编码", ENT_TEXT, EF_READONLY | EF_FILTER},
	{"summary", "摘要", ENT_TEXT, EF_READONLY},
	{"memo", "说明", ENT_TEXT, EF_READONLY},
	{"debit_fen", "借方（分）", ENT_MONEY, EF_READONLY},
	{"credit_fen", "贷方（分）", ENT_MONEY, EF_READONLY},
	{"balance_fen", "余额（分）", ENT_MONEY, EF_READONLY | EF_VIRTUAL},
	{"hash", "哈希", ENT_TEXT, EF_READONLY | EF_NOLIST},
};

const struct entity posting_entity = {
	.name = "posting",
	.label = "分录",
	.table = "fin_postings",
	ENT_FIELDS(posting_fields),
	.default_sort = "posted_on",
};

/* ---- posting ---- */

int fin_book_lock(struct db *db, const struct principal *who, const char *institution_id,
		     struct store_place *place, struct store_book *book, struct app_error *err)
{
	int rc = store_place(db, institution_id, place);
	if (rc == DB_NONE) {
		err_set(err, ERR_NOT_FOUND, "institution_id", NULL, "机构 %s 不存在",
			institution_id);
		return DB_ABORT;
	}
	if (rc < 0)
		return rc;
	if (strcmp(place->kind, "clinic") != 0 && strcmp(place->kind, "centre") != 0 &&
	    strcmp(place->kind, "community") != 0) {
		err_set(err, ERR_INVALID, "institution_id", "SR-FIN-1",
			"%s不是村卫生室或卫生院，没有账套（SR-FIN-1）", place->name);
		return DB_ABORT;
	}
	rc = store_book_lock(db, institution_id, book);
	if (rc != DB_NONE)
		return rc;
	char id[37], now[21];
	db_new_id(id);
	db_now(now);
	rc = store_book_open(db, id, institution_id, place->path, books_genesis, now, org_by(who));
	if (rc < 0)
		return rc;
	rc = store_book_lock(db, institution_id, book);
	return rc == DB_NONE ? DB_HARD : rc;
}

int fin_clinic_book_lock(struct db *db, const struct principal *who, const char *clinic_id,
			 struct store_place *place, struct store_book *book,
			 struct app_error *err)
{
	int rc = fin_book_lock(db, who, clinic_id, place, book, err);
	if (rc >= 0 && strcmp(place->kind, "clinic") != 0) {
		err_set(err, ERR_INVALID, "clinic_id", NULL,
			"%s不是村卫生室：收费、上缴和应拨款项都是村卫生室的（clinic_id）", place->name);
		rc = DB_ABORT;
	}
	return rc;
}

/* Whether the lines of V are well formed and balance (SR-FIN-2), name known accounts, carry
 * a source document for an expense (SR-FIN-2), and do not pay out a clinic's cash other than
 * by handing it in (SR-FIN-3). *TOTAL: the voucher's amount. 0, or -1 with ERR. */
static int check_lines(const struct fin_voucher *v, bool clinic, int64_t *total,
		       struct app_error *err)
{
	int64_t debit[v->nlines ? v->nlines : 1], credit[v->nlines ? v->nlines : 1];
	for (size_t i = 0; i < v->nlines; i++) {
		const struct fin_line *l = &v->lines[i];
		const struct fin_account *a = fin_account(l->account_code);
		if (!a)
			return err_set(err, ERR_INVALID, "lines", NULL,
				       "第 %zu 行的科目编码 %s 不在会计科目表中（lines）", i + 1,
				       l->account_code ? l->account_code : "（空）");
		if (a->needs_source && l->debit_fen > 0 && (!v->source_doc || !v->source_doc[0]))
			return err_set(err, ERR_RULE, "source_doc", "SR-FIN-2",
				       "支出（%s %s）须附原始凭证，请填写原始凭证编号（source_doc，"
				       "SR-FIN-2：支出有凭证）",
				       a->code, a->name);
		if (clinic && a->takings && l->credit_fen > 0 && strcmp(v->kind, "remittance") != 0 &&
		    strcmp(v->kind, "reversal") != 0)
			return err_set(err, ERR_RULE, "lines", "SR-FIN-3",
				       "村卫生室收取的现金须全额上缴卫生院，不得直接支出（坐收坐支，"
				       "SR-FIN-3）：第 %zu 行贷记%s，只能通过上缴凭证；支出请由卫生院"
				       "代付",
				       i + 1, a->name);
		debit[i] = l->debit_fen;
		credit[i] = l->credit_fen;
	}
	size_t bad = 0;
	switch (books_check_lines(debit, credit, v->nlines, total, &bad)) {
	case BOOKS_OK:
		return 0;
	case BOOKS_TOO_FEW:
		return err_set(err, ERR_RULE, "lines", "SR-FIN-2",
			       "凭证至少要有一借一贷两行分录（lines，SR-FIN-2）");
	case BOOKS_ONE_SIDED:
		return err_set(err, ERR_INVALID, "lines", "SR-FIN-2",
			       "第 %zu 行须只填借方或贷方中的一方，且金额为正（lines，SR-FIN-2）",
			       bad + 1);
	case BOOKS_UNBALANCED:
		return err_set(err, ERR_RULE, "lines", "SR-FIN-2",
			       "借贷不平衡：借方合计比贷方合计%s %lld.%02lld 元（lines，SR-FIN-2：借"
			       "贷必须相等，精确到分）",
			       *total > 0 ? "多" : "少", (long long)llabs(*total) / 100,
			       (long long)llabs(*total) % 100);
	case BOOKS_OVERFLOW:
		break;
	}
	return err_set(err, ERR_INVALID, "lines", NULL, "金额超出范围（lines）");
}

int fin_month_closed(struct db *db, const char *institution_id, const char *date, bool *closed,
		     char closed_through[8])
{
	struct store_book book;
	int rc = store_book_find(db, institution_id, &book);
	*closed = false;
	closed_through[0] = '\0';
	if (rc <= 0)
		return rc;
	snprintf(closed_through, 8, "%s", book.closed_through);
	*closed = book.closed_through[0] && strncmp(date, book.closed_through, 7) <= 0;
	return 0;
}

int fin_post(struct db *db, const struct principal *who, const struct fin_voucher *v,
	     char id_out[37], long long *serial, struct app_error *err)
{
	struct store_place place;
	struct store_book book;
	char today[11], now[21], id[37];
	int64_t total = 0;
	if (!v->date || !ent_is_date(v->date)) {
		err_set(err, ERR_INVALID, "voucher_date", NULL, "凭证日期须为 YYYY-MM-DD（voucher_date）");
		return DB_ABORT;
	}
	org_today(today);
	if (strcmp(v->date, today) > 0) {
		err_set(err, ERR_INVALID, "voucher_date", NULL, "凭证日期 %s 晚于今天（%s）",
			v->date, today);
		return DB_ABORT;
	}
	int rc = fin_book_lock(db, who, v->institution_id, &place, &book, err);
	if (rc < 0)
		return rc;
	if (check_lines(v, strcmp(place.kind, "clinic") == 0, &total, err) != 0)
		return DB_ABORT;
	if (book.closed_through[0] && strncmp(v->date, book.closed_through, 7) <= 0) {
		err_set(err, ERR_RULE, "voucher_date", "SR-FIN-2",
			"%s的账已结至 %s，结账月份不能再记账；更正请记入未结账的月份（voucher_date）",
			place.name, book.closed_through);
		return DB_ABORT;
	}
	int year = atoi(v->date);
	long long number = 0;
	rc = store_counter_next(db, book.id, "voucher", year, &number);
	if (rc < 0)
		return rc;
	db_new_id(id);
	db_now(now);
	const char *by = org_by(who);
	struct store_voucher row = {
		.id = id, .book_id = book.id, .institution_id = v->institution_id, .year = year,
		.serial = number, .date = v->date, .kind = v->kind, .summary = v->summary,
		.source_doc = v->source_doc, .doc_type = v->doc_type, .doc_id = v->doc_id,
		.reverses_id = v->reverses_id, .total_fen = total, .path = place.path, .now = now,
		.by = by,
	};
	rc = store_voucher_insert(db, &row);
	if (rc == DB_CONSTRAINT && v->reverses_id) {
		err_set(err, ERR_CONFLICT, NULL, "SR-FIN-2", "该凭证已被冲销过，一张凭证只能冲销一次");
		return DB_ABORT;
	}
	if (rc < 0)
		return rc;
	char prev[65], hash[65];
	snprintf(prev, sizeof(prev), "%s", book.head_hash);
	for (size_t i = 0; i < v->nlines; i++) {
		struct books_posting p = {
			.book_id = book.id, .seq = book.head_seq + (long long)i + 1, .voucher_id = id,
			.year = year, .serial = number, .voucher_date = v->date, .kind = v->kind,
			.summary = v->summary, .source_doc = v->source_doc,
			.reverses_id = v->reverses_id, .line_no = (long long)i + 1,
			.account_code = v->lines[i].account_code, .debit_fen = v->lines[i].debit_fen,
			.credit_fen = v->lines[i].credit_fen, .memo = v->lines[i].memo,
			.created_at = now, .created_by = by,
		};
		char posting_id[37];
		db_new_id(posting_id);
		books_posting_hash(prev, &p, hash);
		rc = store_posting_insert(db, posting_id, &p, prev, hash);
		if (rc < 0)
			return rc;
		memcpy(prev, hash, sizeof(prev));
	}
	rc = store_book_set_head(db, book.id, book.head_seq + (long long)v->nlines, prev, now, by);
	if (rc < 0)
		return rc;
	if (id_out)
		memcpy(id_out, id, 37);
	if (serial)
		*serial = number;
	return 0;
}

int fin_reverse(struct db *db, const struct principal *who, const char *id, const char *date,
		const char *reason, char new_id[37], struct app_error *err)
{
	struct db_res *row = NULL, *lines = NULL;
	struct fin_line *swapped = NULL;
	char today[11], summary[400];
	int rc = store_voucher_row(db, id, &row);
	if (rc == DB_NONE) {
		err_set(err, ERR_NOT_FOUND, NULL, NULL, "凭证 %s 不存在", id);
		rc = DB_ABORT;
	}
	if (rc < 0)
		goto out;
	if (!db_res_null(row, 0, 7)) {
		err_set(err, ERR_CONFLICT, NULL, "SR-FIN-2", "该凭证已被冲销过，一张凭证只能冲销一次");
		rc = DB_ABORT;
		goto out;
	}
	if (strcmp(db_res_text(row, 0, 3), "reversal") == 0) {
		err_set(err, ERR_CONFLICT, NULL, "SR-FIN-2",
			"冲销凭证不能再冲销；如冲销有误，请另行录入正确的凭证");
		rc = DB_ABORT;
		goto out;
	}
	rc = store_voucher_lines(db, id, &lines);
	if (rc < 0)
		goto out;
	size_t n = db_res_rows(lines);
	swapped = calloc(n ? n : 1, sizeof(*swapped));
	if (!swapped) {
		rc = DB_HARD;
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		swapped[i] = (struct fin_line){.account_code = db_res_text(lines, i, 1),
					       .debit_fen = db_res_int(lines, i, 3),
					       .credit_fen = db_res_int(lines, i, 2),
					       .memo = db_res_text(lines, i, 4)};
	org_today(today);
	snprintf(summary, sizeof(summary), "冲销 %s 的凭证：%s", db_res_text(row, 0, 2),
		 reason && reason[0] ? reason : "（未注明原因）");
	char source[64];
	snprintf(source, sizeof(source), "原凭证 %s", id);
	struct fin_voucher v = {
		.institution_id = db_res_text(row, 0, 1), .date = date ? date : today,
		.kind = "reversal", .summary = summary, .source_doc = source,
		.doc_type = db_res_text(row, 0, 5), .reverses_id = id, .lines = swapped,
		.nlines = n,
	};
	rc = fin_post(db, who, &v, new_id, NULL, err);
out:
	free(swapped);
	db_res_free(lines);
	db_res_free(row);
	return rc;
}

json_t *fin_voucher_lines(struct db *db, const char *voucher_id)
{
	struct db_res *res = NULL;
	if (store_voucher_lines(db, voucher_id, &res) < 0)
		return NULL;
	json_t *lines = json_array();
	for (size_t i = 0; i < db_res_rows(res); i++) {
		const struct fin_account *a = fin_account(db_res_text(res, i, 1));
		json_array_append_new(
			lines, json_pack("{s:I, s:s, s:s, s:I, s:I, s:s?, s:I}", "line_no",
					 (json_int_t)db_res_int(res, i, 0), "account_code",
					 db_res_text(res, i, 1), "account_name", a ? a->name : "",
					 "debit_fen", (json_int_t)db_res_int(res, i, 2), "credit_fen",
					 (json_int_t)db_res_int(res, i, 3), "memo",
					 db_res_text(res, i, 4), "seq", (json_int_t)db_res_int(res, i, 5)));
	}
	db_res_free(res);
	return lines;
}

/* Add each voucher's lines to ITEMS (records of voucher_entity). */
static int complete_vouchers(struct db *db, json_t *items)
{
	size_t i;
	json_t *rec;
	json_array_foreach(items, i, rec)
	{
		json_t *lines = fin_voucher_lines(db, json_string_value(json_object_get(rec, "id")));
		if (!lines)
			return DB_HARD;
		json_object_set_new(rec, "lines", lines);
	}
	return 0;
}

json_t *fin_voucher_get(struct db *db, const char *id, struct app_error *err)
{
	return crud_get_view(db, &voucher_entity, id, complete_vouchers, err);
}

int fin_balance(struct db *db, const char *institution_id, const char *account, const char *on,
		int64_t *out)
{
	struct store_book book;
	*out = 0;
	int rc = store_book_find(db, institution_id, &book);
	if (rc <= 0)
		return rc;
	/* The balance up to ON is the opening balance of the day after it. */
	char after[11] = "9999-12-31";
	if (on) {
		long days = books_days_between("1970-01-01", on) + 1;
		time_t t = (time_t)days * 86400;
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(after, sizeof(after), "%Y-%m-%d", &tm);
	}
	rc = store_ledger_opening(db, book.id, account, after, out);
	return rc < 0 ? rc : 0;
}

int fin_voucher_resolve(struct db *db, const char *id, char *path, size_t len, char owner[37])
{
	struct db_res *res = NULL;
	owner[0] = '\0';
	int rc = store_voucher_row(db, id, &res);
	if (rc > 0)
		snprintf(path, len, "%s", db_res_text(res, 0, 6));
	db_res_free(res);
	return rc;
}

/* ---- handlers ---- */

int fin_query_period(const struct req *r, char from[11], char to[11], struct app_error *err)
{
	const char *period = req_query(r, "period");
	const char *qfrom = req_query(r, "from"), *qto = req_query(r, "to");
	if (period) {
		if (!books_period(period, from, to))
			return err_set(err, ERR_BAD_REQUEST, "period", NULL,
				       "期间（period）须为年（2026）、季度（2026-Q3）或月份（2026-07）");
		return 0;
	}
	char today[11];
	org_today(today);
	snprintf(from, 11, "%.4s-01-01", today);
	snprintf(to, 11, "%.4s-12-31", today);
	if (qfrom) {
		if (!ent_is_date(qfrom))
			return err_set(err, ERR_BAD_REQUEST, "from", NULL, "起始日期（from）须为 YYYY-MM-DD");
		snprintf(from, 11, "%s", qfrom);
	}
	if (qto) {
		if (!ent_is_date(qto))
			return err_set(err, ERR_BAD_REQUEST, "to", NULL, "截止日期（to）须为 YYYY-MM-DD");
		snprintf(to, 11, "%s", qto);
	}
	return 0;
}

struct create_txn {
	const struct principal *who;
	struct fin_voucher v;
	char id[37];
	struct app_error *err;
};

static int create_body(struct db *db, void *cls)
{
	struct create_txn *t = cls;
	int rc = fin_post(db, t->who, &t->v, t->id, NULL, t->err);
	if (rc < 0)
		return rc;
	json_t *after = json_pack("{s:s, s:s, s:s}", "institution_id", t->v.institution_id,
				  "voucher_date", t->v.date, "summary", t->v.summary);
	rc = audit_append(db, t->who, "create", "voucher", t->id, NULL, after);
	json_decref(after);
	return rc < 0 ? rc : 0;
}

/* The "lines" of a request body as fin_lines into OUT (up to MAX). Returns how many, or -1
 * with ERR naming the line. Strings are borrowed from BODY. */
static long parse_lines(const json_t *body, struct fin_line *out, size_t max, struct app_error *err)
{
	const json_t *lines = json_object_get(body, "lines");
	if (!json_is_array(lines) || json_array_size(lines) == 0)
		return err_set(err, ERR_INVALID, "lines", "SR-FIN-2",
			       "分录（lines）须为数组：[{\"account_code\", \"debit_fen\" 或 "
			       "\"credit_fen\", \"memo\"}]");
	if (json_array_size(lines) > max)
		return err_set(err, ERR_INVALID, "lines", NULL, "一张凭证最多 %zu 行分录（lines）", max);
	size_t i;
	const json_t *l;
	json_array_foreach(lines, i, l)
	{
		const json_t *code = json_object_get(l, "account_code");
		const json_t *dr = json_object_get(l, "debit_fen"), *cr = json_object_get(l, "credit_fen");
		const json_t *memo = json_object_get(l, "memo");
		if (!json_is_object(l) || !json_is_string(code) || (dr && !json_is_integer(dr)) ||
		    (cr && !json_is_integer(cr)) || (memo && !json_is_string(memo) && !json_is_null(memo)))
			return err_set(err, ERR_INVALID, "lines", NULL,
				       "第 %zu 行分录格式不对：须有科目编码 account_code，借方 "
				       "debit_fen 或贷方 credit_fen 为整数（分）",
				       i + 1);
		out[i] = (struct fin_line){.account_code = json_string_value(code),
					   .debit_fen = dr ? json_integer_value(dr) : 0,
					   .credit_fen = cr ? json_integer_value(cr) : 0,
					   .memo = json_string_value(memo)};
	}
	return (long)i;
}

enum MHD_Result fin_h_voucher_create(struct req *r)
{
	struct app_error err;
	struct fin_line lines[64];
	if (ent_validate(&voucher_entity, r->json, ENT_CREATE, &err) != 0)
		return reply_error(r, &err);
	long n = parse_lines(r->json, lines, 64, &err);
	if (n < 0)
		return reply_error(r, &err);
	struct create_txn t = {
		.who = &r->who,
		.v = {.institution_id = json_string_value(json_object_get(r->json, "institution_id")),
		      .date = json_string_value(json_object_get(r->json, "voucher_date")),
		      .kind = "general",
		      .summary = json_string_value(json_object_get(r->json, "summary")),
		      .source_doc = json_string_value(json_object_get(r->json, "source_doc")),
		      .lines = lines,
		      .nlines = (size_t)n},
		.err = &err,
	};
	int rc = db_run_transaction(r->db, "voucher post", create_body, &t);
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	json_t *rec = fin_voucher_get(r->db, t.id, &err);
	return rec ? reply_json(r, MHD_HTTP_CREATED, rec) : reply_error(r, &err);
}

enum MHD_Result fin_h_voucher_get(struct req *r)
{
	struct app_error err;
	json_t *rec = fin_voucher_get(r->db, req_param(r, "id"), &err);
	return rec ? reply_json(r, MHD_HTTP_OK, rec) : reply_error(r, &err);
}

enum MHD_Result fin_h_voucher_edit(struct req *r)
{
	/* Books that cannot be quietly changed: there is no update or delete of a posted
	 * voucher, only a reversing voucher that points to it. */
	return reply_err(r, ERR_CONFLICT, NULL, "SR-FIN-2",
			 "已过账的凭证不能修改或删除（SR-FIN-2：账目有记录）；如有错误，请用红字"
			 "冲销（POST /api/v1/vouchers/%s/reverse）后重新录入",
			 req_param(r, "id"));
}

struct reverse_txn {
	const struct principal *who;
	const char *id, *date, *reason;
	char new_id[37];
	struct app_error *err;
};

static int reverse_body(struct db *db, void *cls)
{
	struct reverse_txn *t = cls;
	struct db_res *row = NULL;
	int rc = store_voucher_row(db, t->id, &row);
	if (rc > 0 && !db_res_null(row, 0, 5)) {
		/* A voucher made by a document is corrected through it, so that the document
		 * and its books never disagree. */
		err_set(t->err, ERR_CONFLICT, NULL, "SR-FIN-2",
			"该凭证由单据（%s）生成，请更正单据本身（如作废收费单据），不能单独冲销",
			db_res_text(row, 0, 5));
		rc = DB_ABORT;
	}
	db_res_free(row);
	if (rc < 0)
		return rc;
	rc = fin_reverse(db, t->who, t->id, t->date, t->reason, t->new_id, t->err);
	if (rc < 0)
		return rc;
	json_t *after = json_pack("{s:s, s:s?}", "reverses_id", t->id, "reason", t->reason);
	rc = audit_append(db, t->who, "reverse", "voucher", t->new_id, NULL, after);
	json_decref(after);
	return rc < 0 ? rc : 0;
}

enum MHD_Result fin_h_voucher_reverse(struct req *r)
{
	struct app_error err;
	const json_t *reason = json_object_get(r->json, "reason");
	const json_t *date = json_object_get(r->json, "voucher_date");
	if (!json_is_string(reason) || !json_string_length(reason))
		return reply_err(r, ERR_REQUIRED, "reason", NULL, "请填写冲销原因（reason）");
	if (date && (!json_is_string(date) || !ent_is_date(json_string_value(date))))
		return reply_err(r, ERR_INVALID, "voucher_date", NULL,
				 "冲销凭证日期（voucher_date）须为 YYYY-MM-DD");
	struct reverse_txn t = {.who = &r->who, .id = req_param(r, "id"),
				.date = json_string_value(date),
				.reason = json_string_value(reason), .err = &err};
	int rc = db_run_transaction(r->db, "voucher reverse", reverse_body, &t);
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	json_t *rec = fin_voucher_get(r->db, t.new_id, &err);
	return rec ? reply_json(r, MHD_HTTP_CREATED, rec) : reply_error(r, &err);
}

enum MHD_Result fin_h_journal(struct req *r)
{
	static const char *const own[] = {"period", "from", "to", NULL};
	struct app_error err;
	struct ent_list l;
	char from[11], to[11];
	json_t *items;
	bool more;
	if (fin_query_period(r, from, to, &err) != 0)
		return reply_error(r, &err);
	if (req_list(r, &voucher_entity, own, &l, &err) != 0)
		return reply_error(r, &err);
	int rc = store_vouchers_list(r->db, &voucher_entity, req_param(r, "id"), from, to, &l,
				     &items, &more);
	ent_list_clear(&l);
	if (rc < 0 || complete_vouchers(r->db, items) < 0) {
		if (rc >= 0)
			json_decref(items);
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	}
	return reply_page(r, items, more, &l);
}

enum MHD_Result fin_h_ledger(struct req *r)
{
	struct app_error err;
	struct store_book book;
	struct db_res *res = NULL;
	char from[11], to[11];
	const char *account = req_query(r, "account");
	const struct fin_account *a = fin_account(account);
	if (!a)
		return reply_err(r, ERR_BAD_REQUEST, "account", NULL,
				 "请用 ?account= 指定会计科目表中的科目编码");
	if (fin_query_period(r, from, to, &err) != 0)
		return reply_error(r, &err);
	int64_t balance = 0;
	json_t *items = json_array();
	int rc = store_book_find(r->db, req_param(r, "id"), &book);
	if (rc > 0)
		rc = store_ledger_opening(r->db, book.id, a->code, from, &balance);
	int64_t opening = balance;
	if (rc > 0)
		rc = store_ledger_rows(r->db, book.id, a->code, from, to, &res);
	for (size_t i = 0; rc > 0 && i < db_res_rows(res); i++) {
		int64_t dr = db_res_int(res, i, 6), cr = db_res_int(res, i, 7);
		balance += dr - cr;
		json_array_append_new(
			items,
			json_pack("{s:I, s:s, s:I, s:I, s:s, s:s, s:s, s:s?, s:I, s:I, s:I}", "seq",
				  (json_int_t)db_res_int(res, i, 0), "voucher_id",
				  db_res_text(res, i, 1), "year", (json_int_t)db_res_int(res, i, 2),
				  "serial", (json_int_t)db_res_int(res, i, 3), "posted_on",
				  db_res_text(res, i, 4), "account_code", db_res_text(res, i, 5),
				  "summary", db_res_text(res, i, 9), "memo", db_res_text(res, i, 8),
				  "debit_fen", (json_int_t)dr, "credit_fen", (json_int_t)cr,
				  "balance_fen", (json_int_t)(a->debit_normal ? balance : -balance)));
	}
	db_res_free(res);
	if (rc < 0) {
		json_decref(items);
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	}
	return reply_json(
		r, MHD_HTTP_OK,
		json_pack("{s:s, s:s, s:b, s:s, s:s, s:I, s:I, s:o, s:n}", "account_code", a->code,
			  "account_name", a->name, "debit_normal", a->debit_normal, "from", from,
			  "to", to, "opening_fen",
			  (json_int_t)(a->debit_normal ? opening : -opening), "closing_fen",
			  (json_int_t)(a->debit_normal ? balance : -balance), "items", items,
			  "next_offset"));
}

enum MHD_Result fin_h_book(struct req *r)
{
	struct store_book book;
	struct store_place place;
	const char *id = req_param(r, "id");
	int rc = store_place(r->db, id, &place);
	if (rc == DB_NONE)
		return reply_err(r, ERR_NOT_FOUND, NULL, NULL, "机构 %s 不存在", id);
	if (rc > 0)
		rc = store_book_find(r->db, id, &book);
	if (rc < 0)
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	json_t *out = json_pack("{s:s, s:s, s:s, s:b}", "institution_id", id, "institution_name",
				place.name, "kind", place.kind, "opened", rc > 0);
	if (rc > 0) {
		json_object_set_new(out, "head_seq", json_integer(book.head_seq));
		json_object_set_new(out, "head_hash", json_string(book.head_hash));
		json_object_set_new(out, "closed_through", book.closed_through[0]
								  ? json_string(book.closed_through)
								  : json_null());
		/* The month a close would begin with: the one after the last close, or the
		 * month of the book's first posting (null: nothing posted yet). */
		char next[11] = "";
		if (book.closed_through[0])
			books_next_month(book.closed_through, next);
		else if (store_book_first_posting(r->db, book.id, next) < 0) {
			json_decref(out);
			return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
		}
		next[7] = '\0';
		json_object_set_new(out, "next_close_month", next[0] ? json_string(next) : json_null());
	}
	static const char *const shown[] = {FIN_CASH, FIN_BANK, FIN_CENTRE_HOLDS,
					    FIN_INSURANCE_DUE};
	json_t *balances = json_array();
	for (size_t i = 0; i < sizeof(shown) / sizeof(shown[0]); i++) {
		int64_t b = 0;
		if (fin_balance(r->db, id, shown[i], NULL, &b) < 0) {
			json_decref(balances);
			json_decref(out);
			return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
		}
		json_array_append_new(balances,
				      json_pack("{s:s, s:s, s:I}", "account_code", shown[i],
						"account_name", fin_account(shown[i])->name,
						"balance_fen", (json_int_t)b));
	}
	json_object_set_new(out, "balances", balances);
	return reply_json(r, MHD_HTTP_OK, out);
}
