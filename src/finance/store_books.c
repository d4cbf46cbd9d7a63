/* SPDX-License-Identifier: MIT */
/* This file contains the SQL of books, vouchers, postings, month closes, statements and the
 * chain's verification (journal.c, close.c, statement.c, verify.c; declared in store.h,
 * section "books"). */
#include <stdio.h>
#include <string.h>

#include "db/crud.h"
#include "finance/store.h"

/* Copy column COL of row 0 of RES into OUT (LEN bytes), "" for NULL. */
static void cell(const struct db_res *res, size_t row, size_t col, char *out, size_t len)
{
	const char *v = db_res_text(res, row, col);
	snprintf(out, len, "%s", v ? v : "");
}

int store_place(struct db *db, const char *id, struct store_place *out)
{
	struct db_res *res = NULL;
	int rc = db_exec(db,
			 "SELECT kind, path, name, county_code, division_code, parent_id FROM "
			 "institutions WHERE id = $1",
			 DB_PARAMS(DB_TEXT(id)), &res);
	if (rc > 0) {
		cell(res, 0, 0, out->kind, sizeof(out->kind));
		cell(res, 0, 1, out->path, sizeof(out->path));
		cell(res, 0, 2, out->name, sizeof(out->name));
		cell(res, 0, 3, out->county_code, sizeof(out->county_code));
		cell(res, 0, 4, out->division_code, sizeof(out->division_code));
		cell(res, 0, 5, out->parent_id, sizeof(out->parent_id));
	}
	db_res_free(res);
	return rc;
}

/* The book row SQL returns (id, path, head_seq, head_hash, closed_through) into OUT. */
static int book_row(struct db *db, const char *sql, const char *institution_id,
		    struct store_book *out)
{
	struct db_res *res = NULL;
	int rc = db_exec(db, sql, DB_PARAMS(DB_TEXT(institution_id)), &res);
	if (rc > 0) {
		cell(res, 0, 0, out->id, sizeof(out->id));
		cell(res, 0, 1, out->path, sizeof(out->path));
		out->head_seq = db_res_int(res, 0, 2);
		cell(res, 0, 3, out->head_hash, sizeof(out->head_hash));
		cell(res, 0, 4, out->closed_through, sizeof(out->closed_through));
	}
	db_res_free(res);
	return rc;
}

int store_book_lock(struct db *db, const char *institution_id, struct store_book *out)
{
	/* A no-op update: on PostgreSQL it locks the book's row until the transaction ends,
	 * so that two writers of one book take turns (SQLite's writer lock does that). */
	return book_row(db,
			"UPDATE fin_books SET head_seq = head_seq WHERE institution_id = $1 "
			"RETURNING id, path, head_seq, head_hash, closed_through",
			institution_id, out);
}

int store_book_find(struct db *db, const char *institution_id, struct store_book *out)
{
	return book_row(db,
			"SELECT id, path, head_seq, head_hash, closed_through FROM fin_books "
			"WHERE institution_id = $1",
			institution_id, out);
}

int store_book_open(struct db *db, const char *id, const char *institution_id, const char *path,
		    const char *genesis, const char *now, const char *by)
{
	return db_exec(db,
		       "INSERT INTO fin_books (id, institution_id, path, head_seq, head_hash, "
		       "created_at, updated_at, created_by, updated_by) VALUES ($1, $2, $3, 0, $4, "
		       "$5, $5, $6, $6) ON CONFLICT (institution_id) DO NOTHING",
		       DB_PARAMS(DB_TEXT(id), DB_TEXT(institution_id), DB_TEXT(path),
				 DB_TEXT(genesis), DB_TEXT(now), DB_TEXT(by)),
		       NULL);
}

int store_book_set_head(struct db *db, const char *book_id, long long seq, const char *hash,
			const char *now, const char *by)
{
	return db_exec(db,
		       "UPDATE fin_books SET head_seq = $2, head_hash = $3, updated_at = $4, "
		       "updated_by = $5 WHERE id = $1",
		       DB_PARAMS(DB_TEXT(book_id), DB_INT(seq), DB_TEXT(hash), DB_TEXT(now),
				 DB_TEXT(by)),
		       NULL);
}

