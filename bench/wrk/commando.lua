-- One command per request for wrk (bench/http.py): a registration, or a triage of a case registered before.
--   wrk -s commando.lua URL -- SOORT BODY TOKEN PREFIX TEMPO THREADS [CASUSSEN]
-- SOORT: aanmelding | triage; BODY: a file with the JSON body; TOKEN: a bearer token; PREFIX: starts each
-- Idempotency-Key (fresh for every request); TEMPO: requests/s of one thread, 0 for as fast as it goes;
-- THREADS: wrk's --threads;
-- CASUSSEN: for a triage, a file with one case id a line (each thread triages its own share, each case once).
--
-- At a fixed rate each thread keeps a schedule, one slot each 1/TEMPO s, and `delay` holds a connection back
-- until the next free slot. wrk counts latency from the moment a request is sent: a request that went out
-- after its slot (all connections busy) waited unseen (coordinated omission), so those more than 1 ms
-- late are counted (te_laat), with the longest wait (max_te_laat_ms); a run where they are not ~0 measured
-- less than its rate.
-- Every answer other than 2xx is counted (niet_2xx: wrk itself counts only those above 399), and so is every
-- answer that says it replayed an earlier command (herhaald: each request has a fresh key, so none should).

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } doorbraak_timespec;
  int clock_gettime(int clk_id, doorbraak_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local ts = ffi.new("doorbraak_timespec")

local function klok_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local threads = {}
local teller = 0

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local function lees(pad)
  local f = assert(io.open(pad, "r"))
  local inhoud = f:read("*a")
  f:close()
  return inhoud
end

function init(args)
  soort, body, token, prefix = args[1], lees(args[2]), args[3], args[4]
  local tempo = tonumber(args[5])
  interval = tempo > 0 and 1000 / tempo or 0
  te_laat, max_te_laat, rondgangen, niet_2xx, herhaald = 0, 0, 0, 0, 0
  casussen = {}
  if soort == "triage" then
    local i, aantal = 0, tonumber(args[6])
    for regel in io.lines(args[7]) do
      if i % aantal == id then table.insert(casussen, regel) end
      i = i + 1
    end
    assert(#casussen > 0, "no cases to triage")
  end
  if interval == 0 then delay = nil end
end

function request()
  teller = teller + 1
  local kop = {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = prefix .. "-" .. id .. "-" .. teller,
  }
  local pad = wrk.path
  if soort == "triage" then
    local index = (teller - 1) % #casussen + 1
    if index == 1 and teller > 1 then rondgangen = rondgangen + 1 end
    pad = pad .. "/" .. casussen[index] .. "/triage"
  end
  return wrk.format("POST", pad, kop, body)
end

local volgende = nil

function delay()
  local nu = klok_ms()
  local slot = volgende or nu
  volgende = slot + interval
  local wacht = slot - nu
  if wacht < 0 then
    if wacht < -1 then te_laat = te_laat + 1 end
    if -wacht > max_te_laat then max_te_laat = -wacht end
    return 0
  end
  return math.floor(wacht)
end

function response(status, headers, body)
  if status < 200 or status > 299 then niet_2xx = niet_2xx + 1 end
  if headers["Idempotent-Replayed"] or headers["idempotent-replayed"] then herhaald = herhaald + 1 end
end

function done(summary, latency, requests)
  local laat, max_laat, rond, anders, opnieuw = 0, 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    laat = laat + thread:get("te_laat")
    max_laat = math.max(max_laat, thread:get("max_te_laat"))
    rond = rond + thread:get("rondgangen")
    anders = anders + thread:get("niet_2xx")
    opnieuw = opnieuw + thread:get("herhaald")
  end
  local e = summary.errors
  io.write(string.format(
    "wrk-uitkomst verzoeken=%d duur_us=%d p50_us=%d p99_us=%d fouten=%d niet_2xx=%d herhaald=%d te_laat=%d max_te_laat_ms=%.1f rondgangen=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, anders, opnieuw, laat, max_laat, rond))
end
