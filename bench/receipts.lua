-- SPDX-License-Identifier: MIT
-- wrk script of benchmark e: one receipt (one consultation line) per request, the clinic
-- taken round robin from BENCH_CLINICS (comma-separated ids; one id: a single clinic).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
wrk.headers["X-CSRF-Token"] = os.getenv("BENCH_CSRF")

local clinics = {}
for id in string.gmatch(os.getenv("BENCH_CLINICS") or "", "[^,]+") do
	clinics[#clinics + 1] = id
end
local i = 0

function init(args)
	math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 1000)
	i = math.random(#clinics) - 1
end

function request()
	i = i % #clinics + 1
	return wrk.format(nil, nil, nil, '{"clinic_id":"' .. clinics[i] ..
		'","payer":"B","lines":[{"kind":"consultation","amount_fen":1000}]}')
end
