/* SPDX-License-Identifier: MIT */
/* The tamper test of the books (SR-FIN-2; issue 5, "books that cannot be quietly changed"):
 * with the server running, the database is changed directly in SQL, around the
 * application — a posting's amount, a posting removed, a posting inserted, a voucher's
 * summary, a posting's date, a forged posting with a valid hash appended, the last posting
 * removed, the whole chain rewritten with valid hashes behind a month close, a posting
 * backdated into a closed month with valid hashes, a voucher removed with its postings and
 * the chain after it renumbered and rehashed — and each time both `yitihua books verify` and GET
 * .../books/verify point at the first posting changed, removed or inserted, in the right
 * book; put back, the books verify again. Each test makes its own book: a clinic without
 * one gets a voucher last month, that month closed, then three vouchers today (postings 1
 * and 2 sealed by the close, 3 to 8 after it). Both backends. */
#include "harness.h"

#include "core/books.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct book {
	char clinic[37], name[128], id[37];
	char today[11], last_month_day[24];
};

/* The value of SQL (malloc'd, or NULL); fails the test when NOTNULL and there is none. */
static char *value(struct srv *s, const char *sql, bool notnull)
{
	char *v = srv_sql_value(s, sql);
	if (notnull && !v)
		fail_msg("no value: %s", sql);
	return v;
}

static void sql_ok(struct srv *s, const char *sql)
{
	if (srv_sql(s, sql) < 0)
		fail_msg("failed: %s", sql);
}

/* A clinic without a book, anywhere, given a book as the file comment says. */
static void make_book(struct srv *s, struct book *b)
{
	char *v = value(s,
	                "SELECT id FROM institutions WHERE kind = 'clinic' AND id NOT IN (SELECT "
	                "institution_id FROM fin_books) ORDER BY name, id LIMIT 1",
	                true);
	snprintf(b->clinic, sizeof(b->clinic), "%s", v);
	free(v);
	char sql[300];
	snprintf(sql, sizeof(sql), "SELECT name FROM institutions WHERE id = '%s'", b->clinic);
	v = value(s, sql, true);
	snprintf(b->name, sizeof(b->name), "%s", v);
	free(v);

	api_date_from_today(0, b->today);
	int y = atoi(b->today), m = atoi(b->today + 5) - 1;
	if (m == 0) {
		m = 12;
		y--;
	}
	snprintf(b->last_month_day, sizeof(b->last_month_day), "%04d-%02d-15", y % 10000, m % 100);

	struct api_client *admin = api_login(s, "admin");
	for (int i = 1; i <= 4; i++) {
		struct api_res *res = api_sendf(
		    admin, "POST", "/api/v1/vouchers",
		    "{\"institution_id\":\"%s\",\"voucher_date\":\"%s\",\"summary\":\"第%d笔\","
		    "\"source_doc\":\"附件%d\",\"lines\":[{\"account_code\":\"1002\",\"debit_fen\":"
		    "%d,\"memo\":\"银行回单\"},{\"account_code\":\"4901\",\"credit_fen\":%d}]}",
		    b->clinic, i == 1 ? b->last_month_day : b->today, i, i, i * 1000, i * 1000);
		assert_status(res, 201);
		if (i == 1) {
			char path[128];
			snprintf(path, sizeof(path), "/api/v1/institutions/%s/closes", b->clinic);
			res = api_sendf(admin, "POST", path, "{\"month\":\"%.7s\"}",
			                b->last_month_day);
			assert_status(res, 201);
			assert_int_equal(api_jint(res->json, "head_seq"), 2);
		}
	}
	api_client_free(admin);
	snprintf(sql, sizeof(sql), "SELECT id FROM fin_books WHERE institution_id = '%s'",
	         b->clinic);
	v = value(s, sql, true);
	snprintf(b->id, sizeof(b->id), "%s", v);
	free(v);
	snprintf(sql, sizeof(sql), "SELECT head_seq FROM fin_books WHERE id = '%s'", b->id);
	v = value(s, sql, true);
	assert_string_equal(v, "8");
	free(v);
}

