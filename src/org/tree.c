/* SPDX-License-Identifier: MIT */
/* This file contains the institution tree (county bureau → township centres → village
 * clinics) of a user's subtree, with checklist progress and alert counts on each node. */
#include <stdlib.h>
#include <string.h>

#include "org/org.h"
#include "org/org_impl.h"
#include "org/store.h"

/* Chinese label of VALUE for the institution field NAME. New string. */
static json_t *label(const char *name, const char *value)
{
	json_t *v = json_string(value);
	char *text = ent_value_to_text(ent_field(&institution_entity, name), v, true);
	json_decref(v);
	json_t *out = json_string(text ? text : value);
	free(text);
	return out;
}

json_t *org_tree(struct db *db, const char *scope, struct app_error *err)
{
	struct db_res *res;
	if (store_institutions_in_scope(db, scope, &res) < 0) {
		err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
		return NULL;
	}
	json_t *alerts = org_alerts(db, scope, NULL, err);
	if (!alerts) {
		db_res_free(res);
		return NULL;
	}
	json_t *counts = json_object(), *nodes = json_object(), *roots = json_array();
	size_t i;
	json_t *a;
	json_array_foreach(alerts, i, a)
	{
		const char *id = json_string_value(json_object_get(a, "institution_id"));
		if (id)
			json_object_set_new(counts, id,
					    json_integer(json_integer_value(json_object_get(counts, id)) + 1));
	}
	for (size_t r = 0; r < db_res_rows(res); r++) {
		const char *id = db_res_text(res, r, 0), *kind = db_res_text(res, r, 1);
		const char *status = db_res_text(res, r, 7), *parent = db_res_text(res, r, 5);
		const json_t *p = org_profile_for(db_res_text(res, r, 4), NULL);
		size_t total = p ? org_profile_items(p) : 0;
		int64_t done = db_res_int(res, r, 8);
		bool clinic = strcmp(kind, "clinic") == 0;
		json_t *node = json_pack(
			"{s:s, s:s, s:o, s:s, s:s, s:s, s:o, s:b, s:I, s:I, s:I, s:[]}", "id", id,
			"kind", kind, "kind_label", label("kind", kind), "name", db_res_text(res, r, 2),
			"division_code", db_res_text(res, r, 3), "status", status, "status_label",
			label("status", status), "integrated", clinic && total && (size_t)done >= total,
			"checklist_done", (json_int_t)done, "checklist_total", (json_int_t)total,
			"alerts", json_integer_value(json_object_get(counts, id)), "children");
		json_t *up = parent ? json_object_get(nodes, parent) : NULL;
		json_array_append(up ? json_object_get(up, "children") : roots, node);
		json_object_set_new(nodes, id, node);
	}
	db_res_free(res);
	json_decref(alerts);
	json_decref(counts);
	json_decref(nodes);
	return roots;
}
