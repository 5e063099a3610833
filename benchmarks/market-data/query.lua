-- wrk script: one authenticated 1,000-bar query per request, paced so that the connections
-- together send about RATE requests per second (wrk measures latency without the pause).
local token = os.getenv("BENCH_TOKEN")
local rate = tonumber(os.getenv("BENCH_RATE") or "200")
local connections = tonumber(os.getenv("BENCH_CONNECTIONS") or "4")

wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Accept"] = "application/json"

function delay()
  return math.floor(connections * 1000 / rate)
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end
