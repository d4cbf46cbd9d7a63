/* SPDX-License-Identifier: MIT */
/* Prometheus metrics: requests by route, method and status, a latency histogram per route,
 * and the database error count. Counting is on every request's path, so it takes no lock:
 * one fixed slot per route (found by the pattern's address), atomic counters inside. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "http/http.h"

/* Histogram bucket bounds in nanoseconds: 1 ms … 5 s. */
static const uint64_t bounds_ns[] = {1000000,   2500000,    5000000,    10000000,
                                     25000000,  50000000,   100000000,  250000000,
                                     500000000, 1000000000, 2500000000, 5000000000};
static const char *const bound_labels[] = {"0.001", "0.0025", "0.005", "0.01", "0.025", "0.05",
                                           "0.1",   "0.25",   "0.5",   "1",    "2.5",   "5"};
#define NBOUNDS (sizeof(bounds_ns) / sizeof(bounds_ns[0]))

/* Methods are counted by index: a client may send any token as a method. */
static const char *const methods[] = {"GET",   "HEAD",   "POST",    "PUT",
                                      "PATCH", "DELETE", "OPTIONS", "OTHER"};
#define NMETHODS (sizeof(methods) / sizeof(methods[0]))

#define NENTRIES 32 /* distinct (method, status) pairs kept per route */

struct slot {
	/* key = (method index << 16 | status) + 1; 0 marks a free entry. Claimed once by
	 * compare-and-swap and never released, so a reader sees a stable key. */
	uint32_t keys[NENTRIES];
	uint64_t counts[NENTRIES];
	uint64_t buckets[NBOUNDS + 1]; /* not cumulative; the last is +Inf */
	uint64_t sum_ns;
	uint64_t count;
};

/* Slots: one per route, then "static", "unmatched" and "other" (a pattern not in the
 * table, which only a caller outside the server would pass). */
static struct slot *slots;
static size_t nslots;
static uint64_t dropped; /* observations with no free (method, status) entry */
static pthread_once_t slots_once = PTHREAD_ONCE_INIT;

static void alloc_slots(void)
{
	nslots = routes_count + 3;
	slots = calloc(nslots, sizeof(*slots));
	if (!slots)
		abort();
}

static const char *slot_label(size_t i)
{
	if (i < routes_count)
		return routes[i].pattern;
	static const char *const extra[] = {"static", "unmatched", "other"};
	return extra[i - routes_count];
}

static size_t slot_of(const char *pattern)
{
	/* The server passes the routes table's own pointer: compare addresses first. */
	for (size_t i = 0; i < routes_count; i++)
		if (routes[i].pattern == pattern)
			return i;
	if (strcmp(pattern, "static") == 0)
		return routes_count;
	if (strcmp(pattern, "unmatched") == 0)
		return routes_count + 1;
	for (size_t i = 0; i < routes_count; i++)
		if (strcmp(routes[i].pattern, pattern) == 0)
			return i;
	return routes_count + 2;
}

static unsigned method_index(const char *method)
{
	for (unsigned i = 0; i + 1 < NMETHODS; i++)
		if (strcmp(methods[i], method) == 0)
			return i;
	return NMETHODS - 1;
}

void metrics_observe(const char *route_pattern, const char *method, unsigned status,
                     uint64_t duration_ns)
{
	pthread_once(&slots_once, alloc_slots);
	struct slot *s = &slots[slot_of(route_pattern ? route_pattern : "other")];
	if (status > 999)
		status = 999;
	uint32_t key = ((uint32_t)method_index(method ? method : "") << 16 | status) + 1;
	size_t e;
	for (e = 0; e < NENTRIES; e++) {
		uint32_t k = __atomic_load_n(&s->keys[e], __ATOMIC_ACQUIRE);
		if (k == key)
			break;
		if (k != 0)
			continue;
		uint32_t expected = 0;
		if (__atomic_compare_exchange_n(&s->keys[e], &expected, key, false,
		                                __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE) ||
		    expected == key)
			break;
	}
	if (e < NENTRIES)
		__atomic_fetch_add(&s->counts[e], 1, __ATOMIC_RELAXED);
	else
		__atomic_fetch_add(&dropped, 1, __ATOMIC_RELAXED);

	size_t b = 0;
	while (b < NBOUNDS && duration_ns > bounds_ns[b])
		b++;
	__atomic_fetch_add(&s->buckets[b], 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&s->sum_ns, duration_ns, __ATOMIC_RELAXED);
	__atomic_fetch_add(&s->count, 1, __ATOMIC_RELAXED);
}

