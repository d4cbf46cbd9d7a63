/* SPDX-License-Identifier: MIT */
/* Unit tests of the audit row hash (auth/audit.c): deterministic, chained to the previous
 * hash, and changed by any change to any field. */
/* cmocka needs these before it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <sodium.h>
#include <string.h>

#include "auth/auth.h"

static struct audit_row sample(void)
{
	return (struct audit_row){
	    .seq = 7,
	    .id = "0190a000-0000-7000-8000-000000000007",
	    .created_at = "2025-03-01T08:00:00Z",
	    .user_id = "0190a000-0000-7000-8000-0000000000aa",
	    .username = "centre",
	    .role = "centre",
	    .actor_path = "/b/c/",
	    .remote = "127.0.0.1",
	    .action = "update",
	    .entity = "institution",
	    .entity_id = "0190a000-0000-7000-8000-0000000000bb",
	    .before = "{\"name\":\"沙塘村卫生室\"}",
	    .after = "{\"name\":\"沙塘村卫生所\"}",
	    .prev_hash = "1111111111111111111111111111111111111111111111111111111111111111",
	};
}

static void hash_of(const struct audit_row *row, char out[65])
{
	assert_int_equal(audit_row_hash(row, out), 0);
	assert_int_equal(strlen(out), 64);
}

static void same_row_gives_same_hash(void **state)
{
	(void)state;
	struct audit_row a = sample(), b = sample();
	char ha[65], hb[65];
	hash_of(&a, ha);
	hash_of(&b, hb);
	assert_string_equal(ha, hb);
}

static void hash_is_lowercase_hex(void **state)
{
	(void)state;
	struct audit_row a = sample();
	char h[65];
	hash_of(&a, h);
	assert_int_equal(strspn(h, "0123456789abcdef"), 64);
}

/* The hash is SHA-256(prev_hash || canonical content): check it against libsodium
 * directly, with the canonical content written out by hand (keys sorted, compact). */
static void hash_is_sha256_of_prev_hash_and_sorted_compact_json(void **state)
{
	(void)state;
	struct audit_row a = {.seq = 1, .action = "signin", .prev_hash = "ab"};
	const char *text = "ab{\"action\":\"signin\",\"actor_path\":null,\"after_value\":null,"
	                   "\"before_value\":null,\"created_at\":null,\"entity\":null,"
	                   "\"entity_id\":null,\"id\":null,\"remote\":null,\"role\":null,"
	                   "\"seq\":1,\"user_id\":null,\"username\":null}";
	unsigned char digest[crypto_hash_sha256_BYTES];
	char expect[65], got[65];
	crypto_hash_sha256(digest, (const unsigned char *)text, strlen(text));
	sodium_bin2hex(expect, sizeof(expect), digest, sizeof(digest));
	hash_of(&a, got);
	assert_string_equal(got, expect);
}

/* Change one field of the sample with CHANGE and check the hash moves. */
#define CHANGED_HASH_DIFFERS(field, value)                                                         \
	do {                                                                                       \
		struct audit_row base = sample(), changed = sample();                              \
		char h0[65], h1[65];                                                               \
		changed.field = value;                                                             \
		hash_of(&base, h0);                                                                \
		hash_of(&changed, h1);                                                             \
		assert_string_not_equal(h0, h1);                                                   \
	} while (0)

static void any_field_change_changes_the_hash(void **state)
{
	(void)state;
	CHANGED_HASH_DIFFERS(seq, 8);
	CHANGED_HASH_DIFFERS(id, "0190a000-0000-7000-8000-000000000008");
	CHANGED_HASH_DIFFERS(created_at, "2025-03-01T08:00:01Z");
	CHANGED_HASH_DIFFERS(user_id, "0190a000-0000-7000-8000-0000000000ab");
	CHANGED_HASH_DIFFERS(username, "admin");
	CHANGED_HASH_DIFFERS(role, "admin");
	CHANGED_HASH_DIFFERS(actor_path, "/");
	CHANGED_HASH_DIFFERS(remote, "127.0.0.2");
	CHANGED_HASH_DIFFERS(action, "delete");
	CHANGED_HASH_DIFFERS(entity, "user");
	CHANGED_HASH_DIFFERS(entity_id, "0190a000-0000-7000-8000-0000000000bc");
	CHANGED_HASH_DIFFERS(before, "{\"name\":\"沙塘村\"}");
	CHANGED_HASH_DIFFERS(after, "{\"name\":\"沙塘村卫生室\"}");
	CHANGED_HASH_DIFFERS(prev_hash,
	                     "2111111111111111111111111111111111111111111111111111111111111111");
}

static void null_and_empty_text_hash_differently(void **state)
{
	(void)state;
	CHANGED_HASH_DIFFERS(remote, NULL);
	CHANGED_HASH_DIFFERS(entity_id, NULL);
	struct audit_row a = sample(), b = sample();
	char ha[65], hb[65];
	a.remote = NULL;
	b.remote = "";
	hash_of(&a, ha);
	hash_of(&b, hb);
	assert_string_not_equal(ha, hb);
}

/* Moving text from one field to the next must not give the same content. */
static void field_boundaries_are_part_of_the_hash(void **state)
{
	(void)state;
	struct audit_row a = sample(), b = sample();
	char ha[65], hb[65];
	a.entity = "user";
	a.entity_id = "x";
	b.entity = "userx";
	b.entity_id = "";
	hash_of(&a, ha);
	hash_of(&b, hb);
	assert_string_not_equal(ha, hb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(same_row_gives_same_hash),
	    cmocka_unit_test(hash_is_lowercase_hex),
	    cmocka_unit_test(hash_is_sha256_of_prev_hash_and_sorted_compact_json),
	    cmocka_unit_test(any_field_change_changes_the_hash),
	    cmocka_unit_test(null_and_empty_text_hash_differently),
	    cmocka_unit_test(field_boundaries_are_part_of_the_hash),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
