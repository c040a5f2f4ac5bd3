-- wrk script for bench/run.py: requests the paths listed in the JSON file $BENCH_PATHS in
-- turn; with $BENCH_BUST set, adds a unique query parameter to each request so that the
-- page cache never answers. Any status but 200 (redirects too) counts as an error.
-- Prints one line "BENCH {json}" with the summary.

local paths, bust, counter, threads = {}, os.getenv("BENCH_BUST") == "1", 0, {}
-- Globals, not locals: wrk's thread:set() and thread:get() reach a thread's globals.
thread_id, not_ok = 0, 0

local function read_paths()
  local file = assert(io.open(os.getenv("BENCH_PATHS")))
  local text = file:read("*a")
  file:close()
  for path in text:gmatch('"([^"]+)"') do
    paths[#paths + 1] = path:gsub("\\u0026", "&")
  end
end

function setup(thread)
  thread:set("thread_id", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  read_paths()
end

function request()
  counter = counter + 1
  local path = paths[(counter - 1) % #paths + 1]
  if bust then
    local separator = path:find("?", 1, true) and "&" or "?"
    path = path .. separator .. "bench=" .. thread_id .. "-" .. counter
  end
  return wrk.format("GET", path)
end

function response(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
  end
end

function done(summary, latency, requests)
  local errors = summary.errors
  local not_200 = 0
  for _, thread in ipairs(threads) do
    not_200 = not_200 + thread:get("not_ok")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'BENCH {"requests": %d, "seconds": %.3f, "requests_per_second": %.1f, ' ..
    '"p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f, "mean_ms": %.3f, ' ..
    '"errors": %d, "not_200": %d, "timeouts": %d, "socket_errors": %d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, latency.mean / 1000,
    not_200 + errors.timeout + errors.connect + errors.read + errors.write,
    not_200, errors.timeout, errors.connect + errors.read + errors.write))
end
