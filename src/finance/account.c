/* SPDX-License-Identifier: MIT */
/* This file contains the chart of accounts (会计科目表) of a primary-care institution,
 * declared once and shared by every book: each clinic's and each centre's. Codes follow the
 * grouping of the government accounting system (政府会计制度): 1 assets, 2 liabilities,
 * 3 net assets, 4 income, 5 expenses. Also the route that lists it. */
#include <string.h>

#include "finance/finance.h"
#include "http/handlers.h"

/* clang-format off */
const struct fin_account fin_chart[] = {
	{FIN_CASH, "库存现金", FIN_ASSET, true, .takings = true},
	{FIN_BANK, "银行存款", FIN_ASSET, true},
	{FIN_INSURANCE_DUE, "应收医疗款（医保）", FIN_ASSET, true},
	{"1218", "其他应收款", FIN_ASSET, true},
	{FIN_DRUG_STOCK, "库存物品—药品", FIN_ASSET, true},
	{"1303", "库存物品—卫生材料", FIN_ASSET, true},
	{FIN_FIXED_ASSETS, "固定资产", FIN_ASSET, true},
	{"1602", "固定资产累计折旧", FIN_ASSET, false},
	{FIN_CENTRE_HOLDS, "内部往来—卫生院（卫生院代管本室资金）", FIN_ASSET, true},
	{FIN_PAYABLE, "应付账款", FIN_LIABILITY, false},
	{FIN_WAGES_PAYABLE, "应付职工薪酬", FIN_LIABILITY, false},
	{FIN_SI_PAYABLE, "应付社会保险费（含代扣个人部分）", FIN_LIABILITY, false},
	{"2241", "其他应付款", FIN_LIABILITY, false},
	{"2901", "内部往来—代管村卫生室资金", FIN_LIABILITY, false},
	{"3001", "累计盈余", FIN_NET_ASSETS, false},
	{FIN_INC_CONSULT, "医疗收入—一般诊疗费", FIN_INCOME, false},
	{FIN_INC_DRUGS, "医疗收入—药品收入（零差率）", FIN_INCOME, false},
	{FIN_INC_TCM, "医疗收入—中医（民族医）药治疗收入", FIN_INCOME, false},
	{FIN_INC_TREATMENT, "医疗收入—其他治疗收入", FIN_INCOME, false},
	{FIN_INC_PUBLIC_HEALTH, "财政补助收入—基本公共卫生服务补助", FIN_INCOME, false},
	{FIN_INC_ESSENTIAL, "财政补助收入—基本药物制度补助", FIN_INCOME, false},
	{FIN_INC_SALARY, "财政补助收入—基本工资补助", FIN_INCOME, false},
	{FIN_INC_OTHER_SUBSIDY, "财政补助收入—其他补助", FIN_INCOME, false},
	{FIN_INC_OTHER, "其他收入", FIN_INCOME, false},
	{FIN_EXP_BASE_PAY, "业务活动费用—基本工资", FIN_EXPENSE, true, .needs_source = true},
	{FIN_EXP_PERF_PAY, "业务活动费用—绩效工资", FIN_EXPENSE, true, .needs_source = true},
	{FIN_EXP_SI, "业务活动费用—社会保险费（单位）", FIN_EXPENSE, true, .needs_source = true},
	{FIN_EXP_OLD_AGE, "业务活动费用—养老生活补助", FIN_EXPENSE, true, .needs_source = true},
	{"5201", "业务活动费用—药品费", FIN_EXPENSE, true, .needs_source = true},
	{"5202", "业务活动费用—卫生材料费", FIN_EXPENSE, true, .needs_source = true},
	{"5301", "业务活动费用—水电费", FIN_EXPENSE, true, .needs_source = true},
	{"5302", "业务活动费用—维修费", FIN_EXPENSE, true, .needs_source = true},
	{"5303", "业务活动费用—办公费", FIN_EXPENSE, true, .needs_source = true},
	{"5304", "业务活动费用—培训费", FIN_EXPENSE, true, .needs_source = true},
	{"5901", "其他费用", FIN_EXPENSE, true, .needs_source = true},
};
/* clang-format on */
const size_t fin_chart_count = sizeof(fin_chart) / sizeof(fin_chart[0]);

const struct fin_account *fin_account(const char *code)
{
	if (!code)
		return NULL;
	for (size_t i = 0; i < fin_chart_count; i++)
		if (strcmp(fin_chart[i].code, code) == 0)
			return &fin_chart[i];
	return NULL;
}

static const struct ent_enum kinds[] = {
	{"asset", "资产"},     {"liability", "负债"}, {"net_assets", "净资产"},
	{"income", "收入"},    {"expense", "费用"},   {NULL, NULL},
};

static const struct ent_field fields[] = {
	{"code", "科目编码", ENT_TEXT, EF_READONLY | EF_SORT},
	{"name", "科目名称", ENT_TEXT, EF_READONLY},
	{"kind", "类别", ENT_ENUM, EF_READONLY | EF_FILTER, .enums = kinds},
	{"debit_normal", "余额方向为借", ENT_BOOL, EF_READONLY},
	{"takings", "收入现金（须上缴，SR-FIN-3）", ENT_BOOL, EF_READONLY},
	{"needs_source", "须附原始凭证（SR-FIN-2）", ENT_BOOL, EF_READONLY},
};

const struct entity account_entity = {
	.name = "account",
	.label = "会计科目",
	.table = NULL,
	ENT_FIELDS(fields),
	.default_sort = "code",
};

/* The chart as records of account_entity. New reference. */
static json_t *chart_json(void)
{
	json_t *items = json_array();
	for (size_t i = 0; i < fin_chart_count; i++) {
		const struct fin_account *a = &fin_chart[i];
		json_array_append_new(
			items, json_pack("{s:s, s:s, s:s, s:b, s:b, s:b}", "code", a->code, "name",
					 a->name, "kind", kinds[a->kind].value, "debit_normal",
					 a->debit_normal, "takings", a->takings, "needs_source",
					 a->needs_source));
	}
	return items;
}

enum MHD_Result fin_h_accounts(struct req *r)
{
	struct app_error err;
	struct ent_list l;
	if (req_list(r, &account_entity, NULL, &l, &err) != 0)
		return reply_error(r, &err);
	l.limit = 500;
	json_t *all = chart_json();
	bool more;
	json_t *page = ent_list_apply(&l, all, &more, NULL);
	json_decref(all);
	enum MHD_Result ret = reply_page(r, page, more, &l);
	ent_list_clear(&l);
	return ret;
}