int store_counter_next(struct db *db, const char *book_id, const char *kind, int year,
		       long long *next)
{
	struct db_res *res = NULL;
	for (int attempt = 0; attempt < 2; attempt++) {
		int rc = db_exec(db,
				 "UPDATE fin_counters SET last = last + 1 WHERE book_id = $1 AND "
				 "kind = $2 AND year = $3 RETURNING last",
				 DB_PARAMS(DB_TEXT(book_id), DB_TEXT(kind), DB_INT(year)), &res);
		if (rc > 0)
			*next = db_res_int(res, 0, 0);
		db_res_free(res);
		res = NULL;
		if (rc != 0)
			return rc;
		/* The year's first number. The book's row is locked, so no one else is here. */
		rc = db_exec(db,
			     "INSERT INTO fin_counters (book_id, kind, year, last) VALUES ($1, $2, $3, "
			     "1) ON CONFLICT (book_id, kind, year) DO NOTHING",
			     DB_PARAMS(DB_TEXT(book_id), DB_TEXT(kind), DB_INT(year)), NULL);
		if (rc < 0)
			return rc;
		if (rc == 1) {
			*next = 1;
			return DB_ONE;
		}
	}
	return DB_HARD;
}

int store_voucher_insert(struct db *db, const struct store_voucher *v)
{
	return db_exec(
		db,
		"INSERT INTO fin_vouchers (id, book_id, institution_id, year, serial, voucher_date, "
		"kind, summary, source_doc, doc_type, doc_id, reverses_id, total_fen, path, "
		"created_at, updated_at, created_by, updated_by) VALUES ($1, $2, $3, $4, $5, $6, "
		"$7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16, $16)",
		DB_PARAMS(DB_TEXT(v->id), DB_TEXT(v->book_id), DB_TEXT(v->institution_id),
			  DB_INT(v->year), DB_INT(v->serial), DB_TEXT(v->date), DB_TEXT(v->kind),
			  DB_TEXT(v->summary), DB_TEXT(v->source_doc), DB_TEXT(v->doc_type),
			  DB_TEXT(v->doc_id), DB_TEXT(v->reverses_id), DB_INT(v->total_fen),
			  DB_TEXT(v->path), DB_TEXT(v->now), DB_TEXT(v->by)),
		NULL);
}

int store_posting_insert(struct db *db, const char *id, const struct books_posting *p,
			 const char *prev_hash, const char *hash)
{
	return db_exec(db,
		       "INSERT INTO fin_postings (id, book_id, seq, voucher_id, line_no, "
		       "account_code, debit_fen, credit_fen, memo, posted_on, prev_hash, hash, "
		       "created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
		       "$11, $12, $13, $14)",
		       DB_PARAMS(DB_TEXT(id), DB_TEXT(p->book_id), DB_INT(p->seq),
				 DB_TEXT(p->voucher_id), DB_INT(p->line_no),
				 DB_TEXT(p->account_code), DB_INT(p->debit_fen),
				 DB_INT(p->credit_fen), DB_TEXT(p->memo), DB_TEXT(p->voucher_date),
				 DB_TEXT(prev_hash), DB_TEXT(hash), DB_TEXT(p->created_at),
				 DB_TEXT(p->created_by)),
		       NULL);
}

int store_voucher_row(struct db *db, const char *id, struct db_res **res)
{
	return db_exec(db,
		       "SELECT v.id, v.institution_id, v.voucher_date, v.kind, v.summary, "
		       "v.doc_type, v.path, (SELECT r.id FROM fin_vouchers r WHERE r.reverses_id = "
		       "v.id) FROM fin_vouchers v WHERE v.id = $1",
		       DB_PARAMS(DB_TEXT(id)), res);
}

int store_voucher_lines(struct db *db, const char *voucher_id, struct db_res **res)
{
	return db_exec(db,
		       "SELECT line_no, account_code, debit_fen, credit_fen, memo, seq FROM "
		       "fin_postings WHERE voucher_id = $1 ORDER BY line_no",
		       DB_PARAMS(DB_TEXT(voucher_id)), res);
}

const char store_vouchers_view[] =
	"(SELECT v.id, v.book_id, v.institution_id, i.name AS institution_name, v.year, "
	"v.serial, v.voucher_date, v.kind, v.summary, v.source_doc, v.doc_type, v.doc_id, "
	"v.reverses_id, (SELECT r.id FROM fin_vouchers r WHERE r.reverses_id = v.id) AS "
	"reversed_by, v.total_fen, v.path, v.created_at, v.updated_at, v.created_by, "
	"v.updated_by FROM fin_vouchers v JOIN institutions i ON i.id = v.institution_id) "
	"fin_vouchers_v";

