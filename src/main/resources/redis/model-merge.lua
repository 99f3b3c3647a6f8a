-- Merges one batch of learned observations into the shared model, once: applied only if the
-- stored offset of the observations log's partition is still the one the batch follows, and
-- the offset then moves to the batch's last. All keys share {model}.
-- While learning is frozen the statistics are left as they are (the offset, the counts and
-- the held-out list still move, so the batch is not learned later either).
-- KEYS: 1 statistics hash, 2 version, 3 frozen flag, 4 merged offsets hash (partition -> offset),
--       5 held-out list, 6.. per-policy counter hashes (shown, clicked)
-- ARGV: 1 partition, 2 offset the batch follows (-1: none), 3 the batch's last offset,
--       4 longest held-out list, 5 number m of statistics fields, then m (field, increment) pairs,
--       then per counter hash (shown increment, clicked increment), then held-out entries
--       ("<reward>;x0,x1,...")
-- Statistics fields: n (count), b<i>, a<k> (upper triangle of A row by row, LinearStatistics order).
-- Returns 1 if merged, 0 if the stored offset had moved (nothing changed).
local stored = tonumber(redis.call('HGET', KEYS[4], ARGV[1]) or '-1')
if stored ~= tonumber(ARGV[2]) then
  return 0
end
redis.call('HSET', KEYS[4], ARGV[1], ARGV[3])
local m = tonumber(ARGV[5])
local a = 6
if m > 0 and redis.call('EXISTS', KEYS[3]) == 0 then
  for i = 0, m - 1 do
    redis.call('HINCRBYFLOAT', KEYS[1], ARGV[a + 2 * i], ARGV[a + 2 * i + 1])
  end
  redis.call('INCR', KEYS[2])
end
a = a + 2 * m
for k = 6, #KEYS do
  local shown = tonumber(ARGV[a])
  local clicked = tonumber(ARGV[a + 1])
  if shown ~= 0 then
    redis.call('HINCRBY', KEYS[k], 'shown', shown)
  end
  if clicked ~= 0 then
    redis.call('HINCRBY', KEYS[k], 'clicked', clicked)
  end
  a = a + 2
end
if a <= #ARGV then
  for i = a, #ARGV do
    redis.call('LPUSH', KEYS[5], ARGV[i])
  end
  redis.call('LTRIM', KEYS[5], 0, tonumber(ARGV[4]) - 1)
end
return 1
