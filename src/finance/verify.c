/* SPDX-License-Identifier: MIT */
/* This file contains the verification of the books (账簿校验): each book's postings are
 * walked in seq order and every hash recomputed from the stored fields, so that a county
 * auditor can prove that no posting or voucher was changed, removed or inserted behind the
 * application's back; the book's head, each month close's seal and the gapless voucher
 * numbers are checked too. Also its handler; the command is cli/cmd_books.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/books.h"
#include "finance/finance.h"
#include "finance/store.h"
#include "http/handlers.h"
#include "org/org.h"

/* Postings read per query: enough to make the round trips cheap, few enough to keep the
 * memory of one page small. */
#define PAGE 5000

/* A month close: the head it sealed. */
struct seal {
	char month[8];
	long long head_seq;
	char head_hash[65];
};

/* The walk of one book. */
struct walk {
	struct db *db;
	const char *book_id, *institution_id, *institution_name;
	struct seal *seals; /* by head_seq */
	size_t nseals, next_seal;
	const char *sealed_month; /* the last month closed before the posting being checked */
	long long last;           /* the last posting checked */
	char prev[65];            /* its hash */
	struct fin_verify_result *out;
	void (*progress)(long long done, void *cls);
	void *cls;
};

/* Record the first break: in W's book at posting SEQ (0: not about one posting), WHY
 * formatted from FMT. */
__attribute__((format(printf, 3, 4))) static void broken(struct walk *w, long long seq,
							   const char *fmt, ...)
{
	struct fin_verify_result *out = w->out;
	va_list ap;
	out->ok = false;
	out->seq = seq;
	snprintf(out->institution_id, sizeof(out->institution_id), "%s", w->institution_id);
	snprintf(out->institution_name, sizeof(out->institution_name), "%s",
		 w->institution_name ? w->institution_name : "");
	va_start(ap, fmt);
	vsnprintf(out->why, sizeof(out->why), fmt, ap);
	va_end(ap);
}

/* Check the seals of month closes made right after posting SEQ (whose hash is W->prev).
 * Returns false if one does not match. */
static bool check_seals(struct walk *w, long long seq)
{
	for (; w->next_seal < w->nseals && w->seals[w->next_seal].head_seq <= seq; w->next_seal++) {
		const struct seal *s = &w->seals[w->next_seal];
		if (s->head_seq != seq || strcmp(s->head_hash, w->prev) != 0) {
			broken(w, s->head_seq,
			       "%s 月结封存的第 %lld 条分录的哈希与现在的不符：该月结之前的分录被改写",
			       s->month, s->head_seq);
			return false;
		}
		/* Months closed together share a head: the latest of them counts. */
		if (!w->sealed_month || strcmp(s->month, w->sealed_month) > 0)
			w->sealed_month = s->month;
	}
	return true;
}

/* Check posting ROW of RES (columns of store_verify_postings). Returns false at a break. */
static bool check_posting(struct walk *w, const struct db_res *res, size_t row)
{
	long long seq = db_res_int(res, row, 0);
	if (seq != w->last + 1) {
		if (seq > w->last + 1)
			broken(w, w->last + 1,
			       "第 %lld 条分录缺失（链序号从 %lld 跳到 %lld）：分录被删除", w->last + 1,
			       w->last, seq);
		else
			broken(w, seq, "第 %lld 条分录重复出现", seq);
		return false;
	}
	const char *voucher_id = db_res_text(res, row, 1);
	const char *prev_hash = db_res_text(res, row, 16);
	const char *hash = db_res_text(res, row, 17);
	const char *posted_on = db_res_text(res, row, 18);
	if ((!prev_hash || strcmp(prev_hash, w->prev) != 0) && seq == 1) {
		broken(w, seq, "第 1 条分录记录的前一哈希不是账簿的起点：其前插入过分录或被改动");
		return false;
	}
	if (!prev_hash || strcmp(prev_hash, w->prev) != 0) {
		broken(w, seq,
		       "第 %lld 条分录记录的前一哈希与第 %lld 条分录的哈希不符：两者之间插入、删除或"
		       "调换了分录",
		       seq, seq - 1);
		return false;
	}
	if (db_res_null(res, row, 2)) {
		broken(w, seq, "第 %lld 条分录所属的凭证 %s 不存在：凭证被删除", seq,
		       voucher_id ? voucher_id : "（空）");
		return false;
	}
	struct books_posting p = {
		.book_id = w->book_id,
		.seq = seq,
		.voucher_id = voucher_id,
		.year = db_res_int(res, row, 2),
		.serial = db_res_int(res, row, 3),
		.voucher_date = db_res_text(res, row, 4),
		.kind = db_res_text(res, row, 5),
		.summary = db_res_text(res, row, 6),
		.source_doc = db_res_text(res, row, 7),
		.reverses_id = db_res_text(res, row, 8),
		.line_no = db_res_int(res, row, 9),
		.account_code = db_res_text(res, row, 10),
		.debit_fen = db_res_int(res, row, 11),
		.credit_fen = db_res_int(res, row, 12),
		.memo = db_res_text(res, row, 13),
		.created_at = db_res_text(res, row, 14),
		.created_by = db_res_text(res, row, 15),
	};
	char computed[65];
	books_posting_hash(w->prev, &p, computed);
	if (!hash || strcmp(hash, computed) != 0) {
		broken(w, seq,
		       "第 %lld 条分录内容被修改或为插入的分录（哈希不符；%lld 年第 %lld 号凭证第 "
		       "%lld 行）",
		       seq, p.year, p.serial, p.line_no);
		return false;
	}
	/* The posting's date is not hashed, its voucher's is: they must agree. */
	if (!posted_on || !p.voucher_date || strcmp(posted_on, p.voucher_date) != 0) {
		broken(w, seq, "第 %lld 条分录的记账日期 %s 与凭证日期 %s 不符：记账日期被修改", seq,
		       posted_on ? posted_on : "（空）", p.voucher_date ? p.voucher_date : "（空）");
		return false;
	}
	/* fin_post refuses a date in a closed month, so a posting after a close dated in a
	 * month it closed was written around the application. */
	if (w->sealed_month && strncmp(posted_on, w->sealed_month, 7) <= 0) {
		broken(w, seq, "第 %lld 条分录日期为 %s，却记在 %s 月结之后：结账后插入的分录", seq,
		       posted_on, w->sealed_month);
		return false;
	}
	memcpy(w->prev, computed, sizeof(w->prev));
	w->last = seq;
	w->out->postings++;
	if (w->progress && w->out->postings % PAGE == 0)
		w->progress(w->out->postings, w->cls);
	return check_seals(w, seq);
}

