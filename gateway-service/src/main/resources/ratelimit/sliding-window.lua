-- Sliding-window counter over any number of windows, decided atomically in one call.
-- KEYS[1]: the principal's key prefix, with a hash tag, e.g. qv:gw:rl:{user:42}
-- ARGV: limit_1, window_seconds_1, limit_2, window_seconds_2, ...
-- A window of size w keeps one counter per fixed slot of w; the count "in the last w" is estimated
-- as previous_slot * (time left of it inside the window) / w + current_slot (Redis' clock, so all
-- gateway instances agree). Refused requests are not counted. Returns
-- { allowed (1/0), retry_after_ms, remaining_1, reset_ms_1, remaining_2, reset_ms_2, ... }.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local n = #ARGV / 2
local allowed = 1
local windows = {}
for i = 1, n do
  local limit = tonumber(ARGV[2 * i - 1])
  local size = tonumber(ARGV[2 * i]) * 1000
  local slot = math.floor(now / size)
  local key = KEYS[1] .. ':' .. ARGV[2 * i] .. ':' .. slot
  local cur = tonumber(redis.call('GET', key) or '0')
  local prev = tonumber(redis.call('GET', KEYS[1] .. ':' .. ARGV[2 * i] .. ':' .. (slot - 1)) or '0')
  local left = size - (now - slot * size)
  local used = prev * left / size + cur
  if used + 1 > limit then
    allowed = 0
  end
  windows[i] = { limit, size, key, cur, prev, left, used }
end
local result = { allowed, 0 }
for i = 1, n do
  local limit, size, key, cur, prev, left, used = unpack(windows[i])
  if allowed == 1 then
    redis.call('INCR', key)
    redis.call('PEXPIRE', key, size * 2)
    used = used + 1
  elseif used + 1 > limit then
    -- the earliest moment one more request fits in this window
    local wait
    if cur + 1 <= limit and prev > 0 then
      wait = left - (limit - 1 - cur) * size / prev
    elseif cur > 0 then
      wait = left + size * (cur - limit + 1) / cur
    else
      wait = left
    end
    wait = math.ceil(wait)
    if wait > result[2] then
      result[2] = wait
    end
  end
  local remaining = math.floor(limit - used)
  if remaining < 0 then
    remaining = 0
  end
  result[2 + 2 * i - 1] = remaining
  result[2 + 2 * i] = left
end
return result
