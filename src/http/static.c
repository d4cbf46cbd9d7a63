/* SPDX-License-Identifier: MIT */
/* Static files: the front end from the web root, and /vendor/<package>/ from npm's
 * node_modules (allow-listed packages only), with ETag / Last-Modified revalidation so
 * that tablets on a poor network get 304s instead of the files again. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "http/http.h"

/* npm packages the front end may import from /vendor/ (ECharts' ES module). */
static const char *const vendor_packages[] = {"echarts"};

static const struct {
	const char *ext;
	const char *type;
} content_types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".ico", "image/x-icon"},
    {".json", "application/json; charset=utf-8"},
    {".map", "application/json; charset=utf-8"},
    {".webmanifest", "application/manifest+json"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
};

static const char *content_type(const char *path)
{
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');
	if (dot && (!slash || dot > slash))
		for (size_t i = 0; i < sizeof(content_types) / sizeof(content_types[0]); i++)
			if (strcmp(dot, content_types[i].ext) == 0)
				return content_types[i].type;
	return "application/octet-stream";
}

/* True if REL (the URL path after the root's prefix, starting with '/') names a file
 * inside the root by its text alone: no "." or ".." segment, no hidden file, no
 * backslash, no empty segment in the middle. */
static bool clean_path(const char *rel)
{
	if (rel[0] != '/')
		return false;
	if (strchr(rel, '\\'))
		return false;
	for (const char *p = rel; *p;) {
		p++; /* the '/' */
		size_t len = strcspn(p, "/");
		if (len == 0 && p[len] == '/')
			return false; /* "//" */
		if (len > 0 && p[0] == '.')
			return false; /* ".", "..", ".git", ".env" */
		p += len;
	}
	return true;
}

/* True if PATH (realpath) is ROOT itself or lies under it. */
static bool inside(const char *root, const char *path)
{
	size_t n = strlen(root);
	if (strncmp(path, root, n) != 0)
		return false;
	return path[n] == '/' || path[n] == '\0' || (n == 1 && root[0] == '/');
}

/* "Sun, 06 Nov 1994 08:49:37 GMT", without the locale's help (the C library would
 * translate the day and month names under a Chinese locale). */
static void http_date(time_t t, char out[32])
{
	static const char days[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	struct tm tm;
	gmtime_r(&t, &tm);
	snprintf(out, 32, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday % 7], tm.tm_mday,
	         months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Parse an IMF-fixdate; returns -1 if TEXT is not one. */
static time_t parse_http_date(const char *text)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char wday[4], mon[4];
	int day, year, hour, min, sec;
	if (sscanf(text, "%3s, %d %3s %d %d:%d:%d GMT", wday, &day, mon, &year, &hour, &min,
	           &sec) != 7)
		return -1;
	const char *m = strstr(months, mon);
	if (!m || (m - months) % 3 != 0 || strlen(mon) != 3)
		return -1;
	struct tm tm = {.tm_year = year - 1900,
	                .tm_mon = (int)((m - months) / 3),
	                .tm_mday = day,
	                .tm_hour = hour,
	                .tm_min = min,
	                .tm_sec = sec};
	return timegm(&tm);
}

/* Does an If-None-Match list contain ETAG (weak comparison, as RFC 9110 asks for it)? */
static bool etag_matches(const char *list, const char *etag)
{
	size_t n = strlen(etag);
	for (const char *p = list; *p;) {
		p += strspn(p, " \t,");
		if (*p == '*')
			return true;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (strncmp(p, etag, n) == 0 && (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
			return true;
		p += strcspn(p, ",");
	}
	return false;
}

static enum MHD_Result not_found(struct req *r)
{
	return reply_err(r, ERR_NOT_FOUND, NULL, NULL, "文件不存在：%s", r->url);
}

/* Serve REL (a clean URL path, "/..." or "") under ROOT (a realpath); whatever REL
 * resolves to must stay inside ROOT. */
static enum MHD_Result serve_file(struct req *r, const char *root, const char *rel)
{
	char path[PATH_MAX];
	size_t rel_len = strlen(rel);
	bool dir_index = rel_len == 0 || rel[rel_len - 1] == '/';
	int n = snprintf(path, sizeof(path), "%s%s%s", root, rel, dir_index ? "index.html" : "");
	if (n < 0 || (size_t)n >= sizeof(path))
		return not_found(r);

	/* A symlink may point anywhere: resolve it and make sure it stays under ROOT. */
	char *real = realpath(path, NULL);
	if (!real)
		return not_found(r);
	if (!inside(root, real)) {
		free(real);
		return not_found(r);
	}
	int fd = open(real, O_RDONLY | O_CLOEXEC);
	free(real);
	if (fd < 0)
		return not_found(r);
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return not_found(r);
	}

	char etag[64];
	char modified[32];
	snprintf(etag, sizeof(etag), "\"%" PRIx64 "-%" PRIx64 "\"", (uint64_t)st.st_size,
	         (uint64_t)st.st_mtim.tv_sec * 1000000000u + (uint64_t)st.st_mtim.tv_nsec);
	http_date(st.st_mtim.tv_sec, modified);

	bool fresh = false;
	const char *inm = req_header(r, MHD_HTTP_HEADER_IF_NONE_MATCH);
	if (inm) {
		fresh = etag_matches(inm, etag);
	} else {
		const char *ims = req_header(r, MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
		time_t since = ims ? parse_http_date(ims) : -1;
		fresh = since != -1 && st.st_mtim.tv_sec <= since;
	}

	struct MHD_Response *resp;
	unsigned status;
	if (fresh) {
		close(fd);
		resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
		status = MHD_HTTP_NOT_MODIFIED;
	} else {
		/* MHD owns FD from here and closes it with the response (sendfile). */
		resp = MHD_create_response_from_fd((size_t)st.st_size, fd);
		if (!resp)
			close(fd);
		status = MHD_HTTP_OK;
	}
	if (!resp)
		return MHD_NO;
	if (!fresh)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, content_type(path));
	MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, etag);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_LAST_MODIFIED, modified);
	/* Keep a copy but ask every time: a 304 costs a round trip, not the file. */
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	return http_queue(r, status, resp);
}

static enum MHD_Result serve_vendor(struct req *r, const char *vendor_root, const char *rest)
{
	/* REST is "<package>/<path>" */
	size_t name_len = strcspn(rest, "/");
	if (!vendor_root || rest[name_len] != '/')
		return not_found(r);
	for (size_t i = 0; i < sizeof(vendor_packages) / sizeof(vendor_packages[0]); i++) {
		if (strlen(vendor_packages[i]) != name_len ||
		    memcmp(vendor_packages[i], rest, name_len) != 0)
			continue;
		char package[PATH_MAX];
		int n =
		    snprintf(package, sizeof(package), "%s/%s", vendor_root, vendor_packages[i]);
		if (n < 0 || (size_t)n >= sizeof(package))
			return not_found(r);
		/* node_modules/<package> may itself be a link (npm link, pnpm): the files must
		 * stay inside wherever it really is. */
		char *package_real = realpath(package, NULL);
		if (!package_real)
			return not_found(r);
		enum MHD_Result ret = serve_file(r, package_real, rest + name_len);
		free(package_real);
		return ret;
	}
	return not_found(r);
}

enum MHD_Result static_serve(struct req *r, const char *web_root, const char *vendor_root)
{
	const char *url = r->url;
	if (!clean_path(url))
		return not_found(r);
	if (strncmp(url, "/vendor/", 8) == 0)
		return serve_vendor(r, vendor_root, url + 8);
	return serve_file(r, web_root, url);
}
