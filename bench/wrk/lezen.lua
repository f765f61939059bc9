-- Reads of a case for wrk (bench/inzagelog.py): each request a random case of a list.
--   wrk -s lezen.lua URL -- TOKEN CASUSSEN
-- URL: the region's cases (.../regios/REGIO/casussen); TOKEN: a bearer token; CASUSSEN: a file with one case id
-- a line. Prints one line, `wrk-uitkomst`, with the answers other than 200 counted (`niet_200`: wrk itself counts
-- only those above 399).

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
  niet_200 = 0
end

function request()
  local pad = wrk.path .. "/" .. casussen[math.random(#casussen)]
  return wrk.format("GET", pad, { ["Authorization"] = "Bearer " .. token })
end

function response(status, headers, body)
  if status ~= 200 then niet_200 = niet_200 + 1 end
end

function done(summary, latency, requests)
  local anders = 0
  for _, thread in ipairs(threads) do anders = anders + thread:get("niet_200") end
  local e = summary.errors
  io.write(string.format(
    "wrk-uitkomst verzoeken=%d duur_us=%d p50_us=%d p99_us=%d fouten=%d niet_200=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, anders))
end
