/* SPDX-License-Identifier: MIT */
/* yitihua serve: the HTTP server, until Ctrl-C or SIGTERM. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "db/db.h"
#include "http/http.h"

int cmd_serve(int argc, char **argv, const struct cli_opts *o)
{
	struct server_config cfg = {.listen = "127.0.0.1:8080", .db_url = o->db_url,
				    .web_root = o->web_root, .threads = 0};
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--listen") == 0 && i + 1 < argc) {
			cfg.listen = argv[++i];
		} else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
			cfg.threads = (unsigned)strtoul(argv[++i], NULL, 10);
		} else {
			return cli_fail("serve: 未知参数 %s / unknown argument %s", argv[i], argv[i]);
		}
	}
	/* Bring the schema up to date once, before the workers open their connections. */
	struct db *db;
	if (cli_open_db(o, &db) != 0)
		return 1;
	db_close(db);
	return http_serve(&cfg) == 0 ? 0 : cli_fail("服务启动失败 / server failed to start");
}
