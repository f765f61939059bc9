-- Reads of a case for wrk (bench/inzagelog.py): each request a random case of a list.
--   wrk -s lezen.lua URL -- TOKEN CASUSSEN
-- URL: the region's cases (.../regios/REGIO/casussen); TOKEN: a bearer token; CASUSSEN: a file with one case id
-- a line.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  token = args[1]
  casussen = {}
  for regel in io.lines(args[2]) do table.insert(casussen, regel) end
  assert(#casussen > 0, "no cases to read")
  math.randomseed(1000 + id)
end

function request()
  local pad = wrk.path .. "/" .. casussen[math.random(#casussen)]
  return wrk.format("GET", pad, { ["Authorization"] = "Bearer " .. token })
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "wrk-uitkomst verzoeken=%d duur_us=%d p50_us=%d p99_us=%d fouten=%d status_fout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
