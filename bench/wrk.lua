-- wrk script of `make bench` (bench/run.py): GET one path, each request as the next person.
--
--   wrk -t2 -c8 -d20s -s bench/wrk.lua http://127.0.0.1:PORT -- PATH COOKIES THREADS UA
--
-- COOKIES is a file of Cookie headers, one person a line ("-": no cookie, the hello ceiling).
-- Each thread walks the people round robin from its own offset (thread n of THREADS starts
-- at n/THREADS of the list), one person per request, so no person is asked for twice in a
-- row and the threads never ask for the same person at once. Every answer but a 2xx counts
-- as an error (a redirect to the login page is one). done() prints one line,
-- "BENCH_RESULT {json}", for bench/run.py; latencies in microseconds.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  path = args[1]
  cookies = {}
  if args[2] ~= "-" then
    for line in io.lines(args[2]) do
      if line ~= "" then cookies[#cookies + 1] = line end
    end
  end
  position = math.floor(id * #cookies / tonumber(args[3])) -- 0-based, this thread's offset
  user_agent = args[4]
  non_2xx = 0
  first_error = ""
end

function request()
  local headers = { ["User-Agent"] = user_agent }
  if #cookies > 0 then
    headers["Cookie"] = cookies[position % #cookies + 1]
    position = position + 1
  end
  return wrk.format("GET", path, headers)
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non_2xx = non_2xx + 1
    if first_error == "" then
      first_error = status .. " " .. (headers["Location"] or headers["location"] or "")
    end
  end
end

local function clean(text)
  return (string.gsub(text, '[^%w%p ]', ''):gsub('["\\]', "'"))
end

function done(summary, latency, requests)
  local non_2xx_total = 0
  local first = ""
  for _, thread in ipairs(threads) do
    non_2xx_total = non_2xx_total + thread:get("non_2xx")
    if first == "" then first = thread:get("first_error") end
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "bytes": %d, '
      .. '"p50_us": %d, "p95_us": %d, "p99_us": %d, "mean_us": %.1f, "max_us": %d, '
      .. '"non_2xx": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, '
      .. '"timeouts": %d, "first_error": "%s"}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.mean, latency.max,
    non_2xx_total, errors.connect, errors.read, errors.write, errors.timeout, clean(first)
  ))
end
