-- post_case.lua — wrk script for the durable-write rows of bench/run.sh (cases,
-- and the 12345 row with BENCH_CASE_BODY a complaint intake; that route ignores
-- the Idempotency-Key, and every POST files a new request anyway).
--
--   BENCH_TOKEN=<bearer token> BENCH_CASE_BODY=<file with the JSON body> \
--     wrk -t2 -c32 -d5s --latency -s bench/post_case.lua http://127.0.0.1:PORT/api/v1/cases
--
-- Every request is the same valid case body (POST /api/v1/cases, matter
-- XK00103000, submit) with the same bearer token and its own Idempotency-Key
-- (thread number + counter), so each one creates a new case; it asks for the
-- short answer (Prefer: return=minimal) as the portal does. Only a 201 naming
-- what it created ("id") counts:
-- `response` tallies 201 and everything else per status, and `done` prints
--
--   created=N other=M seconds=S created_per_s=R codes=422:5,500:1
--   sample_other=<first non-201 body, truncated>
--
-- which run.sh parses; wrk's own Requests/sec counts every answer and would let
-- an all-422 run pass as fast.

local threads = {}

function setup(thread)
	thread:set("tid", #threads + 1)
	table.insert(threads, thread)
end

function init(args)
	local token = os.getenv("BENCH_TOKEN") or error("BENCH_TOKEN not set")
	local path = os.getenv("BENCH_CASE_BODY") or error("BENCH_CASE_BODY not set")
	local f = assert(io.open(path, "rb"))
	body = f:read("*a")
	f:close()
	headers = {
		["Authorization"] = "Bearer " .. token,
		["Content-Type"] = "application/json",
		-- the short answer the portal asks for (RFC 7240): the full case stays at GET
		["Prefer"] = "return=minimal",
	}
	-- BENCH_KEY_PREFIX tells apart several wrk processes started in the same second
	prefix = string.format("bench-%s%d-%d-", os.getenv("BENCH_KEY_PREFIX") or "", os.time(), tid)
	seq = 0
	created = 0
	other = 0
	codes = ""          -- "422:5,500:1", kept as a string so thread:get copies it plainly
	counts = {}
	sample = ""
end

function request()
	seq = seq + 1
	headers["Idempotency-Key"] = prefix .. seq
	return wrk.format("POST", nil, headers, body)
end

function response(status, hdrs, resp_body)
	if status == 201 and resp_body and string.find(resp_body, '"id":"', 1, true) then
		created = created + 1
		return
	end
	other = other + 1
	counts[status] = (counts[status] or 0) + 1
	local parts = {}
	for s, n in pairs(counts) do parts[#parts + 1] = s .. ":" .. n end
	codes = table.concat(parts, ",")
	if sample == "" and resp_body then sample = string.sub(resp_body, 1, 300) end
end

function done(summary, latency, requests)
	local c, o, merged, smp = 0, 0, {}, ""
	for _, t in ipairs(threads) do
		c = c + (t:get("created") or 0)
		o = o + (t:get("other") or 0)
		for s, n in string.gmatch(t:get("codes") or "", "(%d+):(%d+)") do
			merged[s] = (merged[s] or 0) + tonumber(n)
		end
		if smp == "" then smp = t:get("sample") or "" end
	end
	local parts = {}
	for s, n in pairs(merged) do parts[#parts + 1] = s .. ":" .. n end
	local secs = summary.duration / 1e6
	io.write(string.format("created=%d other=%d seconds=%.3f created_per_s=%.1f codes=%s\n",
		c, o, secs, secs > 0 and c / secs or 0, table.concat(parts, ",")))
	io.write("sample_other=" .. string.gsub(smp, "[\r\n]", " ") .. "\n")
end
