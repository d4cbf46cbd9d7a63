-- SPDX-License-Identifier: MIT
-- wrk script of benchmark d: one dispense line per request, as the village doctor.
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
wrk.headers["X-CSRF-Token"] = os.getenv("BENCH_CSRF")

local statuses = {}
function response(status, headers, body)
	statuses[status] = (statuses[status] or 0) + 1
end