/* `yitihua books verify` (only B's book when ONE): exit status; stderr into *ERR. */
static int cli_verify(struct srv *s, const struct book *b, bool one, char **out, char **err)
{
	int status = -1;
	const char *all[] = {"books", "verify", NULL};
	const char *only[] = {"books", "verify", "--clinic", b->clinic, NULL};
	assert_int_equal(srv_cli_err(s, one ? only : all, NULL, &status, out, err), 0);
	return status;
}

/* GET /api/v1/institutions/{B's centre}/books/verify as the admin: the centre's books,
 * B's among them. Borrowed from the client, which the caller frees. */
static json_t *api_verify(struct api_client *c, struct srv *s, const struct book *b)
{
	char sql[200], path[200];
	snprintf(sql, sizeof(sql), "SELECT parent_id FROM institutions WHERE id = '%s'", b->clinic);
	char *centre = value(s, sql, true);
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/books/verify", centre);
	free(centre);
	struct api_res *res = api_get(c, path);
	assert_status(res, 200);
	return res->json;
}

static void assert_intact(struct srv *s, const struct book *b)
{
	char *out = NULL, *err = NULL;
	for (int one = 0; one <= 1; one++) {
		int status = cli_verify(s, b, one, &out, &err);
		if (status != 0)
			fail_msg("books verify: exit %d: %s", status, err ? err : "");
		assert_non_null(strstr(out, "账簿链完好"));
		free(out);
		free(err);
	}
	struct api_client *admin = api_login(s, "admin");
	json_t *v = api_verify(admin, s, b);
	assert_true(json_is_true(api_jget(v, "ok")));
	api_client_free(admin);
}

/* Both ways of checking find B's book broken at posting SEQ (0: at no one posting), saying
 * WHY_PART. */
static void assert_broken_at(struct srv *s, const struct book *b, long long seq,
                             const char *why_part)
{
	char *out = NULL, *err = NULL, text[80];
	for (int one = 0; one <= 1; one++) {
		int status = cli_verify(s, b, one, &out, &err);
		if (status != 1)
			fail_msg("books verify: exit %d, expected 1: %s", status, err ? err : "");
		assert_non_null(strstr(err, b->clinic));
		assert_non_null(strstr(err, b->name));
		assert_non_null(strstr(err, why_part));
		if (seq > 0) {
			snprintf(text, sizeof(text), "第 %lld 条分录", seq);
			assert_non_null(strstr(err, text));
			snprintf(text, sizeof(text), "posting %lld", seq);
			assert_non_null(strstr(err, text));
		}
		free(out);
		free(err);
	}
	struct api_client *admin = api_login(s, "admin");
	json_t *v = api_verify(admin, s, b);
	assert_true(json_is_false(api_jget(v, "ok")));
	assert_string_equal(api_jstr(v, "institution_id"), b->clinic);
	assert_string_equal(api_jstr(v, "institution_name"), b->name);
	if (seq > 0)
		assert_int_equal(api_jint(v, "seq"), seq);
	else
		assert_true(json_is_null(api_jget(v, "seq")));
	assert_non_null(strstr(api_jstr(v, "why"), why_part));
	api_client_free(admin);
}

/* ---- a forger: recompute the hashes from posting FROM to the end, and the head ---- */

/* Column EXPR of posting SEQ of B joined to its voucher (malloc'd, NULL for SQL NULL). */
static char *field(struct srv *s, const struct book *b, long long seq, const char *expr)
{
	char sql[400];
	snprintf(sql, sizeof(sql),
	         "SELECT %s FROM fin_postings p JOIN fin_vouchers v ON v.id = p.voucher_id WHERE "
	         "p.book_id = '%s' AND p.seq = %lld",
	         expr, b->id, seq);
	return srv_sql_value(s, sql);
}

static long long int_field(struct srv *s, const struct book *b, long long seq, const char *expr)
{
	char *v = field(s, b, seq, expr);
	assert_non_null(v);
	long long n = atoll(v);
	free(v);
	return n;
}

/* The hash of posting SEQ of B, as the application would compute it from what is stored now,
 * after PREV. */
