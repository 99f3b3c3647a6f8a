-- Forgets old evidence for drift: multiplies the sufficient statistics b and A (without the
-- ridge term, which is added when the model is solved) by 0.5^(elapsed / half-life), where
-- elapsed is the time since the last decay. Atomic and keyed on the stored time of the last
-- decay, so any number of workers may call it: whoever comes second finds nothing elapsed.
-- n stays the number of rewards learned (a whole number: it sizes the model's confidence).
-- While learning is frozen the model is kept as it is (and the clock restarts).
-- KEYS: 1 statistics hash, 2 version, 3 time of the last decay (ms), 4 frozen flag
-- ARGV: 1 now ms, 2 half-life ms, 3 shortest interval between decays ms
-- Returns the factor applied, as a string ("1" if none was due).
local now = tonumber(ARGV[1])
local last = tonumber(redis.call('GET', KEYS[3]) or '-1')
if last < 0 or redis.call('EXISTS', KEYS[4]) == 1 or now < last then
  redis.call('SET', KEYS[3], ARGV[1])
  return '1'
end
local elapsed = now - last
if elapsed <= 0 or elapsed < tonumber(ARGV[3]) then
  return '1'
end
local gamma = 0.5 ^ (elapsed / tonumber(ARGV[2]))
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  if all[i] ~= 'n' then
    redis.call('HSET', KEYS[1], all[i], string.format('%.17g', tonumber(all[i + 1]) * gamma))
  end
end
redis.call('SET', KEYS[3], ARGV[1])
if #all > 0 then
  redis.call('INCR', KEYS[2])
end
return string.format('%.17g', gamma)
