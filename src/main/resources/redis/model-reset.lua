-- Forgets the model's evidence at once, for a drift's reset response: deletes the
-- sufficient statistics b and A (the ridge term is added when the model is solved, so the
-- model is the prior again). n stays the number of rewards learned, as the decay keeps it.
-- Unlike a decay with a tiny half-life it does not depend on the time since the last
-- decay: a reset in the same millisecond as a decay, or before the first one, still
-- forgets everything. The decay's clock restarts (the next decay counts from now) and the
-- version moves so that serving reloads. While learning is frozen the model is kept as it
-- is.
-- KEYS: 1 statistics hash, 2 version, 3 time of the last decay (ms), 4 frozen flag
-- ARGV: 1 now ms
-- Returns the number of statistics deleted, or -1 while frozen.
if redis.call('EXISTS', KEYS[4]) == 1 then
  return -1
end
local fields = redis.call('HKEYS', KEYS[1])
local deleted = 0
for i = 1, #fields do
  if fields[i] ~= 'n' then
    redis.call('HDEL', KEYS[1], fields[i])
    deleted = deleted + 1
  end
end
redis.call('SET', KEYS[3], ARGV[1])
if #fields > 0 then
  redis.call('INCR', KEYS[2])
end
return deleted
