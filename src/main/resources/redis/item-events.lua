-- Applies a batch's events of one item to the item's features, each at most once per
-- (partition, offset), in the order given (the log's). Per event it does what item-event.lua did
-- for one event, with the same arithmetic in the same order; the hash's fields are read once and
-- written once per call.
-- KEYS: 1 item hash
-- ARGV: 1 popularity lambda per hour, 2 trending lambda per hour, then 5 per event:
--       +0 partition, +1 offset, +2 type, +3 timestamp ms, +4 weight
-- (the item's exposure 'e' is counted from served slates by exposure.lua)
-- Returns {0} if no event moved the item's scores (all applied before, or none with a weight), or
-- {1, category, active, popularity log-sum, trending log-sum} for the caller to rank it.
-- (The least-shown lists move with the item's exposure, counted from served slates.)
local h = KEYS[1]
local lambdas = { pop = tonumber(ARGV[1]), trend = tonumber(ARGV[2]) }
local STRIDE = 5

local values = {}
local numbers = {}
local changed = {}
local function number(name)
  local n = numbers[name]
  if n == nil then
    local v = redis.call('HGET', h, name)
    n = v and tonumber(v) or false
    numbers[name] = n
  end
  return n
end
local function set(name, text, n)
  values[name] = text
  numbers[name] = n
  changed[name] = true
end
local increments = {}
local incremented = {}

local moved = false
for base = 3, #ARGV, STRIDE do
  local ofield = 'o:' .. ARGV[base]
  local offset = tonumber(ARGV[base + 1])
  local last = number(ofield) or -1
  if offset > last then
    set(ofield, ARGV[base + 1], offset)
    local counter = 'n:' .. ARGV[base + 2]
    if not increments[counter] then
      increments[counter] = 0
      incremented[#incremented + 1] = counter
    end
    increments[counter] = increments[counter] + 1
    local w = tonumber(ARGV[base + 4])
    if w > 0 then
      local ts = tonumber(ARGV[base + 3])
      for _, name in ipairs({ 'pop', 'trend' }) do
        local x = math.log(w) + lambdas[name] * ts / 3600000
        local o = number(name)
        if o then
          local m = math.max(o, x)
          x = m + math.log(1 + math.exp(math.min(o, x) - m))
        end
        -- kept as the text it is stored as, which gives back the same double
        local text = string.format('%.17g', x)
        set(name, text, tonumber(text))
      end
      moved = true
    end
  end
end

local writes = {}
for name in pairs(changed) do
  writes[#writes + 1] = name
  writes[#writes + 1] = values[name]
end
if #writes > 0 then
  redis.call('HSET', h, unpack(writes))
end
for _, name in ipairs(incremented) do
  redis.call('HINCRBY', h, name, increments[name])
end
if not moved then
  return {0}
end
return {1, redis.call('HGET', h, 'c') or '', redis.call('HGET', h, 'a') or '0', values['pop'], values['trend']}