int store_vouchers_list(struct db *db, const struct entity *e, const char *institution_id,
			const char *from, const char *to, const struct ent_list *l,
			json_t **items, bool *more)
{
	return crud_list(db, e, "id", l,
			 "institution_id = $1 AND voucher_date >= $2 AND voucher_date <= $3",
			 DB_PARAMS(DB_TEXT(institution_id), DB_TEXT(from), DB_TEXT(to)), items,
			 more);
}

int store_ledger_opening(struct db *db, const char *book_id, const char *account,
			 const char *from, int64_t *out)
{
	struct db_res *res = NULL;
	int rc = db_exec(db,
			 "SELECT COALESCE(SUM(debit_fen - credit_fen), 0) FROM fin_postings WHERE "
			 "book_id = $1 AND account_code = $2 AND posted_on < $3",
			 DB_PARAMS(DB_TEXT(book_id), DB_TEXT(account), DB_TEXT(from)), &res);
	if (rc > 0)
		*out = db_res_int(res, 0, 0);
	db_res_free(res);
	return rc;
}

int store_ledger_rows(struct db *db, const char *book_id, const char *account,
		      const char *from, const char *to, struct db_res **res)
{
	return db_exec(db,
		       "SELECT p.seq, p.voucher_id, v.year, v.serial, p.posted_on, p.account_code, "
		       "p.debit_fen, p.credit_fen, p.memo, v.summary, p.hash FROM fin_postings p "
		       "JOIN fin_vouchers v ON v.id = p.voucher_id WHERE p.book_id = $1 AND "
		       "p.account_code = $2 AND p.posted_on >= $3 AND p.posted_on <= $4 ORDER BY "
		       "p.posted_on, p.seq",
		       DB_PARAMS(DB_TEXT(book_id), DB_TEXT(account), DB_TEXT(from), DB_TEXT(to)),
		       res);
}

int store_month_totals(struct db *db, const char *book_id, const char *from, const char *to,
		       int64_t *debit, int64_t *credit)
{
	struct db_res *res = NULL;
	int rc = db_exec(db,
			 "SELECT COALESCE(SUM(debit_fen), 0), COALESCE(SUM(credit_fen), 0) FROM "
			 "fin_postings WHERE book_id = $1 AND posted_on >= $2 AND posted_on <= $3",
			 DB_PARAMS(DB_TEXT(book_id), DB_TEXT(from), DB_TEXT(to)), &res);
	if (rc > 0) {
		*debit = db_res_int(res, 0, 0);
		*credit = db_res_int(res, 0, 1);
	}
	db_res_free(res);
	return rc;
}

int store_close_insert(struct db *db, const char *id, const struct store_book *b,
		       const char *month, int64_t debit, int64_t credit, const char *now,
		       const char *by)
{
	int rc = db_exec(db,
			 "INSERT INTO fin_closes (id, book_id, month, head_seq, head_hash, "
			 "debit_fen, credit_fen, path, created_at, updated_at, created_by, "
			 "updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $10)",
			 DB_PARAMS(DB_TEXT(id), DB_TEXT(b->id), DB_TEXT(month), DB_INT(b->head_seq),
				   DB_TEXT(b->head_hash), DB_INT(debit), DB_INT(credit),
				   DB_TEXT(b->path), DB_TEXT(now), DB_TEXT(by)),
			 NULL);
	if (rc < 0)
		return rc;
	return db_exec(db,
		       "UPDATE fin_books SET closed_through = $2, updated_at = $3, updated_by = $4 "
		       "WHERE id = $1",
		       DB_PARAMS(DB_TEXT(b->id), DB_TEXT(month), DB_TEXT(now), DB_TEXT(by)), NULL);
}

const char store_closes_view[] =
	"(SELECT c.id, b.institution_id, c.month, c.head_seq, c.head_hash, c.debit_fen, "
	"c.credit_fen, c.path, c.created_at, c.updated_at, c.created_by, c.updated_by FROM "
	"fin_closes c JOIN fin_books b ON b.id = c.book_id) fin_closes_v";

int store_closes_list(struct db *db, const struct entity *e, const char *institution_id,
		      const struct ent_list *l, json_t **items, bool *more)
{
	return crud_list(db, e, "id", l, "institution_id = $1",
			 DB_PARAMS(DB_TEXT(institution_id)), items, more);
}

