-- Applies one event to a user's features, at most once. All keys share the user's hash tag.
-- KEYS: 1 features hash, 2 recent items (zset), 3 consumed items (zset: clicked or bought),
--       4 client event ids (zset by accept time), 5 offsets of duplicate records (zset),
--       6 skipped items (zset)
-- ARGV: 1 partition, 2 offset, 3 client event id or '', 4 type, 5 timestamp ms, 6 accepted ms,
--       7 weight, 8 interest decay lambda per hour, 9 item category or '', 10 item id,
--       11 consumes '1'/'0', 12 recent '1'/'0', 13 recent cap, 14 consumed cap,
--       15 ttl seconds, 16 deduplication window ms, 17 the block tally field of a click or purchase
--       of a known category, 'k:CATEGORY:BLOCK' (it adds 1), or '' (the user's exposures, the
--       'y:CATEGORY:BLOCK' fields, are counted from served slates by exposure.lua),
--       18 skips '1'/'0' (the item joins the skipped items, capped like the consumed ones),
--       19 the event's context as JSON, or '' (kept as the user's latest context, field 'cx', by the
--       latest event that has one)
-- Returns 0 applied, 1 applied before (replayed record), 2 replayed duplicate, 3 duplicate event id.
local h = KEYS[1]
local ofield = 'o:' .. ARGV[1]
local marker = ARGV[1] .. ':' .. ARGV[2]
local offset = tonumber(ARGV[2])
local last = tonumber(redis.call('HGET', h, ofield) or '-1')
if offset <= last then
  if redis.call('ZSCORE', KEYS[5], marker) then
    return 2
  end
  return 1
end
redis.call('HSET', h, ofield, ARGV[2])
local ttl = tonumber(ARGV[15])
local accepted = tonumber(ARGV[6])
local window = tonumber(ARGV[16])
local eid = ARGV[3]
if eid ~= '' then
  if redis.call('ZSCORE', KEYS[4], eid) then
    redis.call('ZADD', KEYS[5], accepted, marker)
    redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', '(' .. (accepted - window))
    redis.call('EXPIRE', KEYS[5], ttl)
    redis.call('EXPIRE', h, ttl)
    return 3
  end
  redis.call('ZADD', KEYS[4], accepted, eid)
  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. (accepted - window))
  redis.call('EXPIRE', KEYS[4], ttl)
end
local ts = tonumber(ARGV[5])
redis.call('HINCRBY', h, 'n:' .. ARGV[4], 1)
local first = redis.call('HGET', h, 'fs')
if (not first) or ts < tonumber(first) then
  redis.call('HSET', h, 'fs', ARGV[5])
end
local latest = redis.call('HGET', h, 'ls')
if ARGV[19] and ARGV[19] ~= '' and ((not latest) or ts >= tonumber(latest)) then
  redis.call('HSET', h, 'cx', ARGV[19])
end
if (not latest) or ts > tonumber(latest) then
  redis.call('HSET', h, 'ls', ARGV[5])
end
if ARGV[17] ~= '' then
  redis.call('HINCRBY', h, ARGV[17], 1)
end
local w = tonumber(ARGV[7])
if w > 0 and ARGV[9] ~= '' then
  -- forward decay in log space: L = ln(e^L + w * e^(lambda * t)), t in hours (see ForwardDecay)
  local field = 'i:' .. ARGV[9]
  local x = math.log(w) + tonumber(ARGV[8]) * ts / 3600000
  local old = redis.call('HGET', h, field)
  if old then
    local o = tonumber(old)
    local m = math.max(o, x)
    x = m + math.log(1 + math.exp(math.min(o, x) - m))
  end
  redis.call('HSET', h, field, string.format('%.17g', x))
end
if ARGV[12] == '1' then
  redis.call('ZADD', KEYS[2], 'GT', ts, ARGV[10])
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(tonumber(ARGV[13]) + 1))
  redis.call('EXPIRE', KEYS[2], ttl)
end
if ARGV[11] == '1' then
  -- repeat consumption, one event at a time (the reference for user-events.lua's count)
  local previous = redis.call('ZSCORE', KEYS[3], ARGV[10])
  if not previous then
    redis.call('HINCRBY', h, 'consumptions', 1)
  elseif tonumber(previous) ~= ts then
    redis.call('HINCRBY', h, 'consumptions', 1)
    redis.call('HINCRBY', h, 'repeats', 1)
  end
  redis.call('ZADD', KEYS[3], 'GT', ts, ARGV[10])
  redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -(tonumber(ARGV[14]) + 1))
  redis.call('EXPIRE', KEYS[3], ttl)
end
if ARGV[18] == '1' then
  redis.call('ZADD', KEYS[6], 'GT', ts, ARGV[10])
  redis.call('ZREMRANGEBYRANK', KEYS[6], 0, -(tonumber(ARGV[14]) + 1))
  redis.call('EXPIRE', KEYS[6], ttl)
end
redis.call('EXPIRE', h, ttl)
return 0
