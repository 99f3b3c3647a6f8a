-- Credits feedback to a shown item of a pending impression, once. All keys share {model}.
-- A held-out impression (field ~holdout) records the reward but keeps it out of the model:
-- its items are judged by the learning guard when the impression closes.
-- KEYS: 1 impression hash (item -> "<state>;x0,x1,...", state 'p' = no feedback yet, else the
--       reward credited so far), 2 statistics hash, 3 version, 4 frozen flag
-- ARGV: 1 item id, 2 reward, 3 dimension, 4 prefix of the per-policy counters (+ the policy in ~policy),
--       5 prefix of the fields naming why each item was shown
-- Statistics fields: n (count), b<i>, a<k> (upper triangle of A row by row, LinearStatistics order).
-- Returns {changed, policy, click reason}: changed is 1 if the model changed, 0 if not (no such
-- impression or item, already credited as much, frozen), -1 if the stored vector has another
-- dimension; policy is the impression's ('' if none); click reason is why the item was shown if
-- this feedback was its first positive one, else ''.
if redis.call('EXISTS', KEYS[4]) == 1 then
  return {0, '', ''}
end
local stored = redis.call('HGET', KEYS[1], ARGV[1])
if not stored then
  return {0, '', ''}
end
local policy = redis.call('HGET', KEYS[1], '~policy') or ''
local clicked = ''
local sep = string.find(stored, ';', 1, true)
local state = string.sub(stored, 1, sep - 1)
local x = {}
for f in string.gmatch(string.sub(stored, sep + 1), '[^,]+') do
  x[#x + 1] = tonumber(f)
end
local d = tonumber(ARGV[3])
if #x ~= d then
  return {-1, policy, ''}
end
local r = tonumber(ARGV[2])
local h = KEYS[2]
local holdout = redis.call('HEXISTS', KEYS[1], '~holdout') == 1
local credit = r
if r > 0 and (state == 'p' or tonumber(state) <= 0) then
  if policy ~= '' then
    redis.call('HINCRBY', ARGV[4] .. policy, 'clicked', 1)
  end
  clicked = redis.call('HGET', KEYS[1], ARGV[5] .. ARGV[1]) or 'other'
end
if state == 'p' and holdout then
  credit = 0
elseif state == 'p' then
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
else
  local credited = tonumber(state)
  if r <= credited then
    return {0, policy, clicked}
  end
  credit = holdout and 0 or (r - credited)
end
if credit ~= 0 then
  for i = 1, d do
    if x[i] ~= 0 then
      redis.call('HINCRBYFLOAT', h, 'b' .. (i - 1), string.format('%.17g', credit * x[i]))
    end
  end
end
redis.call('HSET', KEYS[1], ARGV[1], string.format('%.17g', r) .. string.sub(stored, sep))
if holdout then
  return {0, policy, clicked}
end
redis.call('INCR', KEYS[3])
return {1, policy, clicked}