char *metrics_render(void)
{
	pthread_once(&slots_once, alloc_slots);
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	if (!out)
		return NULL;

	fputs("# HELP yitihua_http_requests_total HTTP requests answered, by route pattern, "
	      "method and status.\n"
	      "# TYPE yitihua_http_requests_total counter\n",
	      out);
	for (size_t i = 0; i < nslots; i++) {
		const struct slot *s = &slots[i];
		for (size_t e = 0; e < NENTRIES; e++) {
			uint32_t key = __atomic_load_n(&s->keys[e], __ATOMIC_ACQUIRE);
			if (key == 0)
				break;
			key--;
			fprintf(
			    out,
			    "yitihua_http_requests_total{route=\"%s\",method=\"%s\","
			    "status=\"%u\"} %llu\n",
			    slot_label(i), methods[(key >> 16) % NMETHODS], key & 0xffffu,
			    (unsigned long long)__atomic_load_n(&s->counts[e], __ATOMIC_RELAXED));
		}
	}
	fprintf(out,
	        "# HELP yitihua_http_requests_unlabelled_total Requests counted without a "
	        "(method, status) label: more distinct pairs than a route has room for.\n"
	        "# TYPE yitihua_http_requests_unlabelled_total counter\n"
	        "yitihua_http_requests_unlabelled_total %llu\n",
	        (unsigned long long)__atomic_load_n(&dropped, __ATOMIC_RELAXED));

	fputs("# HELP yitihua_http_request_duration_seconds Time from the request's headers to "
	      "the end of its reply, by route pattern.\n"
	      "# TYPE yitihua_http_request_duration_seconds histogram\n",
	      out);
	for (size_t i = 0; i < nslots; i++) {
		const struct slot *s = &slots[i];
		uint64_t count = __atomic_load_n(&s->count, __ATOMIC_RELAXED);
		if (count == 0)
			continue;
		uint64_t cumulative = 0;
		for (size_t b = 0; b <= NBOUNDS; b++) {
			cumulative += __atomic_load_n(&s->buckets[b], __ATOMIC_RELAXED);
			fprintf(out,
			        "yitihua_http_request_duration_seconds_bucket{route=\"%s\","
			        "le=\"%s\"} %llu\n",
			        slot_label(i), b < NBOUNDS ? bound_labels[b] : "+Inf",
			        (unsigned long long)cumulative);
		}
		uint64_t sum = __atomic_load_n(&s->sum_ns, __ATOMIC_RELAXED);
		fprintf(out,
		        "yitihua_http_request_duration_seconds_sum{route=\"%s\"} %llu.%09llu\n"
		        "yitihua_http_request_duration_seconds_count{route=\"%s\"} %llu\n",
		        slot_label(i), (unsigned long long)(sum / 1000000000u),
		        (unsigned long long)(sum % 1000000000u), slot_label(i),
		        /* the buckets' total, so that _count equals the +Inf bucket even while
		         * other threads are counting */
		        (unsigned long long)cumulative);
	}

	fprintf(out,
	        "# HELP yitihua_db_errors_total Database errors (hard failures and retries "
	        "given up).\n"
	        "# TYPE yitihua_db_errors_total counter\n"
	        "yitihua_db_errors_total %llu\n"
	        "# HELP yitihua_db_retries_total Transaction attempts run again after a busy, "
	        "serialisation or deadlock failure.\n"
	        "# TYPE yitihua_db_retries_total counter\n"
	        "yitihua_db_retries_total %llu\n"
	        "# HELP yitihua_http_cache_hits_total Answers reused from the answer cache.\n"
	        "# TYPE yitihua_http_cache_hits_total counter\n"
	        "yitihua_http_cache_hits_total %llu\n",
	        (unsigned long long)db_error_count(), (unsigned long long)db_retry_count(),
	        (unsigned long long)http_cache_hits());
	if (fclose(out) != 0) {
		free(text);
		return NULL;
	}
	return text;
}
