-- Adds a batch's counts to the population's hash and its masses to the global Interest Clock,
-- once per write token: the same call delivered twice (the session's re-issue after NOSCRIPT, or
-- Lettuce re-sending a command in flight when it reconnects) adds once. The counts are of events
-- the users' scripts applied now (each once, under its offset), so a batch redelivered by Kafka
-- brings other counts under a new token.
-- KEYS: 1 the population's hash, 2 the global clock's hash, 3 the tokens of recent writes (zset by
--       Redis's time of the write, ms: one clock for all workers)
-- ARGV: 1 the write's token, 2 how long a token is remembered (ms), 3 how many population fields
--       follow, then field, integer increment (HINCRBY) for each, then field, mass (HINCRBYFLOAT)
--       for each of the clock's
-- Returns 1 if added now, 0 if the token was seen before (nothing added).
if redis.call('ZSCORE', KEYS[3], ARGV[1]) then
  return 0
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZADD', KEYS[3], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. (now - tonumber(ARGV[2])))
local n = tonumber(ARGV[3])
for i = 4, 3 + 2 * n, 2 do
  redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1])
end
for i = 4 + 2 * n, #ARGV, 2 do
  redis.call('HINCRBYFLOAT', KEYS[2], ARGV[i], ARGV[i + 1])
end
return 1
