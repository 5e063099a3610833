-- wrk script: one market order per request, round-robin over the users whose tokens
-- LoadGen.java wrote to $BENCH_TOKENS (a Lua table), each with a fresh client_order_id.
dofile(os.getenv("BENCH_TOKENS"))
local n = 0
local prefix = tostring(os.time()) .. "-" .. tostring(math.random(1, 1000000))

request = function()
  n = n + 1
  local body = '{"symbol":"BENCH","side":"buy","type":"market","qty":"1","time_in_force":"day",'
    .. '"client_order_id":"w-' .. prefix .. '-' .. n .. '"}'
  return wrk.format("POST", "/api/v1/orders", {
    ["Authorization"] = "Bearer " .. tokens[(n % #tokens) + 1],
    ["Content-Type"] = "application/json"
  }, body)
end

response = function(status, headers, body)
  if status ~= 201 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end
