/* SPDX-License-Identifier: MIT */
/* yitihua books verify [--clinic ID]: recompute the hash chain of every book (or one
 * institution's) and say where it is first broken; exit 0 if intact, 1 if broken, 2 if it
 * could not be checked. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "db/db.h"
#include "finance/finance.h"
#include "org/org.h"

/* Elapsed seconds since START (monotonic). */
static double since(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

struct progress {
	struct timespec start;
	double last;  /* when the last line was printed */
	bool printed; /* a line is on a terminal without its newline */
	bool tty;
};

/* A progress line on stderr at most once a second, and only once a run has taken a second:
 * short runs stay quiet. */
static void show_progress(long long done, void *cls)
{
	struct progress *p = cls;
	double t = since(&p->start);
	if (t < 1.0 || t - p->last < 1.0)
		return;
	p->last = t;
	fprintf(stderr, "%s已校验 %lld 条分录 / %lld postings checked%s", p->tty ? "\r" : "", done,
		done, p->tty ? "" : "\n");
	p->printed = p->tty;
}

int cmd_books(int argc, char **argv, const struct cli_opts *o)
{
	const char *clinic = NULL;
	if (argc < 2 || strcmp(argv[1], "verify") != 0) {
		cli_fail("用法：books verify [--clinic ID] / usage: books verify [--clinic ID]");
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--clinic") == 0 && i + 1 < argc) {
			clinic = argv[++i];
		} else {
			cli_fail("books verify: 未知参数 %s / unknown argument %s", argv[i], argv[i]);
			return 2;
		}
	}
	struct db *db;
	if (cli_open_db(o, &db) != 0)
		return 2;
	if (clinic) {
		char path[512];
		int rc = org_institution_path(db, clinic, path, sizeof(path));
		if (rc <= 0) {
			db_close(db);
			if (rc == DB_NONE)
				cli_fail("机构 %s 不存在 / no institution %s", clinic, clinic);
			else
				cli_fail("无法读取机构 %s / cannot read institution %s", clinic, clinic);
			return 2;
		}
	}
	struct progress p = {.tty = isatty(STDERR_FILENO)};
	clock_gettime(CLOCK_MONOTONIC, &p.start);
	struct fin_verify_result v;
	int rc = fin_verify(db, "/", clinic, &v, show_progress, &p);
	double seconds = since(&p.start);
	db_close(db);
	if (p.printed)
		fputc('\n', stderr);
	if (rc != 0) {
		cli_fail("无法读取账簿 / cannot read the books");
		return 2;
	}
	long long rate = seconds > 0 ? (long long)((double)v.postings / seconds) : v.postings;
	if (!v.ok) {
		if (v.seq > 0)
			cli_fail("账簿链损坏：%s（%s）第 %lld 条分录：%s / books broken: %s, posting %lld",
				 v.institution_name, v.institution_id, v.seq, v.why, v.institution_id,
				 v.seq);
		else
			cli_fail("账簿损坏：%s（%s）：%s / books broken: %s", v.institution_name,
				 v.institution_id, v.why, v.institution_id);
		return 1;
	}
	printf("账簿链完好：已校验 %lld 个账套、%lld 条分录，每秒 %lld 条 / books intact: %lld books, "
	       "%lld postings, %lld postings/s\n",
	       v.books, v.postings, rate, v.books, v.postings, rate);
	return 0;
}
