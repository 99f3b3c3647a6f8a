-- Writes the partners of one item's co-occurrence list that a worker changed, if the list is
-- still the one the worker holds in memory (RedisCoOccurrenceLists): the worker keeps each list's
-- Space-Saving state (PartnerList) and the list's version, applies a batch's pairs there, and sends
-- only the partners whose log-sum changed and those pushed out. Every write moves the version, so a
-- worker whose copy is older (another worker wrote the list since) writes nothing and gets the
-- list as stored, applies its pairs to that and sends them again.
-- KEYS[1]: kairos:{i:ID}:cooc   hash partner -> co-occurrence log-sum (ForwardDecay, '%.17g')
-- KEYS[2]: kairos:{i:ID}:co     the sorted set earlier versions kept; moved into the hash (and
--                               deleted) by the first read that finds the hash empty
-- KEYS[3]: kairos:{i:ID}:coov   'VERSION TOKEN': a counter moved by every write, and the token
--                               of the write that moved it last (absent: version 0)
-- ARGV[1]: the version the worker's copy has, or '' to read the list only
-- ARGV[2]: the write's token, unique to this write: the same call sent again (a client's retry
--          after a lost answer) finds its own write done and writes nothing
-- ARGV[3]: how many partners follow with their log-sums; then partner, log-sum (a double's
--          shortest text, stored as '%.17g', which gives the same double back); then the
--          partners to remove
-- Returns {1, new version} once written, or {0, version, partner, log-sum, ...}: the list as
-- stored, nothing written.
local version, token = 0, ''
local raw = redis.call('GET', KEYS[3])
if raw then
  local space = string.find(raw, ' ', 1, true)
  version = tonumber(string.sub(raw, 1, space - 1))
  token = string.sub(raw, space + 1)
end
if ARGV[1] ~= '' and tonumber(ARGV[1]) + 1 == version and ARGV[2] == token then
  return {1, version}
end
if ARGV[1] ~= '' and tonumber(ARGV[1]) == version then
  local n = tonumber(ARGV[3])
  -- in chunks: unpack takes at most a few thousand values
  local fields = {}
  for i = 4, 3 + 2 * n, 2 do
    fields[#fields + 1] = ARGV[i]
    fields[#fields + 1] = string.format('%.17g', tonumber(ARGV[i + 1]))
    if #fields >= 1000 then
      redis.call('HSET', KEYS[1], unpack(fields))
      fields = {}
    end
  end
  if #fields > 0 then
    redis.call('HSET', KEYS[1], unpack(fields))
  end
  for i = 4 + 2 * n, #ARGV, 1000 do
    redis.call('HDEL', KEYS[1], unpack(ARGV, i, math.min(#ARGV, i + 999)))
  end
  redis.call('SET', KEYS[3], (version + 1) .. ' ' .. ARGV[2])
  return {1, version + 1}
end
local stored = redis.call('HGETALL', KEYS[1])
if #stored == 0 and redis.call('EXISTS', KEYS[2]) == 1 then
  local old = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
  for i = 1, #old, 2 do
    stored[i] = old[i]
    stored[i + 1] = string.format('%.17g', tonumber(old[i + 1]))
  end
  for from = 1, #stored, 1000 do
    redis.call('HSET', KEYS[1], unpack(stored, from, math.min(#stored, from + 999)))
  end
  redis.call('DEL', KEYS[2])
  version = version + 1
  redis.call('SET', KEYS[3], version .. ' ')
end
local answer = {0, version}
for i = 1, #stored do
  answer[#answer + 1] = stored[i]
end
return answer
