/* SPDX-License-Identifier: MIT */
/* yitihua import divisions FILE: administrative divisions from CSV, all or nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "db/db.h"
#include "org/org_impl.h"

/* Whole file into a new buffer; NULL on failure. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *data = NULL;
	size_t cap = 0, used = 0, n;
	do {
		if (used == cap) {
			char *bigger = realloc(data, cap = cap ? cap * 2 : 65536);
			if (!bigger) {
				free(data);
				fclose(f);
				return NULL;
			}
			data = bigger;
		}
		n = fread(data + used, 1, cap - used, f);
		used += n;
	} while (n > 0);
	bool failed = ferror(f);
	fclose(f);
	if (failed) {
		free(data);
		return NULL;
	}
	*len = used;
	return data;
}

/* Import the divisions file PATH into DB; prints the outcome. Returns the exit status. */
int cli_import_divisions(struct db *db, const char *path)
{
	size_t len, rows, changed;
	const char *encoding;
	struct app_error err;
	char *data = slurp(path, &len);
	if (!data)
		return cli_fail("无法读取文件 %s / cannot read %s", path, path);
	/* The progress line rewrites itself with \r: only on a terminal. */
	FILE *progress = isatty(fileno(stderr)) ? stderr : NULL;
	int rc = org_divisions_import(db, NULL, data, len, &rows, &changed, &encoding, progress,
				      &err);
	free(data);
	if (rc != 0)
		return cli_fail("导入失败：%s / import failed", err.message);
	printf("行政区划：读取 %zu 行（%s），写入 %zu 行 / divisions: %zu rows read (%s), %zu written\n",
	       rows, encoding, changed, rows, encoding, changed);
	return 0;
}

int cmd_import(int argc, char **argv, const struct cli_opts *o)
{
	if (argc != 3 || strcmp(argv[1], "divisions") != 0)
		return cli_fail("用法 / usage: yitihua import divisions FILE");
	struct db *db;
	if (cli_open_db(o, &db) != 0)
		return 1;
	int rc = cli_import_divisions(db, argv[2]);
	db_close(db);
	return rc;
}
