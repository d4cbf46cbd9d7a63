/* SPDX-License-Identifier: MIT */
/* This file contains the bulk import of staff (批量导入): onboarding a centre's village
 * doctors from a spreadsheet (CSV in UTF-8 or GB18030, or .xlsx) in which each row is one
 * person, their qualification and their contract (乡聘村用: employed by the centre, posted
 * to one of its clinics, named by the clinic's name or division code). Every row is checked
 * — the cells against the declarations (io/sheet.c), the clinic, duplicates inside the file,
 * then each record through the same insert functions as the API, with all their rules — in
 * one transaction that commits only if every row is good: one bad row and nothing is
 * written, and the answer lists every bad row. Also the template workbook and the handlers. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/citizen_id.h"
#include "core/staff_rules.h"
#include "core/text.h"
#include "db/crud.h"
#include "db/db.h"
#include "http/handlers.h"
#include "io/sheet.h"
#include "io/xlsx_read.h"
#include "org/org.h"
#include "staff/staff.h"

/* The column of an import row that is no field of the records written: the clinic the
 * contract posts the person to (派驻), by name or division code; the import turns it into
 * the contract's clinic_id. */
static const struct ent_field posting_fields[] = {
	{"clinic", "派驻村卫生室", ENT_TEXT, EF_REQUIRED, 1, 100},
};

static const struct entity posting_entity = {
	.name = "staff_import_posting",
	.label = "派驻",
	ENT_FIELDS(posting_fields),
};

/* Set in each contract until the row's clinic is known: ids are validated before the
 * clinic column is looked up. */
#define CLINIC_PENDING "00000000-0000-0000-0000-000000000000"

/* Fields no spreadsheet gives: the sign-in link and photo are added on the person's page. */
static const char *const person_skip[] = {"centre_id", "user_id", "photo", NULL};
static const char *const qualification_skip[] = {"person_id", NULL};
static const char *const contract_skip[] = {"person_id", "employer_id", "clinic_id",
					    "supersedes_id", NULL};

/* What people call these columns in their own spreadsheets. */
static const struct sheet_alias aliases[] = {
	{"person.citizen_id", "身份证号"},
	{"person.citizen_id", "身份证号码"},
	{"person.citizen_id", "公民身份证号"},
	{"person.phone", "电话"},
	{"person.phone", "手机"},
	{"person.phone", "手机号码"},
	{"person.phone", "联系方式"},
	{"qualification.kind", "资格证书类别"},
	{"qualification.kind", "证书类别"},
	{"qualification.certificate_no", "资格证书编号"},
	{"qualification.certificate_no", "证书号"},
	{"qualification.district_training_passed", "区级培训合格"},
	{"qualification.district_training_passed", "培训合格"},
	{"contract.type", "聘用类型"},
	{"contract.starts_on", "合同起始日期"},
	{"contract.starts_on", "聘期起始"},
	{"contract.starts_on", "合同开始日期"},
	{"contract.ends_on", "合同到期日期"},
	{"contract.ends_on", "聘期截止"},
	{"contract.ends_on", "合同结束日期"},
	{"contract.head_of_clinic", "是否负责人"},
	{"posting.clinic", "村卫生室"},
	{"posting.clinic", "派驻村卫生室名称"},
	{"posting.clinic", "村卫生室区划代码"},
	{NULL, NULL},
};

static const struct sheet_note notes[] = {
	{"person.citizen_id",
	 "18 位公民身份号码，末位可为 X；其中的出生日期和性别须与“出生日期”“性别”两列一致。"
	 "同一人不能重复登记，同一文件中也不能出现两次"},
	{"person.birth_date", "须与公民身份号码第 7–14 位一致"},
	{"person.sex", "须与公民身份号码第 17 位一致（奇数为男，偶数为女）"},
	{"qualification.kind",
	 "须为合格资格（SR-STF-2、LB-STF-3）：执业医师、执业助理医师、中医(专长)医师、"
	 "中等以上医学专业学历，或乡村医生（柳北须经区卫健局培训合格）"},
	{"qualification.certificate_no", "同一类别的同一证书编号不能重复登记"},
	{"qualification.district_training_passed", "乡村医生须经区卫健局培训合格（LB-STF-3）"},
	{"posting.clinic", "本卫生院下属村卫生室的名称或 12 位行政区划代码"},
	{"contract.type", "合同报县（区）卫健局审批后生效（LB-STF-4）；派驻不足半年将提示（LB-STF-5）"},
	{"contract.ends_on",
	 "合同不得超过年龄上限（SR-STF-3、LB-STF-6）；超过须勾选“申请年龄延长/返聘”并经审批"},
	{NULL, NULL},
};

