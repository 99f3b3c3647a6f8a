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
-- (hashFields and addDecayed come from prelude.lua)
local fields = hashFields(KEYS[1])
local lambdas = { pop = tonumber(ARGV[1]), trend = tonumber(ARGV[2]) }
local STRIDE = 5

local moved = false
for base = 3, #ARGV, STRIDE do
  local ofield = 'o:' .. ARGV[base]
  local offset = tonumber(ARGV[base + 1])
  local last = fields.number(ofield) or -1
  if offset > last then
    fields.set(ofield, ARGV[base + 1], offset)
    fields.incr('n:' .. ARGV[base + 2])
    local w = tonumber(ARGV[base + 4])
    if w > 0 then
      local ts = tonumber(ARGV[base + 3])
      addDecayed(fields, 'pop', w, lambdas.pop, ts)
      addDecayed(fields, 'trend', w, lambdas.trend, ts)
      moved = true
    end
  end
end

fields.write()
if not moved then
  return {0}
end
return {1, fields.text('c') or '', fields.text('a') or '0', fields.text('pop'), fields.text('trend')}