/* Check W's postings after W->last, page by page, until there are no more. Returns 1 when
 * all were whole, 0 at a break, or -1 on a database error. *READ: how many were read. */
static int walk_on(struct walk *w, long long *read)
{
	*read = 0;
	for (;;) {
		struct db_res *res = NULL;
		int rc = store_verify_postings(w->db, w->book_id, w->last, PAGE, &res);
		if (rc < 0)
			return -1;
		size_t n = db_res_rows(res);
		for (size_t i = 0; i < n; i++) {
			if (!check_posting(w, res, i)) {
				db_res_free(res);
				return 0;
			}
		}
		db_res_free(res);
		*read += (long long)n;
		if (n < PAGE)
			return 1;
	}
}

/* Walk the chain and compare its end with the book's head. Postings written while it
 * runs are legitimate when the head, read after them, covers them: the head is read after
 * the walk and the walk resumed until they agree. Returns 1, 0 at a break, or -1. */
static int walk_chain(struct walk *w)
{
	long long read;
	int rc = walk_on(w, &read);
	/* Bounded in case writers never pause; each round checks what they added. */
	for (int round = 0; rc == 1 && round < 1000; round++) {
		struct store_book book;
		int found = store_book_find(w->db, w->institution_id, &book);
		if (found < 0)
			return -1;
		if (found == 0) {
			broken(w, 0, "账簿记录不存在：账套被删除");
			return 0;
		}
		if (book.head_seq == w->last) {
			if (strcmp(book.head_hash, w->prev) == 0)
				return 1;
			broken(w, w->last, "账簿链头的哈希与第 %lld 条分录的哈希不符：链头被改动",
			       w->last);
			return 0;
		}
		if (book.head_seq < w->last) {
			broken(w, book.head_seq + 1,
			       "第 %lld 条分录在账簿链头（第 %lld 条）之后：分录被插入到末尾",
			       book.head_seq + 1, book.head_seq);
			return 0;
		}
		rc = walk_on(w, &read);
		if (rc == 1 && read == 0) {
			broken(w, w->last + 1,
			       "账簿链头为第 %lld 条，但分录只到第 %lld 条：末尾的分录被删除",
			       book.head_seq, w->last);
			return 0;
		}
	}
	return rc;
}

/* The month closes of W's book into W->seals (new array, caller frees). Returns 0 or -1. */
static int load_seals(struct walk *w)
{
	struct db_res *res = NULL;
	if (store_verify_closes(w->db, w->book_id, &res) < 0)
		return -1;
	size_t n = db_res_rows(res);
	w->seals = calloc(n ? n : 1, sizeof(*w->seals));
	if (!w->seals) {
		db_res_free(res);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const char *month = db_res_text(res, i, 0), *hash = db_res_text(res, i, 2);
		snprintf(w->seals[i].month, sizeof(w->seals[i].month), "%s", month ? month : "");
		w->seals[i].head_seq = db_res_int(res, i, 1);
		snprintf(w->seals[i].head_hash, sizeof(w->seals[i].head_hash), "%s",
			 hash ? hash : "");
	}
	w->nseals = n;
	db_res_free(res);
	return 0;
}