static void forge_hash(struct srv *s, const struct book *b, long long seq, const char *prev,
                       char out[65])
{
	enum { VOUCHER, DATE, KIND, SUMMARY, SOURCE, REVERSES, ACCOUNT, MEMO, CREATED_AT, BY, N };
	static const char *const exprs[N] = {
	    "p.voucher_id",  "v.voucher_date", "v.kind", "v.summary",    "v.source_doc",
	    "v.reverses_id", "p.account_code", "p.memo", "p.created_at", "p.created_by"};
	char *t[N];
	for (int i = 0; i < N; i++)
		t[i] = field(s, b, seq, exprs[i]);
	struct books_posting p = {
	    .book_id = b->id,
	    .seq = seq,
	    .voucher_id = t[VOUCHER],
	    .year = int_field(s, b, seq, "v.year"),
	    .serial = int_field(s, b, seq, "v.serial"),
	    .voucher_date = t[DATE],
	    .kind = t[KIND],
	    .summary = t[SUMMARY],
	    .source_doc = t[SOURCE],
	    .reverses_id = t[REVERSES],
	    .line_no = int_field(s, b, seq, "p.line_no"),
	    .account_code = t[ACCOUNT],
	    .debit_fen = int_field(s, b, seq, "p.debit_fen"),
	    .credit_fen = int_field(s, b, seq, "p.credit_fen"),
	    .memo = t[MEMO],
	    .created_at = t[CREATED_AT],
	    .created_by = t[BY],
	};
	books_posting_hash(prev, &p, out);
	for (int i = 0; i < N; i++)
		free(t[i]);
}

/* Rewrite prev_hash and hash of B's postings FROM..LAST and the book's head to LAST, with
 * hashes valid for what is stored: what someone who knows the hash function can do. */
static void forge_chain(struct srv *s, const struct book *b, long long from, long long last)
{
	char prev[65], hash[65], sql[400];
	if (from == 1) {
		memcpy(prev, books_genesis, sizeof(prev));
	} else {
		char *v = field(s, b, from - 1, "p.hash");
		assert_non_null(v);
		snprintf(prev, sizeof(prev), "%s", v);
		free(v);
	}
	for (long long seq = from; seq <= last; seq++) {
		forge_hash(s, b, seq, prev, hash);
		snprintf(
		    sql, sizeof(sql),
		    "UPDATE fin_postings SET prev_hash = '%s', hash = '%s' WHERE book_id = '%s' "
		    "AND seq = %lld",
		    prev, hash, b->id, seq);
		assert_int_equal(srv_sql(s, sql), 1);
		memcpy(prev, hash, sizeof(prev));
	}
	snprintf(sql, sizeof(sql),
	         "UPDATE fin_books SET head_seq = %lld, head_hash = '%s' WHERE id = '%s'", last,
	         prev, b->id);
	assert_int_equal(srv_sql(s, sql), 1);
}

/* ---- the tests ---- */

static void the_new_book_verifies(void **state)
{
	struct srv *s = *state;
	struct book b;
	make_book(s, &b);
	assert_intact(s, &b);
}

static void a_changed_amount_is_caught_at_its_posting(void **state)
{
	struct srv *s = *state;
	struct book b;
	char sql[300];
	make_book(s, &b);
	snprintf(
	    sql, sizeof(sql),
	    "UPDATE fin_postings SET debit_fen = debit_fen + 1 WHERE book_id = '%s' AND seq = 3",
	    b.id);
	assert_int_equal(srv_sql(s, sql), 1);
	assert_broken_at(s, &b, 3, "哈希不符");
	snprintf(
	    sql, sizeof(sql),
	    "UPDATE fin_postings SET debit_fen = debit_fen - 1 WHERE book_id = '%s' AND seq = 3",
	    b.id);
	assert_int_equal(srv_sql(s, sql), 1);
	assert_intact(s, &b);
}

static void a_removed_posting_is_caught_where_it_was(void **state)
{
	struct srv *s = *state;
	struct book b;
	char sql[300];
	make_book(s, &b);
	snprintf(
	    sql, sizeof(sql),
	    "CREATE TABLE saved_posting AS SELECT * FROM fin_postings WHERE book_id = '%s' AND "
	    "seq = 5",
	    b.id);
	sql_ok(s, sql);
	snprintf(sql, sizeof(sql), "DELETE FROM fin_postings WHERE book_id = '%s' AND seq = 5",
	         b.id);
	assert_int_equal(srv_sql(s, sql), 1);
	assert_broken_at(s, &b, 5, "被删除");
	assert_int_equal(srv_sql(s, "INSERT INTO fin_postings SELECT * FROM saved_posting"), 1);
	sql_ok(s, "DROP TABLE saved_posting");
	assert_intact(s, &b);
}