int store_account_sums(struct db *db, const char *institution_id, const char *scope,
		       const char *from, const char *to, struct db_res **res)
{
	/* One pass over the postings up to TO: the balance before FROM and the period's
	 * movements, per account, for one book or (SCOPE) every book of a subtree. The books
	 * are chosen first (IN, not a join) so that each is a range of the covering index
	 * fin_postings_date rather than a scan of every book's postings. */
	if (scope)
		return db_exec(db,
			       "SELECT p.account_code, SUM(CASE WHEN p.posted_on < $2 THEN "
			       "p.debit_fen - p.credit_fen ELSE 0 END), SUM(CASE WHEN p.posted_on "
			       ">= $2 THEN p.debit_fen ELSE 0 END), SUM(CASE WHEN p.posted_on >= $2 "
			       "THEN p.credit_fen ELSE 0 END) FROM fin_postings p WHERE p.book_id IN "
			       "(SELECT b.id FROM fin_books b WHERE " DB_IN_SUBTREE("b.path") ") AND "
			       "p.posted_on <= $3 GROUP BY p.account_code ORDER BY p.account_code",
			       DB_PARAMS(DB_TEXT(scope), DB_TEXT(from), DB_TEXT(to)), res);
	return db_exec(db,
		       "SELECT p.account_code, SUM(CASE WHEN p.posted_on < $2 THEN p.debit_fen - "
		       "p.credit_fen ELSE 0 END), SUM(CASE WHEN p.posted_on >= $2 THEN p.debit_fen "
		       "ELSE 0 END), SUM(CASE WHEN p.posted_on >= $2 THEN p.credit_fen ELSE 0 END) "
		       "FROM fin_postings p WHERE p.book_id IN (SELECT b.id FROM fin_books b WHERE "
		       "b.institution_id = $1) AND p.posted_on <= $3 GROUP BY p.account_code ORDER BY "
		       "p.account_code",
		       DB_PARAMS(DB_TEXT(institution_id), DB_TEXT(from), DB_TEXT(to)), res);
}

int store_verify_books(struct db *db, const char *scope, const char *institution_id,
		       struct db_res **res)
{
	return db_exec(db,
		       "SELECT b.id, b.institution_id, i.name, b.head_seq, b.head_hash FROM "
		       "fin_books b JOIN institutions i ON i.id = b.institution_id WHERE "
		       DB_IN_SUBTREE("b.path") " AND (CAST($2 AS TEXT) IS NULL OR b.institution_id "
		       "= $2) ORDER BY b.path",
		       DB_PARAMS(DB_TEXT(scope), DB_TEXT(institution_id)), res);
}

int store_verify_postings(struct db *db, const char *book_id, long long after_seq,
			  long long limit, struct db_res **res)
{
	return db_exec(db,
		       "SELECT p.seq, p.voucher_id, v.year, v.serial, v.voucher_date, v.kind, "
		       "v.summary, v.source_doc, v.reverses_id, p.line_no, p.account_code, "
		       "p.debit_fen, p.credit_fen, p.memo, p.created_at, p.created_by, p.prev_hash, "
		       "p.hash, p.posted_on FROM fin_postings p LEFT JOIN fin_vouchers v ON v.id = "
		       "p.voucher_id WHERE p.book_id = $1 AND p.seq > $2 ORDER BY p.seq LIMIT $3",
		       DB_PARAMS(DB_TEXT(book_id), DB_INT(after_seq), DB_INT(limit)), res);
}

int store_verify_closes(struct db *db, const char *book_id, struct db_res **res)
{
	return db_exec(db,
		       "SELECT month, head_seq, head_hash FROM fin_closes WHERE book_id = $1 ORDER "
		       "BY head_seq",
		       DB_PARAMS(DB_TEXT(book_id)), res);
}

int store_verify_serials(struct db *db, const char *book_id, struct db_res **res)
{
	/* Per year: how many vouchers, the highest number, and how many have no posting. */
	return db_exec(db,
		       "SELECT v.year, COUNT(*), MAX(v.serial), SUM(CASE WHEN NOT EXISTS (SELECT 1 "
		       "FROM fin_postings p WHERE p.voucher_id = v.id) THEN 1 ELSE 0 END) FROM "
		       "fin_vouchers v WHERE v.book_id = $1 GROUP BY v.year ORDER BY v.year",
		       DB_PARAMS(DB_TEXT(book_id)), res);
}

int store_book_first_posting(struct db *db, const char *book_id, char first[11])
{
	struct db_res *res = NULL;
	int rc = db_exec(db, "SELECT MIN(posted_on) FROM fin_postings WHERE book_id = $1",
			 DB_PARAMS(DB_TEXT(book_id)), &res);
	first[0] = '\0';
	if (rc > 0)
		cell(res, 0, 0, first, 11);
	db_res_free(res);
	return rc;
}