/* Per year, as many vouchers as the highest number and each with postings: the numbering
 * has no gap and no voucher stands without its entries. Returns 1, 0 at a break, or -1. */
static int check_serials(struct walk *w)
{
	struct db_res *res = NULL;
	if (store_verify_serials(w->db, w->book_id, &res) < 0)
		return -1;
	int rc = 1;
	for (size_t i = 0; rc == 1 && i < db_res_rows(res); i++) {
		long long year = db_res_int(res, i, 0), count = db_res_int(res, i, 1);
		long long highest = db_res_int(res, i, 2), bare = db_res_int(res, i, 3);
		if (count != highest) {
			broken(w, 0, "%lld 年的凭证号不连续：共 %lld 张凭证，最大号却是 %lld：凭证被删除或插入",
			       year, count, highest);
			rc = 0;
		} else if (bare > 0) {
			broken(w, 0, "%lld 年有 %lld 张凭证没有分录：凭证被插入或其分录被删除", year,
			       bare);
			rc = 0;
		}
	}
	db_res_free(res);
	return rc;
}

/* Verify book ROW of BOOKS (columns of store_verify_books). Returns 1, 0 at a break, or
 * -1. */
static int verify_book(struct db *db, const struct db_res *books, size_t row,
		       struct fin_verify_result *out, void (*progress)(long long done, void *cls),
		       void *cls)
{
	struct walk w = {
		.db = db,
		.book_id = db_res_text(books, row, 0),
		.institution_id = db_res_text(books, row, 1),
		.institution_name = db_res_text(books, row, 2),
		.out = out,
		.progress = progress,
		.cls = cls,
	};
	memcpy(w.prev, books_genesis, sizeof(w.prev));
	int rc = load_seals(&w);
	if (rc < 0)
		return -1;
	/* A close before the first posting sealed the genesis hash. */
	rc = check_seals(&w, 0) ? walk_chain(&w) : 0;
	if (rc == 1 && w.next_seal < w.nseals) {
		const struct seal *s = &w.seals[w.next_seal];
		broken(&w, s->head_seq, "%s 月结封存的第 %lld 条分录已不存在：末尾的分录被删除",
		       s->month, s->head_seq);
		rc = 0;
	}
	if (rc == 1)
		rc = check_serials(&w);
	free(w.seals);
	return rc;
}

int fin_verify(struct db *db, const char *scope, const char *institution_id,
	       struct fin_verify_result *out, void (*progress)(long long done, void *cls),
	       void *cls)
{
	struct db_res *books = NULL;
	memset(out, 0, sizeof(*out));
	out->ok = true;
	if (store_verify_books(db, scope ? scope : "/", institution_id, &books) < 0)
		return -1;
	int rc = 1;
	for (size_t i = 0; rc == 1 && i < db_res_rows(books); i++) {
		out->books++;
		rc = verify_book(db, books, i, out, progress, cls);
	}
	db_res_free(books);
	if (rc >= 0 && progress)
		progress(out->postings, cls);
	return rc < 0 ? -1 : 0;
}

/* GET /api/v1/institutions/{id}/books/verify: the books of the institution and of every
 * institution under it (a centre's clinics). 200 with {ok, books, postings,
 * institution_id, institution_name, seq, why}: the counts checked, and when the chain is
 * broken the first broken book, the posting seq (null when the break is not one posting's,
 * e.g. a gap in the voucher numbers) and why, in Chinese; those are null when ok. */
enum MHD_Result fin_h_verify(struct req *r)
{
	char path[512];
	struct fin_verify_result v;
	const char *id = req_param(r, "id");
	int rc = org_institution_path(r->db, id, path, sizeof(path));
	if (rc == DB_NONE)
		return reply_err(r, ERR_NOT_FOUND, NULL, NULL, "机构 %s 不存在", id);
	if (rc < 0 || fin_verify(r->db, path, NULL, &v, NULL, NULL) != 0)
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	json_t *out = json_pack("{s:b, s:I, s:I}", "ok", v.ok, "books", (json_int_t)v.books,
				"postings", (json_int_t)v.postings);
	json_object_set_new(out, "institution_id",
			    v.ok ? json_null() : json_string(v.institution_id));
	json_object_set_new(out, "institution_name",
			    v.ok ? json_null() : json_string(v.institution_name));
	json_object_set_new(out, "seq", v.ok || v.seq <= 0 ? json_null() : json_integer(v.seq));
	json_object_set_new(out, "why", v.ok ? json_null() : json_string(v.why));
	return reply_json(r, MHD_HTTP_OK, out);
}