/* Move B's postings from SEQ on by DELTA (+1 / -1), in two steps so that the unique
 * (book_id, seq) never sees two rows with one number. */
static void shift(struct srv *s, const struct book *b, long long from, int delta)
{
	char sql[300];
	snprintf(sql, sizeof(sql),
	         "UPDATE fin_postings SET seq = -(seq + %d) WHERE book_id = '%s' AND seq >= %lld",
	         delta, b->id, from);
	assert_true(srv_sql(s, sql) > 0);
	snprintf(sql, sizeof(sql),
	         "UPDATE fin_postings SET seq = -seq WHERE book_id = '%s' AND seq < 0", b->id);
	assert_true(srv_sql(s, sql) > 0);
}

static void an_inserted_posting_is_caught_where_it_went_in(void **state)
{
	struct srv *s = *state;
	struct book b;
	char sql[800];
	make_book(s, &b);
	/* A copy of posting 3 slipped in after it, chained to it, the rest moved down. */
	shift(s, &b, 4, +1);
	snprintf(sql, sizeof(sql),
	         "INSERT INTO fin_postings (id, book_id, seq, voucher_id, line_no, account_code, "
	         "debit_fen, credit_fen, memo, posted_on, prev_hash, hash, created_at, created_by) "
	         "SELECT '01900000-0000-7000-8000-0000000ba5e1', book_id, 4, voucher_id, line_no, "
	         "account_code, debit_fen, credit_fen, memo, posted_on, hash, hash, created_at, "
	         "created_by FROM fin_postings WHERE book_id = '%s' AND seq = 3",
	         b.id);
	assert_int_equal(srv_sql(s, sql), 1);
	assert_broken_at(s, &b, 4, "插入");
	assert_int_equal(
	    srv_sql(s,
	            "DELETE FROM fin_postings WHERE id = '01900000-0000-7000-8000-0000000ba5e1'"),
	    1);
	shift(s, &b, 5, -1);
	assert_intact(s, &b);
}

static void an_edited_voucher_summary_is_caught_at_its_first_posting(void **state)
{
	struct srv *s = *state;
	struct book b;
	char sql[400];
	make_book(s, &b);
	char *voucher = field(s, &b, 5, "p.voucher_id");
	char *summary = field(s, &b, 5, "v.summary");
	assert_non_null(voucher);
	assert_non_null(summary);
	snprintf(sql, sizeof(sql),
	         "UPDATE fin_vouchers SET summary = '第3笔（改）' WHERE id = '%s'", voucher);
	assert_int_equal(srv_sql(s, sql), 1);
	assert_broken_at(s, &b, 5, "哈希不符");
	snprintf(sql, sizeof(sql), "UPDATE fin_vouchers SET summary = '%s' WHERE id = '%s'",
	         summary, voucher);
	assert_int_equal(srv_sql(s, sql), 1);
	free(summary);
	free(voucher);
	assert_intact(s, &b);
}

static void a_changed_posting_date_is_caught(void **state)
{
	struct srv *s = *state;
	struct book b;
	char sql[300];
	make_book(s, &b);
	snprintf(sql, sizeof(sql),
	         "UPDATE fin_postings SET posted_on = '%s' WHERE book_id = '%s' AND seq = 7",
	         b.last_month_day, b.id);
	assert_int_equal(srv_sql(s, sql), 1);
	assert_broken_at(s, &b, 7, "记账日期");
	snprintf(sql, sizeof(sql),
	         "UPDATE fin_postings SET posted_on = '%s' WHERE book_id = '%s' AND seq = 7",
	         b.today, b.id);
	assert_int_equal(srv_sql(s, sql), 1);
	assert_intact(s, &b);
}

