/* SPDX-License-Identifier: MIT */
/* This file contains integration coverage (一体化覆盖率): per county and year, the share of
 * clinics (planned or open, not closed) with every unification of their profile done by
 * the end of that year, against the profile's yearly target (SR-ORG-4; LB-ORG-1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "org/org.h"
#include "org/org_impl.h"
#include "org/store.h"

static const struct ent_field fields[] = {
	{"county_code", "县（区）代码", ENT_TEXT, EF_READONLY | EF_FILTER},
	{"county_name", "县（区）", ENT_TEXT, EF_READONLY},
	{"profile_id", "政策配置", ENT_TEXT, EF_READONLY},
	{"profile_name", "政策配置名称", ENT_TEXT, EF_READONLY},
	{"year", "年度", ENT_INT, EF_READONLY},
	{"clinics", "村卫生室数", ENT_INT, EF_READONLY},
	{"integrated", "已一体化数", ENT_INT, EF_READONLY},
	{"share_pct", "覆盖率（%，向下取整）", ENT_INT, EF_READONLY},
	{"target_pct", "年度目标（%）", ENT_INT, EF_READONLY | EF_NULLABLE},
	{"behind", "未达目标", ENT_BOOL, EF_READONLY},
	{"rule", "规则", ENT_TEXT, EF_READONLY},
};

const struct entity coverage_entity = {
	.name = "coverage",
	.label = "一体化覆盖率",
	.table = "institutions",
	ENT_FIELDS(fields),
};

json_t *org_coverage(struct db *db, const char *scope, int year, struct app_error *err)
{
	char end[11];
	struct db_res *counties = NULL, *clinics = NULL;
	snprintf(end, sizeof(end), "%04d-12-31", year);
	if (store_counties_in_scope(db, scope, &counties) < 0 ||
	    store_clinic_progress(db, scope, end, &clinics) < 0) {
		db_res_free(counties);
		err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
		return NULL;
	}
	json_t *items = json_array();
	for (size_t c = 0; c < db_res_rows(counties); c++) {
		const char *county = db_res_text(counties, c, 0);
		const json_t *p = org_profile_for(county, end);
		if (!p)
			continue; /* no policy binds this county: nothing to measure against */
		size_t needed = org_profile_items(p);
		long long total = 0, done = 0;
		for (size_t r = 0; r < db_res_rows(clinics); r++) {
			if (strcmp(db_res_text(clinics, r, 0), county) != 0)
				continue;
			total++;
			done += db_res_int(clinics, r, 2) >= (int64_t)needed;
		}
		int target = org_profile_target(p, year);
		/* Compare exactly in integers: done/total ≥ target/100. */
		bool behind = target > 0 && (total == 0 || done * 100 < (long long)target * total);
		json_t *row = json_pack("{s:s, s:s, s:s, s:s, s:i, s:I, s:I, s:I, s:o, s:b, s:s}",
					"county_code", county, "county_name",
					db_res_text(counties, c, 1), "profile_id", org_profile_id(p),
					"profile_name", org_profile_name(p), "year", year, "clinics",
					(json_int_t)total, "integrated", (json_int_t)done, "share_pct",
					(json_int_t)(total ? done * 100 / total : 0), "target_pct",
					target >= 0 ? json_integer(target) : json_null(), "behind",
					behind, "rule", org_profile_coverage_rule(p));
		json_array_append_new(items, row);
	}
	db_res_free(counties);
	db_res_free(clinics);
	return items;
}
