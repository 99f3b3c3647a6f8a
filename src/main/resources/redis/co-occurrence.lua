-- Adds forward-decayed co-occurrences to one item's partner list (ItemCoOccurrence's
-- arithmetic), keeping its strongest partners by Space-Saving: a newcomer to a full list
-- takes the weakest partner's place and its count (the weakest: the lowest log-sum, of equal
-- ones the first partner in byte order, as a sorted set orders them).
-- The list is a hash, read once and written once per call: its pairs are applied one after
-- another to a table in memory, then the partners whose log-sum changed are written with one
-- HSET and those pushed out removed with one HDEL. (A sorted set kept in Redis's compact
-- encoding parses every member's score on each insert: a ZADD per pair cost ~20 us.)
-- KEYS[1]: kairos:{i:ID}:cooc  hash partner -> co-occurrence log-sum (ForwardDecay, '%.17g')
-- KEYS[2]: kairos:{i:ID}:co    the sorted set earlier versions kept; moved into the hash and
--                              deleted by the first call that finds the hash empty
-- ARGV[1]: the most partners kept; then pairs: partner, log of the increment at its time
local cap = tonumber(ARGV[1])
local function logaddexp(a, b)
  local m = math.max(a, b)
  return m + math.log(1 + math.exp(math.min(a, b) - m))
end
-- whether partner a comes before b in byte order (memcmp, then the shorter first)
local function before(a, b)
  local n = math.min(#a, #b)
  for k = 1, n do
    local x, y = string.byte(a, k), string.byte(b, k)
    if x ~= y then
      return x < y
    end
  end
  return #a < #b
end
local scores = {}
local size = 0
local written = {}
local removed = {}
local stored = redis.call('HGETALL', KEYS[1])
for i = 1, #stored, 2 do
  scores[stored[i]] = tonumber(stored[i + 1])
  size = size + 1
end
if size == 0 and redis.call('EXISTS', KEYS[2]) == 1 then
  local old = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
  for i = 1, #old, 2 do
    scores[old[i]] = tonumber(old[i + 1])
    written[old[i]] = string.format('%.17g', scores[old[i]])
    size = size + 1
  end
  redis.call('DEL', KEYS[2])
end
for i = 2, #ARGV, 2 do
  local partner = ARGV[i]
  local inc = tonumber(ARGV[i + 1])
  local current = scores[partner]
  local value
  if current then
    value = logaddexp(current, inc)
  elseif size < cap then
    value = inc
    size = size + 1
  else
    local weakest, least = nil, nil
    for p, s in pairs(scores) do
      if weakest == nil or s < least or (s == least and before(p, weakest)) then
        weakest, least = p, s
      end
    end
    scores[weakest] = nil
    written[weakest] = nil
    removed[weakest] = true
    value = logaddexp(least, inc)
  end
  local text = string.format('%.17g', value)
  scores[partner] = tonumber(text)
  written[partner] = text
  removed[partner] = nil
end
-- written in chunks: unpack takes at most a few thousand values
local function each(command, list)
  for from = 1, #list, 1000 do
    redis.call(command, KEYS[1], unpack(list, from, math.min(#list, from + 999)))
  end
end
local fields = {}
for p, text in pairs(written) do
  fields[#fields + 1] = p
  fields[#fields + 1] = text
end
each('HSET', fields)
local gone = {}
for p in pairs(removed) do
  gone[#gone + 1] = p
end
each('HDEL', gone)
return 0
