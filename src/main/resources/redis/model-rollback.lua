-- Makes a snapshot the current statistics and moves the version forward. All keys share {model}.
-- KEYS: 1 statistics hash, 2 version, 3 snapshot index zset
-- ARGV: 1 snapshot key prefix, 2 snapshot version
-- Returns the new version, or -1 if there is no such snapshot.
if not redis.call('ZSCORE', KEYS[3], ARGV[2]) then
  return -1
end
local all = redis.call('HGETALL', ARGV[1] .. ARGV[2])
redis.call('DEL', KEYS[1])
for i = 1, #all, 2 do
  redis.call('HSET', KEYS[1], all[i], all[i + 1])
end
return redis.call('INCR', KEYS[2])
