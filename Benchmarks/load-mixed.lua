-- wrk script for Benchmarks/load-test.sh: mixed traffic on one connection pool — anonymous page and API reads (the
-- public), reads with a reporter's token (the internal view), and authenticated CSV imports that change one value
-- each (a county reporter's 2026 figure), about one write in ten requests.
local token = os.getenv("ECOPROV_LOAD_TOKEN")
local region = os.getenv("ECOPROV_LOAD_REGION") or "140105"
local reads = { "/", "/ranking", "/regions/140100", "/api/v1/overview", "/api/v1/ranking?level=county",
                "/api/v1/assessment?region=140100", "/api/v1/map?level=county", "/indicators/pm25" }
local n = 0
local writes = tonumber(os.getenv("ECOPROV_LOAD_WRITES") or "10")
math.randomseed(os.time())

request = function()
  n = n + 1
  local pick = math.random(100)
  if pick <= writes then
    local value = string.format("%.1f", 20 + math.random() * 10)
    local body = "region,indicator,year,value\n" .. region .. ",forest_cover,2026," .. value .. "\n"
    return wrk.format("POST", "/api/v1/observations/import?file=load.csv",
      { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "text/csv" }, body)
  elseif pick <= writes + 20 then
    return wrk.format("GET", "/api/v1/assessment?region=" .. region, { ["Authorization"] = "Bearer " .. token })
  else
    return wrk.format("GET", reads[(n % #reads) + 1])
  end
end

local errors = 0
response = function(status, headers, body)
  if status >= 400 then errors = errors + 1 end
end

done = function(summary, latency, requests)
  io.write(string.format("load: %d requests, %.0f req/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms, socket errors %d, timeouts %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.connect + summary.errors.read + summary.errors.write, summary.errors.timeout))
  io.write(string.format("load: HTTP status >= 400: %d\n", summary.errors.status))
end
