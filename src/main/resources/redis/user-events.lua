-- Applies a batch's events of one user to the user's features, each at most once, in the order
-- given (the log's). All keys share the user's hash tag. Per event it does what user-event.lua did
-- for one event, with the same arithmetic in the same order; the hash's fields are read once and
-- written once per call, each key's time to live is set once, and each sorted set is trimmed once
-- (below).
-- KEYS: 1 features hash, 2 recent items (zset), 3 consumed items (zset: clicked or bought),
--       4 client event ids (zset by accept time), 5 offsets of duplicate records (zset),
--       6 skipped items (zset)
-- ARGV: 1 interest decay lambda per hour, 2 recent cap, 3 consumed cap, 4 ttl seconds,
--       5 deduplication window ms, 6 how far back (ms) an event looks for co-occurrence partners,
--       7 how many partners it takes, then 14 per event:
--       +0 partition, +1 offset, +2 client event id or '', +3 type, +4 timestamp ms,
--       +5 accepted ms, +6 weight, +7 item category or '', +8 item id, +9 consumes '1'/'0',
--       +10 recent '1'/'0', +11 the block tally field of a click or purchase of a known category,
--       'k:CATEGORY:BLOCK' (it adds 1), or '' (the user's exposures, the 'y:CATEGORY:BLOCK'
--       fields, are counted from served slates by exposure.lua), +12 skips '1'/'0' (the item joins
--       the skipped items, capped like the consumed ones), +13 the event's context as JSON, or ''
--       (kept as the user's latest context, field 'cx', by the latest event that has one)
-- A consuming event applied now counts in the hash's 'consumptions' and 'repeats' fields as
-- RepeatConsumption.Counts.of does: nothing if the item is in the consumed items at the event's
-- very time (a basket's second line of it), one consumption and one repeat if it is there at
-- another time, one consumption if it is not there.
-- Returns {outcomes, partners, counted}: per event, its outcome (0 applied, 1 applied before
-- (replayed record), 2 replayed duplicate, 3 duplicate event id) and, for an event applied now
-- with a weight, the user's latest recent items up to its time within the pairing window as the
-- call leaves them (ZREVRANGEBYSCORE: latest first; empty for other events), which the caller
-- pairs it with in the items' co-occurrence lists; and {consumptions, repeats} this call counted
-- (the caller adds them to the population's once).
-- Trimming once per call leaves each sorted set as trimming after every event did, and every read
-- in the call sees what it saw then:
-- * The recent, consumed and skipped items keep their cap's latest (ZREMRANGEBYRANK after ZADD GT).
--   With scores that only rise, trimming after every event keeps the cap greatest of all members
--   ever added, each at its greatest score (a member trimmed and added again lower is trimmed
--   again at once), which is what one trim of the untrimmed set keeps. The recent items are added
--   in one ZADD GT (members in order, so a member given twice keeps its greatest score) and
--   trimmed before the partners are read. A consumed item read during the call (repeat counting)
--   is in the per-event set if the untrimmed set has it within the cap: ZREVRANK below the cap
--   (ZREVRANK's order is ZREMRANGEBYRANK's reversed), checked once the call has added to it.
-- * The event ids' and duplicates' windows (ZREMRANGEBYSCORE below accepted - window) are kept
--   as a pending bound, the greatest of the events' bounds since the set was last trimmed. A
--   member read is there for the per-event script if its score is at least that bound (bounds
--   from before it was added are at most its score, or the set was trimmed when it came); a
--   member added below the pending bound first trims the set to it, as a later bound must not
--   remove it; the set is trimmed to the bound at the end.
-- (hashFields comes from prelude.lua)
local fields = hashFields(KEYS[1])
local lambda = tonumber(ARGV[1])
local recentCap = tonumber(ARGV[2])
local consumedCap = tonumber(ARGV[3])
local ttl = tonumber(ARGV[4])
local window = tonumber(ARGV[5])
local pairing = tonumber(ARGV[6])
local partnersLimit = tonumber(ARGV[7])
local STRIDE = 14

-- a window's sorted set (event ids, duplicates) with its pending bound: nothing below it counts
local windows = {}
for _, k in ipairs({ 4, 5 }) do
  windows[k] = { key = KEYS[k], bound = false }
end
local function trimWindow(w)
  if w.bound then
    redis.call('ZREMRANGEBYSCORE', w.key, '-inf', '(' .. w.bound)
    w.bound = false
  end
end
local function inWindow(w, member)
  local score = redis.call('ZSCORE', w.key, member)
  return score and ((not w.bound) or tonumber(score) >= w.bound)
end
local function addToWindow(w, accepted, member)
  if w.bound and accepted < w.bound then
    trimWindow(w)
  end
  redis.call('ZADD', w.key, accepted, member)
  -- as the text ZREMRANGEBYSCORE is given ('%.14g', Lua's), so that reads compare alike
  local bound = tonumber(tostring(accepted - window))
  if (not w.bound) or bound > w.bound then
    w.bound = bound
  end
end

local touched = {}
local consumptions = 0
local repeats = 0
local outcomes = {}
local positives = {}
local recent = {}
for base = 8, #ARGV, STRIDE do
  local ofield = 'o:' .. ARGV[base]
  local marker = ARGV[base] .. ':' .. ARGV[base + 1]
  local offset = tonumber(ARGV[base + 1])
  local last = fields.number(ofield) or -1
  if offset <= last then
    if inWindow(windows[5], marker) then
      outcomes[#outcomes + 1] = 2
    else
      outcomes[#outcomes + 1] = 1
    end
  else
    fields.set(ofield, ARGV[base + 1], offset)
    touched[1] = true
    local accepted = tonumber(ARGV[base + 5])
    local eid = ARGV[base + 2]
    local duplicate = false
    if eid ~= '' then
      if inWindow(windows[4], eid) then
        addToWindow(windows[5], accepted, marker)
        touched[5] = true
        duplicate = true
      else
        addToWindow(windows[4], accepted, eid)
        touched[4] = true
      end
    end
    if duplicate then
      outcomes[#outcomes + 1] = 3
    else
      local ts = tonumber(ARGV[base + 4])
      fields.incr('n:' .. ARGV[base + 3])
      local first = fields.number('fs')
      if (not first) or ts < first then
        fields.set('fs', ARGV[base + 4], ts)
      end
      local latest = fields.number('ls')
      local context = ARGV[base + 13]
      if context and context ~= '' and ((not latest) or ts >= latest) then
        fields.set('cx', context, false)
      end
      if (not latest) or ts > latest then
        fields.set('ls', ARGV[base + 4], ts)
      end
      if ARGV[base + 11] ~= '' then
        fields.incr(ARGV[base + 11])
      end
      local w = tonumber(ARGV[base + 6])
      if w > 0 then
        positives[#outcomes + 1] = ts
      end
      if w > 0 and ARGV[base + 7] ~= '' then
        addDecayed(fields, 'i:' .. ARGV[base + 7], w, lambda, ts)
      end
      local item = ARGV[base + 8]
      if ARGV[base + 10] == '1' then
        recent[#recent + 1] = ARGV[base + 4]
        recent[#recent + 1] = item
      end
      if ARGV[base + 9] == '1' then
        local previous = redis.call('ZSCORE', KEYS[3], item)
        if previous and touched[3] and redis.call('ZREVRANK', KEYS[3], item) >= consumedCap then
          -- trimmed by an earlier event of this call
          previous = false
        end
        if not previous then
          fields.incr('consumptions')
          consumptions = consumptions + 1
        elseif tonumber(previous) ~= ts then
          fields.incr('consumptions')
          fields.incr('repeats')
          consumptions = consumptions + 1
          repeats = repeats + 1
        end
        redis.call('ZADD', KEYS[3], 'GT', ts, item)
        touched[3] = true
      end
      if ARGV[base + 12] == '1' then
        redis.call('ZADD', KEYS[6], 'GT', ts, item)
        touched[6] = true
      end
      outcomes[#outcomes + 1] = 0
    end
  end
end

fields.write()
-- the recent items in one ZADD per 500 events, then each sorted set trimmed once
for from = 1, #recent, 1000 do
  redis.call('ZADD', KEYS[2], 'GT', unpack(recent, from, math.min(#recent, from + 999)))
  touched[2] = true
end
if touched[2] then
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(recentCap + 1))
end
if touched[3] then
  redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -(consumedCap + 1))
end
if touched[6] then
  redis.call('ZREMRANGEBYRANK', KEYS[6], 0, -(consumedCap + 1))
end
trimWindow(windows[4])
trimWindow(windows[5])
for k = 1, 6 do
  if touched[k] then
    redis.call('EXPIRE', KEYS[k], ttl)
  end
end
local partners = {}
for k = 1, #outcomes do
  local ts = positives[k]
  if ts then
    partners[k] = redis.call('ZREVRANGEBYSCORE', KEYS[2], string.format('%.17g', ts),
      string.format('%.17g', ts - pairing), 'LIMIT', 0, partnersLimit)
  else
    partners[k] = {}
  end
end
return {outcomes, partners, {consumptions, repeats}}