static void a_forged_posting_appended_with_a_valid_hash_is_caught_by_the_head(void **state)
{
	struct srv *s = *state;
	struct book b;
	char sql[900], hash[65];
	make_book(s, &b);
	/* A third line on the last voucher, posting 9, hashed as the application would. */
	snprintf(
	    sql, sizeof(sql),
	    "INSERT INTO fin_postings (id, book_id, seq, voucher_id, line_no, account_code, "
	    "debit_fen, credit_fen, memo, posted_on, prev_hash, hash, created_at, created_by) "
	    "SELECT '01900000-0000-7000-8000-00000000f09e', book_id, 9, voucher_id, 3, '1001', "
	    "500, 0, NULL, posted_on, hash, hash, created_at, created_by FROM fin_postings WHERE "
	    "book_id = '%s' AND seq = 8",
	    b.id);
	assert_int_equal(srv_sql(s, sql), 1);
	char *prev = field(s, &b, 8, "p.hash");
	forge_hash(s, &b, 9, prev, hash);
	free(prev);
	snprintf(
	    sql, sizeof(sql),
	    "UPDATE fin_postings SET hash = '%s' WHERE id = '01900000-0000-7000-8000-00000000f09e'",
	    hash);
	assert_int_equal(srv_sql(s, sql), 1);
	assert_broken_at(s, &b, 9, "插入到末尾");
	assert_int_equal(
	    srv_sql(s,
	            "DELETE FROM fin_postings WHERE id = '01900000-0000-7000-8000-00000000f09e'"),
	    1);
	assert_intact(s, &b);
}

static void a_removed_last_posting_is_caught_by_the_head(void **state)
{
	struct srv *s = *state;
	struct book b;
	char sql[300];
	make_book(s, &b);
	snprintf(sql, sizeof(sql),
	         "CREATE TABLE saved_last AS SELECT * FROM fin_postings WHERE book_id = '%s' AND "
	         "seq = 8",
	         b.id);
	sql_ok(s, sql);
	snprintf(sql, sizeof(sql), "DELETE FROM fin_postings WHERE book_id = '%s' AND seq = 8",
	         b.id);
	assert_int_equal(srv_sql(s, sql), 1);
	assert_broken_at(s, &b, 8, "末尾的分录被删除");
	assert_int_equal(srv_sql(s, "INSERT INTO fin_postings SELECT * FROM saved_last"), 1);
	sql_ok(s, "DROP TABLE saved_last");
	assert_intact(s, &b);
}

static void a_chain_rewritten_with_valid_hashes_is_caught_by_the_month_close(void **state)
{
	struct srv *s = *state;
	struct book b;
	char sql[300];
	make_book(s, &b);
	/* Last month's voucher made 1 yuan larger on both sides, every hash and the head
	 * recomputed: only the close's seal still knows the old chain. */
	snprintf(
	    sql, sizeof(sql),
	    "UPDATE fin_postings SET debit_fen = debit_fen + 100 WHERE book_id = '%s' AND seq = 1",
	    b.id);
	assert_int_equal(srv_sql(s, sql), 1);
	snprintf(sql, sizeof(sql),
	         "UPDATE fin_postings SET credit_fen = credit_fen + 100 WHERE book_id = '%s' AND "
	         "seq = 2",
	         b.id);
	assert_int_equal(srv_sql(s, sql), 1);
	forge_chain(s, &b, 1, 8);
	assert_broken_at(s, &b, 2, "月结封存");
	snprintf(
	    sql, sizeof(sql),
	    "UPDATE fin_postings SET debit_fen = debit_fen - 100 WHERE book_id = '%s' AND seq = 1",
	    b.id);
	assert_int_equal(srv_sql(s, sql), 1);
	snprintf(sql, sizeof(sql),
	         "UPDATE fin_postings SET credit_fen = credit_fen - 100 WHERE book_id = '%s' AND "
	         "seq = 2",
	         b.id);
	assert_int_equal(srv_sql(s, sql), 1);
	forge_chain(s, &b, 1, 8);
	assert_intact(s, &b);
}

