-- bench/wrk.lua — request set-up for bench/run, and one machine-readable
-- summary line at the end of a wrk run.
--
--   BENCH_COOKIE  sent as the Cookie header (e.g. "sg_session=…")
--   BENCH_BODY    when set, the request is a POST of this JSON body
--
-- The summary line (parsed by bench/run):
--   BENCH requests=N duration_us=N rps=X p50_us=N p99_us=N max_us=N
--         connect=N read=N write=N timeout=N status=N
-- `status` is wrk's count of responses with a status of 400 or more.

local cookie = os.getenv("BENCH_COOKIE")
local body = os.getenv("BENCH_BODY")

if cookie and cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end
if body and body ~= "" then
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end

function done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    "BENCH requests=%d duration_us=%d rps=%.1f p50_us=%d p99_us=%d max_us=%d "
      .. "connect=%d read=%d write=%d timeout=%d status=%d\n",
    summary.requests, summary.duration, summary.requests / secs,
    math.floor(latency:percentile(50)), math.floor(latency:percentile(99)),
    math.floor(latency.max), e.connect, e.read, e.write, e.timeout, e.status))
end
