/* SPDX-License-Identifier: MIT */
/* Pure bookkeeping rules (no I/O): a voucher's lines balancing to the fen, the content hash
 * that chains a book's postings, accounting periods (month, quarter, year) and days between
 * civil dates. */
#ifndef YTH_CORE_BOOKS_H
#define YTH_CORE_BOOKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum books_check {
	BOOKS_OK = 0,
	BOOKS_TOO_FEW,    /* fewer than two lines */
	BOOKS_ONE_SIDED,  /* a line with both sides, neither, or a negative amount */
	BOOKS_UNBALANCED, /* debits and credits differ */
	BOOKS_OVERFLOW,   /* a total beyond int64 */
};

/* Check N lines given by their DEBIT and CREDIT amounts (fen). On BOOKS_OK *TOTAL is the
 * sum of debits (= credits); on BOOKS_ONE_SIDED *BAD is the 0-based line; on
 * BOOKS_UNBALANCED *TOTAL is debits minus credits. */
enum books_check books_check_lines(const int64_t *debit, const int64_t *credit, size_t n,
				   int64_t *total, size_t *bad);

/* What a posting's hash covers: the posting and the voucher it belongs to. Strings may be
 * NULL (hashed as absent, distinct from ""). */
struct books_posting {
	const char *book_id;
	long long seq;
	const char *voucher_id;
	long long year, serial;
	const char *voucher_date, *kind, *summary, *source_doc, *reverses_id;
	long long line_no;
	const char *account_code;
	int64_t debit_fen, credit_fen;
	const char *memo, *created_at, *created_by;
};

/* SHA-256 over PREV_HASH (64 hex digits) and P's content, as 64 lowercase hex digits into
 * OUT. Each field is length-prefixed, so no two different postings hash the same text. */
void books_posting_hash(const char *prev_hash, const struct books_posting *p, char out[65]);

/* The hash before a book's first posting: 64 zeros. */
extern const char books_genesis[65];

/* Parse an accounting period: "2026" (year), "2026-Q3" (quarter) or "2026-07" (month) into
 * its first and last day (YYYY-MM-DD, 11 bytes each). Returns false if malformed. */
bool books_period(const char *text, char from[11], char to[11]);

/* Days from civil date A to civil date B (B − A), both YYYY-MM-DD. */
long books_days_between(const char *a, const char *b);

/* The month following MONTH (YYYY-MM) into OUT (8 bytes). */
void books_next_month(const char *month, char out[8]);

#endif
