-- Merges one batch of learned observations into the shared model, once: applied only if the
-- stored offset of the observations log's partition is still the one the batch follows, and
-- the offset then moves to the batch's last. All keys share {model}.
-- While learning is frozen the statistics are left as they are (the offset, the counts and
-- the held-out list still move, so the batch is not learned later either).
-- KEYS: 1 statistics hash, 2 version, 3 frozen flag, 4 merged offsets hash (partition -> offset),
--       5 held-out list, then c copies of the statistics (other policies' statistics hashes, which
--       take the same increments), then h per-policy counter hashes (shown, clicked), then e
--       policy hashes with their own fields (per-item statistics, the meta-bandit's weights)
-- ARGV: 1 partition, 2 offset the batch follows (-1: none), 3 the batch's last offset,
--       4 longest held-out list, 5 number m of statistics fields, 6 c, 7 h, 8 e,
--       then m (field, increment) pairs, then c expiries in seconds (0: none),
--       then per counter hash (shown increment, clicked increment),
--       then per policy hash: its number f of fields, then f (field, increment) pairs,
--       then held-out entries ("<reward>;x0,x1,...")
-- Statistics fields: n (count), b<i>, a<k> (upper triangle of A row by row, LinearStatistics order).
-- Returns 1 if merged, 0 if the stored offset had moved (nothing changed).
local stored = tonumber(redis.call('HGET', KEYS[4], ARGV[1]) or '-1')
if stored ~= tonumber(ARGV[2]) then
  return 0
end
redis.call('HSET', KEYS[4], ARGV[1], ARGV[3])
local m = tonumber(ARGV[5])
local c = tonumber(ARGV[6])
local h = tonumber(ARGV[7])
local e = tonumber(ARGV[8])
local learning = redis.call('EXISTS', KEYS[3]) == 0
local a = 9
if m > 0 and learning then
  for i = 0, m - 1 do
    redis.call('HINCRBYFLOAT', KEYS[1], ARGV[a + 2 * i], ARGV[a + 2 * i + 1])
  end
  for k = 6, 5 + c do
    for i = 0, m - 1 do
      redis.call('HINCRBYFLOAT', KEYS[k], ARGV[a + 2 * i], ARGV[a + 2 * i + 1])
    end
    local ttl = tonumber(ARGV[a + 2 * m + (k - 6)])
    if ttl > 0 then
      redis.call('EXPIRE', KEYS[k], ttl)
    end
  end
end
local changed = m > 0
a = a + 2 * m + c
for k = 6 + c, 5 + c + h do
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
for k = 6 + c + h, 5 + c + h + e do
  local f = tonumber(ARGV[a])
  a = a + 1
  if learning and f > 0 then
    changed = true
    for i = 0, f - 1 do
      redis.call('HINCRBYFLOAT', KEYS[k], ARGV[a + 2 * i], ARGV[a + 2 * i + 1])
    end
  end
  a = a + 2 * f
end
if changed and learning then
  redis.call('INCR', KEYS[2])
end
if a <= #ARGV then
  for i = a, #ARGV do
    redis.call('LPUSH', KEYS[5], ARGV[i])
  end
  redis.call('LTRIM', KEYS[5], 0, tonumber(ARGV[4]) - 1)
end
return 1