static const char *const ignored[] = {"序号", NULL};

/* The spec of a staff row, with the values the import fills in for CENTRE_ID. */
struct import_spec {
	struct sheet_part parts[4];
	struct sheet_spec spec;
	json_t *person_fixed, *contract_fixed;
};

/* Put NAME = VALUE into OBJ if E declares NAME as a field that input may carry. */
static void put_writable(const struct entity *e, json_t *obj, const char *name, const char *value)
{
	const struct ent_field *f = e->fields ? ent_field(e, name) : NULL;
	if (f && !(f->flags & (EF_READONLY | EF_SECRET)))
		json_object_set_new(obj, name, json_string(value));
}

static int spec_init(struct import_spec *s, const char *centre_id)
{
	memset(s, 0, sizeof(*s));
	s->person_fixed = json_object();
	s->contract_fixed = json_object();
	if (!s->person_fixed || !s->contract_fixed)
		return -1;
	put_writable(&person_entity, s->person_fixed, "centre_id", centre_id);
	put_writable(&contract_entity, s->contract_fixed, "employer_id", centre_id);
	put_writable(&contract_entity, s->contract_fixed, "clinic_id", CLINIC_PENDING);
	s->parts[0] = (struct sheet_part){.name = "person", .e = &person_entity, .skip = person_skip,
					  .fixed = s->person_fixed};
	s->parts[1] = (struct sheet_part){.name = "qualification", .e = &qualification_entity,
					  .skip = qualification_skip};
	s->parts[2] = (struct sheet_part){.name = "posting", .e = &posting_entity};
	s->parts[3] = (struct sheet_part){.name = "contract", .e = &contract_entity,
					  .skip = contract_skip, .fixed = s->contract_fixed};
	s->spec = (struct sheet_spec){.parts = s->parts, .nparts = 4, .aliases = aliases,
				      .notes = notes, .ignore = ignored};
	return 0;
}

static void spec_clear(struct import_spec *s)
{
	json_decref(s->person_fixed);
	json_decref(s->contract_fixed);
}

/* The clinics under institution PARENT_ID (new array of institution records), or NULL on a
 * database failure. */
static json_t *clinics_under(struct db *db, const char *parent_id)
{
	const char *keys[] = {"parent_id", "kind", "limit"};
	const char *vals[] = {parent_id, "clinic", "500"};
	struct app_error err;
	struct ent_list l;
	json_t *all = json_array(), *items;
	bool more = true;
	if (!all || ent_list_parse(&institution_entity, 3, keys, vals, NULL, &l, &err) != 0) {
		json_decref(all);
		return NULL;
	}
	for (l.offset = 0; more; l.offset += l.limit) {
		if (crud_list(db, &institution_entity, "id", &l, NULL, NULL, 0, &items, &more) < 0) {
			json_decref(all);
			all = NULL;
			break;
		}
		json_array_extend(all, items);
		json_decref(items);
	}
	ent_list_clear(&l);
	return all;
}

/* What one import needs across its steps. */
struct import {
	const struct principal *who;
	const char *centre_id;
	const char *centre_name;
	json_t *clinics;                  /* the centre's clinics, owned */
	struct import_spec spec;
	struct sheet_result res;
	size_t base_problems, base_count; /* problems found before the transaction */
	bool base_truncated;
	int people;
};

static const char *text_of(const json_t *rec, const char *name)
{
	return json_string_value(json_object_get(rec, name));
}

