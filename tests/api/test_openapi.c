/* SPDX-License-Identifier: MIT */
/* The OpenAPI document served at /api/v1/openapi.json: valid 3.1, and every entry of the
 * routes table (linked in, so a new route is checked without touching this file) appears
 * with its method, parameters, security and schemas. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "core/error.h"
#include "harness.h"
#include "http/http.h"

static json_t *document(void **state)
{
	struct api_client *c = api_client(*state);
	struct api_res *res = api_get(c, "/api/v1/openapi.json");
	assert_status(res, 200);
	assert_non_null(strstr(api_header(res, "Content-Type"), "application/json"));
	assert_true(json_is_object(res->json));
	json_t *doc = json_incref(res->json);
	api_client_free(c);
	return doc;
}

static json_t *operation_of(json_t *doc, const struct route *rt)
{
	char method[16];
	size_t n = 0;
	for (const char *m = rt->method; *m && n + 1 < sizeof(method); m++)
		method[n++] = (char)tolower((unsigned char)*m);
	method[n] = '\0';
	return json_object_get(json_object_get(json_object_get(doc, "paths"), rt->pattern), method);
}

/* The schema a "$ref": "#/components/schemas/NAME" points to, or NULL. */
static json_t *resolve(json_t *doc, json_t *ref)
{
	const char *text = json_string_value(json_object_get(ref, "$ref"));
	const char *prefix = "#/components/schemas/";
	if (!text || strncmp(text, prefix, strlen(prefix)) != 0)
		return NULL;
	return json_object_get(api_jget(doc, "components.schemas"), text + strlen(prefix));
}

static void document_is_openapi_3_1(void **state)
{
	json_t *doc = document(state);
	const char *version = api_jstr(doc, "openapi");
	assert_non_null(version);
	assert_int_equal(strncmp(version, "3.1.", 4), 0);
	assert_non_null(api_jstr(doc, "info.title"));
	assert_non_null(api_jstr(doc, "info.version"));
	assert_true(json_is_object(api_jget(doc, "paths")));
	assert_non_null(api_jget(doc, "components.securitySchemes.cookieAuth"));
	assert_string_equal(api_jstr(doc, "components.securitySchemes.cookieAuth.in"), "cookie");
	assert_string_equal(api_jstr(doc, "components.securitySchemes.bearerAuth.scheme"),
	                    "bearer");
	json_decref(doc);
}

static void every_route_appears_with_its_method(void **state)
{
	json_t *doc = document(state);
	size_t operations = 0;
	for (size_t i = 0; i < routes_count; i++) {
		const struct route *rt = &routes[i];
		json_t *op = operation_of(doc, rt);
		if (!json_is_object(op)) {
			print_error("%s %s is missing from the OpenAPI document\n", rt->method,
			            rt->pattern);
			fail();
		}
		assert_string_equal(api_jstr(op, "summary"), rt->summary ? rt->summary : "");
		assert_true(json_is_object(api_jget(op, "responses")));
		operations++;
	}
	/* and nothing else: the document lists exactly the table */
	size_t listed = 0;
	const char *path;
	json_t *item;
	json_object_foreach(api_jget(doc, "paths"), path, item) listed += json_object_size(item);
	assert_int_equal(listed, operations);
	json_decref(doc);
}

static void security_follows_the_roles(void **state)
{
	json_t *doc = document(state);
	for (size_t i = 0; i < routes_count; i++) {
		const struct route *rt = &routes[i];
		json_t *security = api_jget(operation_of(doc, rt), "security");
		assert_true(json_is_array(security));
		if (rt->roles == 0) {
			assert_int_equal(json_array_size(security), 0);
			continue;
		}
		bool cookie = false, bearer = false;
		size_t k;
		json_t *req;
		json_array_foreach(security, k, req)
		{
			cookie |= json_object_get(req, "cookieAuth") != NULL;
			bearer |= json_object_get(req, "bearerAuth") != NULL;
		}
		if (!cookie || !bearer) {
			print_error("%s %s: security must offer cookie and bearer\n", rt->method,
			            rt->pattern);
			fail();
		}
		/* the roles allowed, by name */
		json_t *roles = api_jget(operation_of(doc, rt), "x-roles");
		size_t expected = 0;
		for (unsigned bit = 1; bit < (1u << ROLE_COUNT); bit <<= 1)
			expected += (rt->roles & bit) != 0;
		assert_int_equal(json_array_size(roles), expected);
	}
	json_decref(doc);
}

static void path_parameters_are_declared(void **state)
{
	json_t *doc = document(state);
	for (size_t i = 0; i < routes_count; i++) {
		const struct route *rt = &routes[i];
		json_t *params = api_jget(operation_of(doc, rt), "parameters");
		for (const char *p = strchr(rt->pattern, '{'); p; p = strchr(p + 1, '{')) {
			size_t len = strcspn(p + 1, "}");
			bool found = false;
			size_t k;
			json_t *param;
			json_array_foreach(params, k, param)
			{
				const char *name = api_jstr(param, "name");
				if (name && strlen(name) == len && strncmp(name, p + 1, len) == 0 &&
				    strcmp(api_jstr(param, "in"), "path") == 0 &&
				    json_is_true(json_object_get(param, "required")))
					found = true;
			}
			if (!found) {
				print_error("%s %s: path parameter %.*s not declared\n", rt->method,
				            rt->pattern, (int)len, p + 1);
				fail();
			}
		}
	}
	json_decref(doc);
}

