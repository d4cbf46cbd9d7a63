/* SPDX-License-Identifier: MIT */
/* This file contains the pure bookkeeping rules: balancing a voucher to the fen, the posting
 * hash of a book's chain, accounting periods and day counts (see books.h). */
#include "core/books.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char books_genesis[65] = "0000000000000000000000000000000000000000000000000000000000000000";

enum books_check books_check_lines(const int64_t *debit, const int64_t *credit, size_t n,
				   int64_t *total, size_t *bad)
{
	int64_t dr = 0, cr = 0;
	if (n < 2)
		return BOOKS_TOO_FEW;
	for (size_t i = 0; i < n; i++) {
		bool one_side = (debit[i] > 0 && credit[i] == 0) || (credit[i] > 0 && debit[i] == 0);
		if (!one_side) {
			*bad = i;
			return BOOKS_ONE_SIDED;
		}
		if (__builtin_add_overflow(dr, debit[i], &dr) ||
		    __builtin_add_overflow(cr, credit[i], &cr))
			return BOOKS_OVERFLOW;
	}
	if (dr != cr) {
		*total = dr - cr;
		return BOOKS_UNBALANCED;
	}
	*total = dr;
	return BOOKS_OK;
}

/* Feed S to ST as "<length>:<bytes>", or "-" for NULL. */
static void feed_text(crypto_hash_sha256_state *st, const char *s)
{
	char len[24];
	if (!s) {
		crypto_hash_sha256_update(st, (const unsigned char *)"-;", 2);
		return;
	}
	size_t n = strlen(s);
	int k = snprintf(len, sizeof(len), "%zu:", n);
	crypto_hash_sha256_update(st, (const unsigned char *)len, (unsigned long long)k);
	crypto_hash_sha256_update(st, (const unsigned char *)s, n);
	crypto_hash_sha256_update(st, (const unsigned char *)";", 1);
}

static void feed_int(crypto_hash_sha256_state *st, long long v)
{
	char text[24];
	snprintf(text, sizeof(text), "%lld", v);
	feed_text(st, text);
}

void books_posting_hash(const char *prev_hash, const struct books_posting *p, char out[65])
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	feed_text(&st, prev_hash);
	feed_text(&st, p->book_id);
	feed_int(&st, p->seq);
	feed_text(&st, p->voucher_id);
	feed_int(&st, p->year);
	feed_int(&st, p->serial);
	feed_text(&st, p->voucher_date);
	feed_text(&st, p->kind);
	feed_text(&st, p->summary);
	feed_text(&st, p->source_doc);
	feed_text(&st, p->reverses_id);
	feed_int(&st, p->line_no);
	feed_text(&st, p->account_code);
	feed_int(&st, p->debit_fen);
	feed_int(&st, p->credit_fen);
	feed_text(&st, p->memo);
	feed_text(&st, p->created_at);
	feed_text(&st, p->created_by);
	crypto_hash_sha256_final(&st, digest);
	sodium_bin2hex(out, 65, digest, sizeof(digest));
}

/* Y-M-D as YYYY-MM-DD into OUT (11 bytes); the fields are in range by the callers. */
static void put_date(char out[11], int y, int m, int d)
{
	char text[48];
	snprintf(text, sizeof(text), "%04d-%02d-%02d", y, m, d);
	memcpy(out, text, 10);
	out[10] = '\0';
}

static int month_days(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

bool books_period(const char *text, char from[11], char to[11])
{
	int y, m, q;
	char tail;
	if (!text)
		return false;
	size_t n = strlen(text);
	if (n == 4 && sscanf(text, "%4d%c", &y, &tail) == 1 && y >= 1900 && y <= 9999) {
		put_date(from, y, 1, 1);
		put_date(to, y, 12, 31);
		return true;
	}
	if (n == 7 && sscanf(text, "%4d-Q%1d%c", &y, &q, &tail) == 2 && y >= 1900 && q >= 1 &&
	    q <= 4) {
		put_date(from, y, q * 3 - 2, 1);
		put_date(to, y, q * 3, month_days(y, q * 3));
		return true;
	}
	/* Digits only: sscanf alone would read "2026-+7" or "2026- 7" as July. */
	if (n == 7 && text[4] == '-' && isdigit((unsigned char)text[5]) &&
	    isdigit((unsigned char)text[6]) && sscanf(text, "%4d-%2d%c", &y, &m, &tail) == 2 &&
	    y >= 1900 && m >= 1 && m <= 12) {
		put_date(from, y, m, 1);
		put_date(to, y, m, month_days(y, m));
		return true;
	}
	return false;
}

static long day_number(const char *d)
{
	int y = atoi(d), m = atoi(d + 5), day = atoi(d + 8);
	/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

long books_days_between(const char *a, const char *b)
{
	return day_number(b) - day_number(a);
}

void books_next_month(const char *month, char out[8])
{
	int y = atoi(month), m = atoi(month + 5);
	if (++m > 12) {
		m = 1;
		y++;
	}
	char date[11];
	put_date(date, y, m, 1);
	memcpy(out, date, 7);
	out[7] = '\0';
}
