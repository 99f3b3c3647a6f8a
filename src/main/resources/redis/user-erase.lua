-- Erases one user's keys, keeping a fence: the highest offset applied per partition, so that the
-- user's older events still in Kafka count as applied (user-events.lua returns 1 for them), and the
-- erasure's time 'z', so that the exposures of slates served before it count nothing
-- (exposure.lua).
-- KEYS: 1 features hash, then every other key of the user (recent, consumed, skipped, event ids,
--       duplicates, Interest Clock)
-- ARGV: 1 ttl seconds of the fence, 2 the erasure's time (ms), then pairs: partition, latest offset
--       to take as applied
-- Returns {had state 1/0, category, category, ...}: the categories the user had an interest in,
-- whose fans lists (other slots) the caller cleans.
local h = KEYS[1]
local had = 0
local offsets = {}
local categories = {}
local seen = {}
local function category(name)
  if name and name ~= '' and not seen[name] then
    seen[name] = true
    categories[#categories + 1] = name
  end
end
local flat = redis.call('HGETALL', h)
for i = 1, #flat, 2 do
  local field = flat[i]
  local prefix = string.sub(field, 1, 2)
  if prefix == 'o:' then
    offsets[string.sub(field, 3)] = tonumber(flat[i + 1])
  elseif field == 'z' or prefix == 'x:' then
    -- an earlier erasure's time, the exposures' offsets: not the user's state
  else
    had = 1
    if prefix == 'i:' then
      category(string.sub(field, 3))
    elseif prefix == 'k:' or prefix == 'y:' then
      -- k:CATEGORY:BLOCK, y:CATEGORY:BLOCK (a category may itself hold ':')
      category(string.match(string.sub(field, 3), '^(.*):[^:]*$'))
    end
  end
end
for i = 2, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then
    had = 1
  end
end
redis.call('DEL', unpack(KEYS))
for i = 3, #ARGV, 2 do
  local partition = ARGV[i]
  local fence = tonumber(ARGV[i + 1])
  local known = offsets[partition]
  if known and known > fence then
    fence = known
  end
  offsets[partition] = fence
end
for partition, offset in pairs(offsets) do
  if offset >= 0 then
    redis.call('HSET', h, 'o:' .. partition, string.format('%d', offset))
  end
end
redis.call('HSET', h, 'z', ARGV[2])
redis.call('EXPIRE', h, tonumber(ARGV[1]))
local answer = { had }
for _, name in ipairs(categories) do
  answer[#answer + 1] = name
end
return answer
