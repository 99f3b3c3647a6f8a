-- Creates or replaces an item's catalogue fields, keeping its features.
-- KEYS: 1 item hash
-- ARGV: 1 category, 2 tags JSON, 3 attributes JSON, 4 createdAt ms, 5 createdAt given '1'/'0',
--       6 active '1'/'0', 7 updatedAt ms
-- Returns {created 1/0, previous category or '', createdAt ms, popularity or '', trending or '',
--          exposure (the least-shown lists' score)}
local h = KEYS[1]
local previous = redis.call('HGET', h, 'c')
local createdAt = ARGV[4]
if ARGV[5] == '0' then
  local existing = redis.call('HGET', h, 'ca')
  if existing then
    createdAt = existing
  end
end
redis.call('HSET', h, 'c', ARGV[1], 'tags', ARGV[2], 'attrs', ARGV[3], 'ca', createdAt, 'a', ARGV[6], 'u', ARGV[7])
local created = 0
if not previous then
  created = 1
end
return {created, previous or '', createdAt, redis.call('HGET', h, 'pop') or '', redis.call('HGET', h, 'trend') or '',
  redis.call('HGET', h, 'e') or '0'}
