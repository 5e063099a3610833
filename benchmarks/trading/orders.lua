-- wrk script: one market order per request, round-robin over the users whose tokens
-- LoadGen.java wrote to $BENCH_TOKENS (a Lua table), each with a client_order_id no other
-- request of the run uses (every wrk thread has its own Lua state: the thread number is in it).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

dofile(os.getenv("BENCH_TOKENS"))
local n = 0
unexpected = 0

request = function()
  n = n + 1
  local body = '{"symbol":"BENCH","side":"buy","type":"market","qty":"1","time_in_force":"day",'
    .. '"client_order_id":"w-' .. os.time() .. '-' .. tid .. '-' .. n .. '"}'
  return wrk.format("POST", "/api/v1/orders", {
    -- threads take turns over the users (run.sh starts two): two requests of one user at the
    -- same moment would queue on the account's lock, which no user of the real service does
    ["Authorization"] = "Bearer " .. tokens[((n * 2 + tid) % #tokens) + 1],
    ["Content-Type"] = "application/json"
  }, body)
end

response = function(status, headers, body)
  if status ~= 201 then
    unexpected = unexpected + 1
  end
end

done = function(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("unexpected")
  end
  io.write("answers other than 201: " .. total .. "\n")
end
