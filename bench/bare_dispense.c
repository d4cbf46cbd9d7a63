/* SPDX-License-Identifier: MIT */
/* The limit of benchmark d: the inserts and updates one dispense makes (the stock row, the
 * movement, the dispense and its line, the audit row and its head), done N times by one
 * process with prepared statements on SQLite with synchronous=FULL, one transaction each —
 * yitihua's own dispensing minus HTTP, JSON, rules and scope. Prints dispenses per second.
 * Usage: bare_dispense DB N (DB: a copy of the benchmark database, changed by the run). */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static sqlite3_stmt *prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "bare_dispense: %s: %s\n", sql, sqlite3_errmsg(db));
		exit(1);
	}
	return st;
}

static void run(sqlite3_stmt *st)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "bare_dispense: %s\n", sqlite3_errmsg(sqlite3_db_handle(st)));
		exit(1);
	}
	sqlite3_reset(st);
}

int main(int argc, char **argv)
{
	if (argc != 3)
		return fprintf(stderr, "usage: bare_dispense DB N\n"), 2;
	long n = atol(argv[2]);
	sqlite3 *db;
	if (sqlite3_open(argv[1], &db) != SQLITE_OK)
		return fprintf(stderr, "bare_dispense: cannot open %s\n", argv[1]), 1;
	sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
			 "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000",
		     NULL, NULL, NULL);
	/* The place, lot and item the benchmark dispenses from. */
	sqlite3_stmt *pick = prepare(db, "SELECT place_id, lot_id, item_id FROM bench_target");
	if (sqlite3_step(pick) != SQLITE_ROW)
		return fprintf(stderr, "bare_dispense: no bench_target\n"), 1;
	const char *place = (const char *)sqlite3_column_text(pick, 0);
	const char *lot = (const char *)sqlite3_column_text(pick, 1);
	const char *item = (const char *)sqlite3_column_text(pick, 2);
	sqlite3_stmt *begin = prepare(db, "BEGIN IMMEDIATE"), *commit = prepare(db, "COMMIT");
	sqlite3_stmt *take = prepare(db, "UPDATE stock SET quantity = quantity - 1 WHERE place_id = ?1 "
					 "AND lot_id = ?2 AND quantity >= 1");
	sqlite3_stmt *move = prepare(db, "INSERT INTO movements (id, place_id, lot_id, item_id, kind, "
					 "quantity, unit_cost_fen, doc_type, doc_id, path, created_at, "
					 "updated_at, created_by, updated_by) VALUES (?1, ?2, ?3, ?4, "
					 "'dispense', -1, 10, 'dispense', ?1, '/', 'now', 'now', 'b', 'b')");
	sqlite3_stmt *head = prepare(db, "INSERT INTO dispenses (id, clinic_id, dispensed_on, "
					 "total_fen, path, created_at, updated_at, created_by, "
					 "updated_by) VALUES (?1, ?2, '2026-01-01', 10, '/', 'now', "
					 "'now', 'b', 'b')");
	sqlite3_stmt *line = prepare(db, "INSERT INTO dispense_lines (id, dispense_id, item_id, lot_id, "
					 "quantity, unit_price_fen, amount_fen, movement_id, created_at, "
					 "updated_at, created_by, updated_by) VALUES (?1, ?1, ?2, ?3, 1, "
					 "10, 10, ?1, 'now', 'now', 'b', 'b')");
	sqlite3_stmt *audit_head = prepare(db, "UPDATE audit_head SET seq = seq + 1 RETURNING seq, hash");
	/* The audit row (its hash computed by yitihua is left out: a constant here). */
	sqlite3_stmt *audit = prepare(db, "INSERT INTO audit_log (id, seq, action, entity, entity_id, "
					  "after_value, prev_hash, hash, created_at, updated_at, "
					  "created_by, updated_by) VALUES (?1, (SELECT seq FROM "
					  "audit_head), 'dispense', 'dispense', ?1, '{}', 'p', 'h', 'now', "
					  "'now', 'b', 'b')");
	sqlite3_stmt *audit_hash = prepare(db, "UPDATE audit_head SET hash = 'h'");
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (long i = 0; i < n; i++) {
		char id[40];
		snprintf(id, sizeof(id), "bare-%ld-%ld", (long)t0.tv_nsec, i);
		run(begin);
		sqlite3_bind_text(take, 1, place, -1, SQLITE_STATIC);
		sqlite3_bind_text(take, 2, lot, -1, SQLITE_STATIC);
		run(take);
		sqlite3_bind_text(move, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(move, 2, place, -1, SQLITE_STATIC);
		sqlite3_bind_text(move, 3, lot, -1, SQLITE_STATIC);
		sqlite3_bind_text(move, 4, item, -1, SQLITE_STATIC);
		run(move);
		sqlite3_bind_text(head, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(head, 2, place, -1, SQLITE_STATIC);
		run(head);
		sqlite3_bind_text(line, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(line, 2, item, -1, SQLITE_STATIC);
		sqlite3_bind_text(line, 3, lot, -1, SQLITE_STATIC);
		run(line);
		run(audit_head);
		sqlite3_bind_text(audit, 1, id, -1, SQLITE_TRANSIENT);
		run(audit);
		run(audit_hash);
		run(commit);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("%.0f\n", (double)n / secs);
	sqlite3_finalize(pick);
	sqlite3_close_v2(db);
	return 0;
}
