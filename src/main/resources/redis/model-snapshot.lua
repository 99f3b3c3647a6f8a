-- Saves the current statistics as a snapshot named by the current version. All keys share {model}.
-- KEYS: 1 statistics hash, 2 version, 3 snapshot index zset
-- ARGV: 1 snapshot key prefix
-- Returns the snapshot's version.
local version = tonumber(redis.call('GET', KEYS[2]) or '0')
local key = ARGV[1] .. version
redis.call('DEL', key)
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  redis.call('HSET', key, all[i], all[i + 1])
end
redis.call('ZADD', KEYS[3], version, tostring(version))
return version