static void a_posting_backdated_into_a_closed_month_is_caught(void **state)
{
	struct srv *s = *state;
	struct book b;
	char sql[400];
	make_book(s, &b);
	/* The last voucher moved into the closed month, hashes recomputed: a posting written
	 * after the close yet dated before it. */
	char *voucher = field(s, &b, 7, "p.voucher_id");
	assert_non_null(voucher);
	snprintf(sql, sizeof(sql), "UPDATE fin_vouchers SET voucher_date = '%s' WHERE id = '%s'",
	         b.last_month_day, voucher);
	assert_int_equal(srv_sql(s, sql), 1);
	snprintf(sql, sizeof(sql),
	         "UPDATE fin_postings SET posted_on = '%s' WHERE voucher_id = '%s'",
	         b.last_month_day, voucher);
	assert_int_equal(srv_sql(s, sql), 2);
	forge_chain(s, &b, 7, 8);
	assert_broken_at(s, &b, 7, "结账后插入");
	snprintf(sql, sizeof(sql), "UPDATE fin_vouchers SET voucher_date = '%s' WHERE id = '%s'",
	         b.today, voucher);
	assert_int_equal(srv_sql(s, sql), 1);
	snprintf(sql, sizeof(sql),
	         "UPDATE fin_postings SET posted_on = '%s' WHERE voucher_id = '%s'", b.today,
	         voucher);
	assert_int_equal(srv_sql(s, sql), 2);
	free(voucher);
	forge_chain(s, &b, 7, 8);
	assert_intact(s, &b);
}

static void a_removed_voucher_is_caught_by_its_number(void **state)
{
	struct srv *s = *state;
	struct book b;
	char sql[400];
	make_book(s, &b);
	/* The third voucher and its postings (5 and 6) gone, the later postings renumbered and
	 * every hash after them recomputed: the chain is whole, but the year's voucher numbers
	 * now have a gap. */
	char *voucher = field(s, &b, 5, "p.voucher_id");
	assert_non_null(voucher);
	snprintf(sql, sizeof(sql),
	         "CREATE TABLE saved_lines AS SELECT * FROM fin_postings WHERE voucher_id = '%s'",
	         voucher);
	sql_ok(s, sql);
	snprintf(sql, sizeof(sql),
	         "CREATE TABLE saved_voucher AS SELECT * FROM fin_vouchers WHERE id = '%s'",
	         voucher);
	sql_ok(s, sql);
	snprintf(sql, sizeof(sql), "DELETE FROM fin_postings WHERE voucher_id = '%s'", voucher);
	assert_int_equal(srv_sql(s, sql), 2);
	snprintf(sql, sizeof(sql), "DELETE FROM fin_vouchers WHERE id = '%s'", voucher);
	assert_int_equal(srv_sql(s, sql), 1);
	shift(s, &b, 7, -2);
	forge_chain(s, &b, 5, 6);
	assert_broken_at(s, &b, 0, "凭证号不连续");

	shift(s, &b, 5, +2);
	assert_int_equal(srv_sql(s, "INSERT INTO fin_vouchers SELECT * FROM saved_voucher"), 1);
	assert_int_equal(srv_sql(s, "INSERT INTO fin_postings SELECT * FROM saved_lines"), 2);
	sql_ok(s, "DROP TABLE saved_lines");
	sql_ok(s, "DROP TABLE saved_voucher");
	forge_chain(s, &b, 5, 8);
	free(voucher);
	assert_intact(s, &b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(the_new_book_verifies),
	    cmocka_unit_test(a_changed_amount_is_caught_at_its_posting),
	    cmocka_unit_test(a_removed_posting_is_caught_where_it_was),
	    cmocka_unit_test(an_inserted_posting_is_caught_where_it_went_in),
	    cmocka_unit_test(an_edited_voucher_summary_is_caught_at_its_first_posting),
	    cmocka_unit_test(a_changed_posting_date_is_caught),
	    cmocka_unit_test(a_forged_posting_appended_with_a_valid_hash_is_caught_by_the_head),
	    cmocka_unit_test(a_removed_last_posting_is_caught_by_the_head),
	    cmocka_unit_test(a_chain_rewritten_with_valid_hashes_is_caught_by_the_month_close),
	    cmocka_unit_test(a_posting_backdated_into_a_closed_month_is_caught),
	    cmocka_unit_test(a_removed_voucher_is_caught_by_its_number),
	};
	return cmocka_run_group_tests(tests, srv_setup_demo, srv_teardown);
}
