-- Applies one event to an item's features, at most once per (partition, offset).
-- KEYS: 1 item hash
-- ARGV: 1 partition, 2 offset, 3 type, 4 timestamp ms, 5 weight,
--       6 popularity lambda per hour, 7 trending lambda per hour
-- (the item's exposure 'e' is counted from served slates by exposure.lua)
-- Returns {0} applied before, {1} counted (no weight), or
-- {2, category, active, popularity log-sum, trending log-sum} for the caller to rank it.
-- (The least-shown lists move with the item's exposure, counted from served slates.)
local h = KEYS[1]
local ofield = 'o:' .. ARGV[1]
local offset = tonumber(ARGV[2])
local last = tonumber(redis.call('HGET', h, ofield) or '-1')
if offset <= last then
  return {0}
end
redis.call('HSET', h, ofield, ARGV[2])
redis.call('HINCRBY', h, 'n:' .. ARGV[3], 1)
local w = tonumber(ARGV[5])
if w <= 0 then
  return {1}
end
local ts = tonumber(ARGV[4])
local function add(field, lambda)
  local x = math.log(w) + lambda * ts / 3600000
  local old = redis.call('HGET', h, field)
  if old then
    local o = tonumber(old)
    local m = math.max(o, x)
    x = m + math.log(1 + math.exp(math.min(o, x) - m))
  end
  local s = string.format('%.17g', x)
  redis.call('HSET', h, field, s)
  return s
end
local pop = add('pop', tonumber(ARGV[6]))
local trend = add('trend', tonumber(ARGV[7]))
return {2, redis.call('HGET', h, 'c') or '', redis.call('HGET', h, 'a') or '0', pop, trend}
