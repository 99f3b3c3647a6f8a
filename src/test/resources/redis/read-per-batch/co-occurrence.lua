-- Adds forward-decayed co-occurrences to one item's partner list (ItemCoOccurrence's
-- arithmetic), keeping its strongest partners by Space-Saving: a newcomer to a full list
-- takes the weakest partner's place and its count (the weakest: the lowest log-sum, of equal
-- ones the first partner in byte order, as a sorted set orders them).
-- The list is a hash, read once and written once per call: its pairs are applied one after
-- another to a table in memory (the weakest found with a heap), then the partners whose log-sum
-- changed are written with one HSET and those pushed out removed with one HDEL. (A sorted set kept in Redis's compact
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
-- whether entry a (log-sum, partner) is weaker than entry b: the order ZRANGE gives
local function weaker(a, b)
  return a[1] < b[1] or (a[1] == b[1] and before(a[2], b[2]))
end
-- a binary min-heap of entries, the weakest on top, built at the first eviction only (most
-- calls evict nothing); an entry whose partner's log-sum has changed since (or that was pushed
-- out) is stale and skipped when it comes up
local heap = nil
local function down(i)
  local n = #heap
  while true do
    local l, r, m = 2 * i, 2 * i + 1, i
    if l <= n and weaker(heap[l], heap[m]) then
      m = l
    end
    if r <= n and weaker(heap[r], heap[m]) then
      m = r
    end
    if m == i then
      return
    end
    heap[i], heap[m] = heap[m], heap[i]
    i = m
  end
end
local function push(entry)
  local i = #heap + 1
  heap[i] = entry
  while i > 1 do
    local parent = math.floor(i / 2)
    if not weaker(heap[i], heap[parent]) then
      return
    end
    heap[i], heap[parent] = heap[parent], heap[i]
    i = parent
  end
end
local function pop()
  local top = heap[1]
  heap[1] = heap[#heap]
  heap[#heap] = nil
  if #heap > 1 then
    down(1)
  end
  return top
end
local function build(scores)
  heap = {}
  for p, v in pairs(scores) do
    heap[#heap + 1] = {v, p}
  end
  for i = math.floor(#heap / 2), 1, -1 do
    down(i)
  end
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
    if heap == nil then
      build(scores)
    end
    local entry = pop()
    while scores[entry[2]] ~= entry[1] do
      entry = pop()
    end
    local weakest, least = entry[2], entry[1]
    scores[weakest] = nil
    written[weakest] = nil
    removed[weakest] = true
    value = logaddexp(least, inc)
  end
  local text = string.format('%.17g', value)
  scores[partner] = tonumber(text)
  if heap ~= nil then
    push({scores[partner], partner})
  end
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