static void bodies_and_results_refer_to_entity_schemas(void **state)
{
	json_t *doc = document(state);
	for (size_t i = 0; i < routes_count; i++) {
		const struct route *rt = &routes[i];
		json_t *op = operation_of(doc, rt);
		json_t *body = api_jget(op, "requestBody");
		if (!rt->body) {
			assert_null(body);
		} else {
			json_t *ref = api_jget(body, "content.application/json.schema");
			json_t *schema = resolve(doc, ref);
			assert_non_null(schema);
			assert_int_equal(json_object_size(json_object_get(schema, "properties")),
			                 rt->body->nfields);
		}
		if (!rt->result)
			continue;
		json_t *schema = api_jget(op, "responses.2XX.content.application/json.schema");
		assert_non_null(schema);
		if (rt->list) {
			assert_true(json_is_object(api_jget(schema, "properties.next_offset")));
			schema = api_jget(schema, "properties.items.items");
		}
		json_t *entity = resolve(doc, schema);
		if (!entity) {
			print_error("%s %s: result is not a $ref to its entity\n", rt->method,
			            rt->pattern);
			fail();
		}
		assert_string_equal(api_jstr(entity, "x-label"), rt->result->label);
	}
	json_decref(doc);
}

static void error_schema_lists_every_code(void **state)
{
	json_t *doc = document(state);
	json_t *codes =
	    api_jget(doc, "components.schemas.Error.properties.error.properties.code.enum");
	assert_true(json_is_array(codes));
	for (int c = ERR_OK + 1; c < ERR_COUNT; c++) {
		bool found = false;
		size_t k;
		json_t *v;
		json_array_foreach(codes, k, v)
		{
			found |= strcmp(json_string_value(v), err_code_name((enum err_code)c)) == 0;
		}
		if (!found) {
			print_error("error code %s missing\n", err_code_name((enum err_code)c));
			fail();
		}
	}
	/* every operation answers errors with it */
	for (size_t i = 0; i < routes_count; i++) {
		const char *ref = api_jstr(operation_of(doc, &routes[i]), "responses.default.$ref");
		assert_non_null(ref);
		assert_string_equal(ref, "#/components/responses/Error");
	}
	json_decref(doc);
}

/* openapi_entity_schema() called directly on a declaration made for the test. */
static const struct ent_enum colours[] = {{"red", "红"}, {"green", "绿"}, {NULL, NULL}};
static const struct ent_field sample_fields[] = {
    {.name = "id", .label = "编号", .type = ENT_ID, .flags = EF_READONLY},
    {.name = "name", .label = "名称", .type = ENT_TEXT, .flags = EF_REQUIRED, .min = 2, .max = 40},
    {.name = "colour", .label = "颜色", .type = ENT_ENUM, .enums = colours, .flags = EF_NULLABLE},
    {.name = "beds", .label = "床位", .type = ENT_INT, .min = 0, .max = 500},
    {.name = "price", .label = "金额", .type = ENT_MONEY},
    {.name = "opened", .label = "开业日期", .type = ENT_DATE},
    {.name = "secret", .label = "口令", .type = ENT_TEXT, .flags = EF_SECRET},
    {.name = "code",
     .label = "代码",
     .type = ENT_TEXT,
     .check_message = "须为12位数字",
     .rule = "SR-ORG-2"},
};
static const struct entity sample = {
    .name = "sample", .label = "样例", .table = "sample", ENT_FIELDS(sample_fields)};

static void entity_schema_is_derived_from_the_declaration(void **state)
{
	(void)state;
	json_t *s = openapi_entity_schema(&sample);
	assert_non_null(s);
	assert_string_equal(api_jstr(s, "type"), "object");
	assert_string_equal(api_jstr(s, "x-label"), "样例");
	assert_int_equal(json_array_size(api_jget(s, "required")), 1);
	assert_string_equal(api_jstr(s, "required.0"), "name");

	assert_true(json_is_true(api_jget(s, "properties.id.readOnly")));
	assert_string_equal(api_jstr(s, "properties.id.format"), "uuid");
	assert_string_equal(api_jstr(s, "properties.name.type"), "string");
	assert_int_equal(api_jint(s, "properties.name.minLength"), 2);
	assert_int_equal(api_jint(s, "properties.name.maxLength"), 40);
	assert_string_equal(api_jstr(s, "properties.name.x-label"), "名称");
	assert_string_equal(api_jstr(s, "properties.colour.enum.0"), "red");
	assert_string_equal(api_jstr(s, "properties.colour.enum.1"), "green");
	assert_true(json_is_null(api_jget(s, "properties.colour.enum.2"))); /* nullable */
	assert_string_equal(api_jstr(s, "properties.colour.type.1"), "null");
	assert_string_equal(api_jstr(s, "properties.colour.x-enum-labels.red"), "红");
	assert_string_equal(api_jstr(s, "properties.beds.type"), "integer");
	assert_int_equal(api_jint(s, "properties.beds.maximum"), 500);
	assert_string_equal(api_jstr(s, "properties.price.type"), "integer");
	assert_string_equal(api_jstr(s, "properties.opened.format"), "date");
	assert_true(json_is_true(api_jget(s, "properties.secret.writeOnly")));
	assert_string_equal(api_jstr(s, "properties.code.x-rule"), "SR-ORG-2");
	assert_string_equal(api_jstr(s, "properties.code.description"), "须为12位数字");
	json_decref(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(document_is_openapi_3_1),
	    cmocka_unit_test(every_route_appears_with_its_method),
	    cmocka_unit_test(security_follows_the_roles),
	    cmocka_unit_test(path_parameters_are_declared),
	    cmocka_unit_test(bodies_and_results_refer_to_entity_schemas),
	    cmocka_unit_test(error_schema_lists_every_code),
	    cmocka_unit_test(entity_schema_is_derived_from_the_declaration),
	};
	return cmocka_run_group_tests(tests, srv_setup_empty, srv_teardown);
}