/* Report a problem of FIELD of part PART at LINE, in a Chinese sentence. */
static void row_problem(struct import *im, size_t line, const char *part, const char *field,
			enum err_code code, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void row_problem(struct import *im, size_t line, const char *part, const char *field,
			enum err_code code, const char *fmt, ...)
{
	struct app_error e;
	va_list ap;
	va_start(ap, fmt);
	err_vset(&e, code, field, NULL, fmt, ap);
	va_end(ap);
	sheet_problem(&im->res, &im->spec.spec, line, part, &e);
}

/* The clinic TEXT names among the centre's: by division code, by name, or by name without
 * its "村卫生室" / "卫生室" ending; a closed clinic only when no other matches (the contract
 * then says it is closed). Returns the clinic's id (borrowed), or NULL with *AMBIGUOUS set
 * if several match. */
static const char *find_clinic(const struct import *im, const char *text, bool *ambiguous)
{
	const char *open = NULL, *closed = NULL;
	size_t nopen = 0, nclosed = 0;
	char a[256], b[256];
	snprintf(a, sizeof(a), "%s卫生室", text);
	snprintf(b, sizeof(b), "%s村卫生室", text);
	size_t i;
	json_t *c;
	json_array_foreach(im->clinics, i, c)
	{
		const char *name = text_of(c, "name"), *code = text_of(c, "division_code");
		const char *status = text_of(c, "status");
		bool match = (code && strcmp(code, text) == 0) ||
			     (name && (strcmp(name, text) == 0 || strcmp(name, a) == 0 ||
				       strcmp(name, b) == 0));
		if (!match)
			continue;
		if (status && strcmp(status, "closed") == 0) {
			closed = text_of(c, "id");
			nclosed++;
		} else {
			open = text_of(c, "id");
			nopen++;
		}
	}
	*ambiguous = nopen > 1 || (nopen == 0 && nclosed > 1);
	return nopen == 1 ? open : nopen == 0 && nclosed == 1 ? closed : NULL;
}

/* Checks that need the whole file: each row's clinic, and the same citizen id or the
 * same certificate twice. Rows found bad get "ok": false. */
static void check_rows(struct import *im)
{
	json_t *ids = json_object(), *certificates = json_object();
	size_t i;
	json_t *row;
	json_array_foreach(im->res.rows, i, row)
	{
		size_t line = (size_t)json_integer_value(json_object_get(row, "line"));
		size_t before = im->res.count_all;
		json_t *person = json_object_get(row, "person");
		json_t *qualification = json_object_get(row, "qualification");
		json_t *contract = json_object_get(row, "contract");
		const char *clinic = text_of(json_object_get(row, "posting"), "clinic");
		if (clinic) {
			bool ambiguous;
			const char *id = find_clinic(im, clinic, &ambiguous);
			if (id)
				json_object_set_new(contract, "clinic_id", json_string(id));
			else if (ambiguous)
				row_problem(im, line, "posting", "clinic", ERR_INVALID,
					    "%s下属有多所村卫生室名为“%s”，请改填其 12 位行政区划代码",
					    im->centre_name, clinic);
			else
				row_problem(im, line, "posting", "clinic", ERR_INVALID,
					    "派驻村卫生室“%s”不是%s下属的村卫生室：请填写本卫生院下属村卫生室"
					    "的名称或 12 位行政区划代码",
					    clinic, im->centre_name);
		}
		const char *cid = text_of(person, "citizen_id");
		if (cid && strlen(cid) == 18) {
			char canon[19];
			citizen_id_normalise(cid, canon);
			json_t *first = json_object_get(ids, canon);
			if (first)
				row_problem(im, line, "person", "citizen_id", ERR_CONFLICT,
					    "公民身份号码与第 %lld 行相同：同一人在文件中只能出现一次",
					    (long long)json_integer_value(first));
			else
				json_object_set_new(ids, canon, json_integer((json_int_t)line));
		}
		const char *kind = text_of(qualification, "kind");
		const char *number = text_of(qualification, "certificate_no");
		if (kind && number) {
			char key[256];
			snprintf(key, sizeof(key), "%s\n%s", kind, number);
			json_t *first = json_object_get(certificates, key);
			if (first)
				row_problem(im, line, "qualification", "certificate_no", ERR_CONFLICT,
					    "证书编号 %s 与第 %lld 行的同类证书相同：同一证书只能登记一次",
					    number, (long long)json_integer_value(first));
			else
				json_object_set_new(certificates, key, json_integer((json_int_t)line));
		}
		if (im->res.count_all != before)
			json_object_set_new(row, "ok", json_false());
	}
	json_decref(ids);
	json_decref(certificates);
}

/* A refusal of an insert of part PART at LINE, named by the column the user can fix: the
 * contract's clinic is the posting column, a contract refused for want of a qualifying
 * certificate (person_id) is about the qualification's kind. */
static void insert_problem(struct import *im, size_t line, const char *part,
			   struct app_error *err)
{
	if (strcmp(part, "contract") == 0 && strcmp(err->field, "clinic_id") == 0) {
		part = "posting";
		snprintf(err->field, sizeof(err->field), "clinic");
	} else if (strcmp(part, "contract") == 0 && strcmp(err->field, "person_id") == 0) {
		part = "qualification";
		snprintf(err->field, sizeof(err->field), "kind");
	} else if (strcmp(err->field, "person_id") == 0 || strcmp(err->field, "employer_id") == 0 ||
		   strcmp(err->field, "centre_id") == 0) {
		err->field[0] = '\0'; /* the import set it, not the file */
	}
	/* A conflict or a missing record is a bad row like any other here (422). */
	sheet_problem(&im->res, &im->spec.spec, line, part, err);
}

/* REC (borrowed) with person_id set to PERSON_ID. New reference. */
static json_t *for_person(const json_t *rec, const char *person_id)
{
	json_t *copy = json_copy((json_t *)rec);
	if (copy)
		json_object_set_new(copy, "person_id", json_string(person_id));
	return copy;
}

/* Mark on each row the parts its problems so far are about ("bad": {"<part>": true}, or
 * {"*": true} for a problem of the whole row), so that the rest of a bad row can still be
 * checked: every bad cell of a file is told at once. */
static void mark_bad_parts(struct import *im)
{
	json_t *by_line = json_object();
	size_t i;
	json_t *p, *row;
	json_array_foreach(im->res.problems, i, p)
	{
		char line[32], part[64];
		snprintf(line, sizeof(line), "%lld", (long long)json_integer_value(json_object_get(p, "line")));
		const char *field = text_of(p, "field");
		const char *dot = field ? strchr(field, '.') : NULL;
		snprintf(part, sizeof(part), "%.*s", dot ? (int)(dot - field) : 1, dot ? field : "*");
		json_t *parts = json_object_get(by_line, line);
		if (!parts) {
			parts = json_object();
			json_object_set_new(by_line, line, parts);
		}
		json_object_set_new(parts, part, json_true());
	}
	json_array_foreach(im->res.rows, i, row)
	{
		char line[32];
		snprintf(line, sizeof(line), "%lld", (long long)json_integer_value(json_object_get(row, "line")));
		json_t *parts = json_object_get(by_line, line);
		if (parts)
			json_object_set(row, "bad", parts);
	}
	json_decref(by_line);
}

static bool part_bad(const json_t *row, const char *part)
{
	const json_t *bad = json_object_get(row, "bad");
	return json_object_get(bad, "*") || json_object_get(bad, part);
}

/* Insert row ROW's three records, as far as its parts are good (the others were told
 * already): a person with a bad qualification is still checked, and so on. Returns 1 if
 * all three were written, 0 if not (a refusal reported), or a negative db_status. */
static int insert_row(struct db *db, struct import *im, const json_t *row)
{
	size_t line = (size_t)json_integer_value(json_object_get(row, "line"));
	struct app_error err = {0};
	char person_id[37], id[37];
	if (part_bad(row, "person"))
		return 0;
	int rc = staff_person_insert(db, im->who, json_object_get(row, "person"), person_id, &err);
	if (rc == DB_ABORT) {
		insert_problem(im, line, "person", &err);
		return 0;
	}
	if (rc < 0 || part_bad(row, "qualification"))
		return rc < 0 ? rc : 0;
	json_t *rec = for_person(json_object_get(row, "qualification"), person_id);
	rc = rec ? staff_qualification_insert(db, im->who, rec, id, &err) : DB_HARD;
	json_decref(rec);
	if (rc == DB_ABORT) {
		insert_problem(im, line, "qualification", &err);
		return 0; /* the contract would only be refused for want of it */
	}
	if (rc < 0 || part_bad(row, "posting") || part_bad(row, "contract"))
		return rc < 0 ? rc : 0;
	rec = for_person(json_object_get(row, "contract"), person_id);
	rc = rec ? staff_contract_insert(db, im->who, rec, id, &err) : DB_HARD;
	json_decref(rec);
	if (rc == DB_ABORT) {
		insert_problem(im, line, "contract", &err);
		return 0;
	}
	return rc < 0 ? rc : 1;
}

/* The transaction: every row through the insert functions (their rules included), each as
 * far as it is good; committed only if no row at all was bad. */
static int import_body(struct db *db, void *cls)
{
	struct import *im = cls;
	/* A retried attempt starts again from the problems found before it. */
	while (json_array_size(im->res.problems) > im->base_problems)
		json_array_remove(im->res.problems, json_array_size(im->res.problems) - 1);
	im->res.count_all = im->base_count;
	im->res.truncated = im->base_truncated;
	im->people = 0;
	size_t i;
	json_t *row;
	json_array_foreach(im->res.rows, i, row)
	{
		/* Past the listing limit a bad row's parts are not known: skip it. */
		if (im->base_truncated && !json_is_true(json_object_get(row, "ok")))
			continue;
		int rc = insert_row(db, im, row);
		if (rc == DB_RETRY)
			return rc;
		if (rc < 0) {
			/* After a refused statement PostgreSQL runs no more in this
			 * transaction: what was found so far is the answer. */
			if (im->res.count_all > 0)
				return DB_ABORT;
			return rc;
		}
		im->people += rc;
	}
	if (im->res.count_all > 0)
		return DB_ABORT;
	json_t *summary = json_pack("{s:i, s:s}", "people", im->people, "format", im->res.format);
	int rc = summary ? audit_append(db, im->who, "import", "staff_import", im->centre_id, NULL,
					summary)
			 : DB_HARD;
	json_decref(summary);
	return rc < 0 ? rc : im->people;
}

int staff_import(struct db *db, const struct principal *who, const char *centre_id,
		 const char *data, size_t len, json_t **report, struct app_error *err)
{
	struct import im = {.who = who, .centre_id = centre_id};
	json_t *centre = NULL;
	int result = -1;
	*report = NULL;
	int rc = crud_get(db, &institution_entity, "id", centre_id, &centre);
	if (rc < 0)
		return err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
	if (rc == DB_NONE)
		return err_set(err, ERR_NOT_FOUND, NULL, NULL, "机构不存在");
	const char *kind = text_of(centre, "kind");
	if (strcmp(kind, "centre") != 0 && strcmp(kind, "community") != 0) {
		err_set(err, ERR_RULE, "centre_id", "SR-ORG-3",
			"人员只能导入到乡镇卫生院或社区卫生服务中心：村医由卫生院聘用并派驻村卫生室"
			"（乡聘村用），%s不是卫生院",
			text_of(centre, "name"));
		goto out_free_centre;
	}
	im.centre_name = text_of(centre, "name");
	im.clinics = clinics_under(db, centre_id);
	if (!im.clinics || spec_init(&im.spec, centre_id) != 0) {
		err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
		goto out_free;
	}
	if (sheet_read(&im.spec.spec, data, len, &im.res, err) != 0)
		goto out_free;
	check_rows(&im);
	mark_bad_parts(&im);
	im.base_problems = json_array_size(im.res.problems);
	im.base_count = im.res.count_all;
	im.base_truncated = im.res.truncated;
	rc = json_array_size(im.res.rows) > 0
		     ? db_run_transaction(db, "staff import", import_body, &im)
		     : DB_ABORT;
	if (rc >= 0) {
		result = rc;
	} else if (rc == DB_ABORT && im.res.count_all > 0) {
		sheet_problems_sort(&im.res);
		sheet_refusal(&im.res, err);
		*report = json_incref(im.res.problems);
	} else if (rc == DB_RETRY) {
		err_set(err, ERR_UNAVAILABLE, NULL, NULL, NULL);
	} else {
		err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
	}
out_free:
	sheet_result_free(&im.res);
	spec_clear(&im.spec);
	json_decref(im.clinics);
out_free_centre:
	json_decref(centre);
	return result;
}

/* ---- handlers ---- */

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* What the file was read as, for the answer (imports say which encoding they read). */
static const char *file_format(const char *data, size_t len)
{
	if (xlsx_is_zip(data, len))
		return "Excel 工作簿（.xlsx）";
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		return "CSV（UTF-8）";
	return text_is_utf8(data, len) ? "CSV（UTF-8）" : "CSV（GB18030）";
}

enum MHD_Result staff_h_import(struct req *r)
{
	struct app_error err = {0};
	json_t *report = NULL;
	const char *data = r->body ? r->body : "";
	int n = staff_import(r->db, &r->who, req_param(r, "id"), data, r->body_len, &report, &err);
	if (n >= 0)
		return reply_json(r, MHD_HTTP_CREATED,
				  json_pack("{s:i, s:i, s:i, s:s}", "people", n, "qualifications", n,
					    "contracts", n, "format", file_format(data, r->body_len)));
	if (!report)
		return reply_error(r, &err);
	/* The one error body, with every bad row beside it. */
	json_t *detail = json_pack("{s:s, s:s}", "code", err_code_name(err.code), "message",
				   err.message);
	if (detail && err.field[0])
		json_object_set_new(detail, "field", json_string(err.field));
	if (detail && err.rule[0])
		json_object_set_new(detail, "rule", json_string(err.rule));
	if (!detail) {
		json_decref(report);
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	}
	return reply_json(r, (unsigned)err_http_status(err.code),
			  json_pack("{s:o, s:o}", "error", detail, "rows", report));
}

/* An example clinic for the template: the first open one under the signed-in user's own
 * institution (a centre's own clinic, so its template imports as it is), else a
 * placeholder to replace. Into OUT. */
static void example_clinic(struct db *db, const char *institution_id, char *out, size_t len)
{
	snprintf(out, len, "某某村卫生室");
	json_t *clinics = institution_id[0] ? clinics_under(db, institution_id) : NULL;
	size_t i;
	json_t *c;
	json_array_foreach(clinics, i, c)
	{
		const char *status = text_of(c, "status");
		if (status && strcmp(status, "closed") != 0) {
			snprintf(out, len, "%s", text_of(c, "name"));
			break;
		}
	}
	json_decref(clinics);
}

/* The example row: a made-up doctor whose citizen id, birth date and sex agree, with a
 * qualifying certificate and a three-year labour contract from today. New reference. */
static json_t *example_row(struct db *db, const struct principal *who)
{
	char cid[19] = "11010119850512003", today[11], ends[11], clinic[128];
	cid[17] = citizen_id_check_char(cid);
	cid[18] = '\0';
	org_today(today);
	rules_add_months(today, 36, ends);
	example_clinic(db, who->institution_id, clinic, sizeof(clinic));
	return json_pack("{s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s},"
			 " s:{s:s, s:s, s:s, s:s, s:b},"
			 " s:{s:s},"
			 " s:{s:s, s:s, s:s, s:b, s:b}}",
			 "person", "name", "李明华", "sex", "male", "birth_date", "1985-05-12",
			 "citizen_id", cid, "phone", "13800000000", "education", "secondary",
			 "ethnic_group", "汉族", "qualification", "kind", "assistant_physician",
			 "certificate_no", "201045020500001", "issuer", "柳州市卫生健康委员会",
			 "issued_on", "2010-07-01", "district_training_passed", 1, "posting",
			 "clinic", clinic, "contract", "type", "labour", "starts_on", today, "ends_on",
			 ends, "head_of_clinic", 0, "age_extension", 0);
}

enum MHD_Result staff_h_import_template(struct req *r)
{
	struct import_spec spec;
	char *data = NULL;
	size_t len = 0;
	if (spec_init(&spec, CLINIC_PENDING) != 0) {
		spec_clear(&spec);
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	}
	json_t *example = example_row(r->db, &r->who);
	int rc = sheet_template(&spec.spec, example, "人员导入", &data, &len);
	json_decref(example);
	spec_clear(&spec);
	if (rc != 0)
		return reply_err(r, ERR_INTERNAL, NULL, NULL, "生成导入模板失败");
	enum MHD_Result ret = reply_bytes(r, MHD_HTTP_OK, XLSX_TYPE, data, len, "人员导入模板.xlsx");
	free(data);
	return ret;
}
