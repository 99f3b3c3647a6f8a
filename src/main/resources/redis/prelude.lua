-- The prelude of the per-key feature scripts (user-events.lua, item-events.lua), put in front of
-- their text by LuaScripts.Script.withPrelude (Redis Lua has no include): the code they share,
-- written once. It defines local functions only; a script's line numbers in Redis's error messages
-- count from the top of this prelude.

-- A hash's fields as a call leaves them, read on first use and written once at the end:
-- fields.text(name) the stored text (false if absent), fields.number(name) that text as a number
-- (false if absent), fields.set(name, text, number) a new value (its number as tonumber(text)
-- gives it back, or false), fields.incr(name) adds 1 (sent as one HINCRBY per field at the end),
-- fields.write() sends the changed fields (one HSET per 100) and then the increments.
local function hashFields(h)
  local values = {}
  local numbers = {}
  local changed = {}
  local increments = {}
  local incremented = {}
  local fields = {}
  function fields.text(name)
    local v = values[name]
    if v == nil then
      v = redis.call('HGET', h, name) or false
      values[name] = v
    end
    return v
  end
  function fields.number(name)
    local n = numbers[name]
    if n == nil then
      local v = fields.text(name)
      n = v and tonumber(v) or false
      numbers[name] = n
    end
    return n
  end
  function fields.set(name, text, n)
    values[name] = text
    numbers[name] = n
    changed[name] = true
  end
  function fields.incr(name)
    if not increments[name] then
      increments[name] = 0
      incremented[#incremented + 1] = name
    end
    increments[name] = increments[name] + 1
  end
  function fields.write()
    local writes = {}
    for name in pairs(changed) do
      writes[#writes + 1] = name
      writes[#writes + 1] = values[name]
      if #writes == 200 then
        redis.call('HSET', h, unpack(writes))
        writes = {}
      end
    end
    if #writes > 0 then
      redis.call('HSET', h, unpack(writes))
    end
    for _, name in ipairs(incremented) do
      redis.call('HINCRBY', h, name, increments[name])
    end
  end
  return fields
end

-- Adds an event of weight w at time ts (ms) to a forward-decayed log-sum field, in log space:
-- L = ln(e^L + w * e^(lambda * t)), t in hours (see ForwardDecay). The new value is kept as the
-- text it is stored as ('%.17g'), which gives back the same double. Returns that text.
local function addDecayed(fields, name, w, lambda, ts)
  local x = math.log(w) + lambda * ts / 3600000
  local o = fields.number(name)
  if o then
    local m = math.max(o, x)
    x = m + math.log(1 + math.exp(math.min(o, x) - m))
  end
  local text = string.format('%.17g', x)
  fields.set(name, text, tonumber(text))
  return text
end

