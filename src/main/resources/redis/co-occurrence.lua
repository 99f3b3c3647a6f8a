-- Adds forward-decayed co-occurrences to one item's partner list (ItemCoOccurrence's
-- arithmetic), keeping its strongest partners by Space-Saving: a newcomer to a full list
-- takes the weakest partner's place and its count.
-- KEYS[1]: kairos:{i:ID}:co  zset partner -> co-occurrence log-sum (ForwardDecay)
-- ARGV[1]: the most partners kept; then pairs: partner, log of the increment at its time
local cap = tonumber(ARGV[1])
local function logaddexp(a, b)
  local m = math.max(a, b)
  return m + math.log(1 + math.exp(math.min(a, b) - m))
end
for i = 2, #ARGV, 2 do
  local partner = ARGV[i]
  local inc = tonumber(ARGV[i + 1])
  local current = redis.call('ZSCORE', KEYS[1], partner)
  local value
  if current then
    value = logaddexp(tonumber(current), inc)
  elseif redis.call('ZCARD', KEYS[1]) < cap then
    value = inc
  else
    local weakest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
    redis.call('ZREM', KEYS[1], weakest[1])
    value = logaddexp(tonumber(weakest[2]), inc)
  end
  redis.call('ZADD', KEYS[1], string.format('%.17g', value), partner)
end
return 0
