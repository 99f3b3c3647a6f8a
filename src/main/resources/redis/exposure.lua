-- Adds showings of items to one hash's exposure fields, each at most once per (partition, offset)
-- of the join's output. Used for a user's hash (fields 'y:CATEGORY:BLOCK'), an item's ('e'), the
-- population's ('exposure') and the exposure audit's counts ('s|...', 'c|...').
-- KEYS: 1 the hash
-- ARGV: 1 the partition, 2 ttl seconds or '' (keep the hash's own), 3 '1' to touch only a hash that
--       exists (an item deleted meanwhile is not brought back), then quadruples in offset order:
--       offset, field ('' counts nothing but the offset), increment, the showing's time (ms)
-- A user's hash erased by user-erase.lua holds 'z', the erasure's time: showings from before it
-- count nothing (their slates were served to the user erased).
-- Returns how many quadruples were applied now (those above the partition's stored offset).
local h = KEYS[1]
if ARGV[3] == '1' and redis.call('EXISTS', h) == 0 then
  return 0
end
local ofield = 'x:' .. ARGV[1]
local last = tonumber(redis.call('HGET', h, ofield) or '-1')
local erased = tonumber(redis.call('HGET', h, 'z') or '-1')
local applied = 0
local top = last
for i = 4, #ARGV, 4 do
  local offset = tonumber(ARGV[i])
  if offset > last then
    if ARGV[i + 1] ~= '' and tonumber(ARGV[i + 3]) >= erased then
      redis.call('HINCRBYFLOAT', h, ARGV[i + 1], ARGV[i + 2])
      applied = applied + 1
    end
    if offset > top then
      top = offset
    end
  end
end
if top > last then
  redis.call('HSET', h, ofield, string.format('%d', top))
end
if ARGV[2] ~= '' then
  redis.call('EXPIRE', h, tonumber(ARGV[2]))
end
return applied
