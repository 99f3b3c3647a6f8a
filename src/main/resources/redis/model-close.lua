-- Closes impressions whose attribution window ended: shown items with no feedback are
-- learned with reward 0 (A += x x^T, count + 1), then the impression is deleted, atomically,
-- so each is closed once whatever the number of workers. All keys share {model}; the
-- impression keys are named from the pending set (same slot).
-- A held-out impression (field ~holdout) teaches the model nothing: each of its items goes,
-- with its final reward, to the front of the held-out list ("<reward>;x0,x1,..."), which is
-- kept to its newest entries for the learning guard (also while learning is frozen).
-- KEYS: 1 pending zset (recommendation id -> window end ms), 2 statistics hash, 3 version, 4 frozen flag,
--       5 held-out list
-- ARGV: 1 now ms, 2 limit, 3 dimension, 4 impression key prefix, 5 longest held-out list
-- Returns {impressions closed, items learned with reward 0}
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local frozen = redis.call('EXISTS', KEYS[4]) == 1
local d = tonumber(ARGV[3])
local h = KEYS[2]
local learned = 0
for _, rec in ipairs(due) do
  local key = ARGV[4] .. rec
  if redis.call('HEXISTS', key, '~holdout') == 1 then
    local entries = redis.call('HGETALL', key)
    for e = 1, #entries, 2 do
      if string.sub(entries[e], 1, 1) ~= '~' then
        local stored = entries[e + 1]
        local sep = string.find(stored, ';', 1, true)
        local state = string.sub(stored, 1, sep - 1)
        local reward = (state == 'p') and '0' or state
        redis.call('LPUSH', KEYS[5], reward .. string.sub(stored, sep))
      end
    end
    redis.call('LTRIM', KEYS[5], 0, tonumber(ARGV[5]) - 1)
  elseif not frozen then
    local entries = redis.call('HGETALL', key)
    for e = 1, #entries, 2 do
      local stored = entries[e + 1]
      if string.sub(stored, 1, 2) == 'p;' then
        local x = {}
        for f in string.gmatch(string.sub(stored, 3), '[^,]+') do
          x[#x + 1] = tonumber(f)
        end
        if #x == d then
          redis.call('HINCRBYFLOAT', h, 'n', 1)
          local k = 0
          for i = 1, d do
            local xi = x[i]
            for j = i, d do
              if xi ~= 0 and x[j] ~= 0 then
                redis.call('HINCRBYFLOAT', h, 'a' .. k, string.format('%.17g', xi * x[j]))
              end
              k = k + 1
            end
          end
          learned = learned + 1
        end
      end
    end
  end
  redis.call('DEL', key)
  redis.call('ZREM', KEYS[1], rec)
end
if learned > 0 then
  redis.call('INCR', KEYS[3])
end
return {#due, learned}
