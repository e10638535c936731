-- Random matching, with the rules of the domain Matchmaker, atomically for every instance.
-- ARGV[1] is the operation, ARGV[2] the caller's clock in ms; the rest depends on the operation:
--   request USER POOL FALLBACK_MS COOLDOWN_MS MATCH_TTL_MS AVOID_PEER NEW_MATCH_ID ORIGIN TAG...
--   cancel  USER
--   current USER
--   end     USER COOLDOWN_MS USER_TOLD(1|0) PARTNER_TOLD(1|0)
--   block   USER OTHER UNTIL_MS COOLDOWN_MS
--   tick    FALLBACK_MS MATCH_TTL_MS RETRIES NEW_MATCH_ID...
-- A TAG never holds a comma (tags are joined with commas here) and is valid UTF-8: RedisMatchQueue
-- escapes commas, backslashes and lone surrogates, and sorts the common tags it reads back.
-- Two pools of waiters never mix: POOL is 's' for shadow-banned users, who are paired only with
-- each other, '' for everyone else. A waiter asking from the other pool moves there and keeps its
-- place (since and arrival, from the one counter of both); tick runs over the ordinary pool, then
-- the shadow-banned one.
-- Every reply starts with the number of waiters (of both pools), of running matches and of
-- shadow-banned waiters. Every notification of a change (waiting, a start, an end, the user's own
-- leaving) gets its recipient's next sequence number (duet:told:USER), returned after the change's
-- fields, so that the recipient's instance delivers them in the order of the changes, whichever
-- instance made them.
-- An ORIGIN is the key of the network a request came from ('' for none); a block keeps the blocker
-- apart from the blocked user's origin in their match too, as the domain Avoidances#keepsApart.
-- Keys: duet:q:all, duet:q:open, duet:q:closed, duet:q:passed, duet:q:tag:TAG (sorted sets of
-- user ids of the ordinary pool by arrival), the same under duet:qs: for the shadow-banned pool,
-- duet:q:w:USER (since, arrival, tags, origin, POOL), duet:q:seq (arrivals); duet:avoid:A|B
-- (the deadline, ms; A and B user ids or origins); duet:m:ID (polite, impolite, started, common,
-- ended, po and io: the origins of polite and impolite), duet:m:u:USER (match id), duet:m:pair:A|B
-- (the id of the pair's latest ended match), duet:m:active; duet:told:USER (a counter, kept for a
-- week after its last use).
local op = ARGV[1]
local now = tonumber(ARGV[2])
local SCAN = 1000
local avoided = false

local function told(user)
  local key = 'duet:told:' .. user
  local n = redis.call('INCR', key)
  redis.call('PEXPIRE', key, 604800000)
  return tostring(n)
end

local function pair(a, b)
  if a < b then
    return a .. '|' .. b
  end
  return b .. '|' .. a
end

local function avoid_key(a, b)
  return 'duet:avoid:' .. pair(a, b)
end

local function avoids(a, b)
  local deadline = redis.call('GET', avoid_key(a, b))
  return deadline and tonumber(deadline) > now
end

local function set_avoid(a, b, deadline)
  local key = avoid_key(a, b)
  local current = redis.call('GET', key)
  if current and tonumber(current) >= deadline then
    return
  end
  redis.call('SET', key, deadline, 'PX', math.max(1, deadline - now) + 60000)
end

-- The prefix of the sorted sets of a pool.
local function q(pool)
  if pool == 's' then
    return 'duet:qs:'
  end
  return 'duet:q:'
end

local function waiter(user)
  local w = redis.call('HMGET', 'duet:q:w:' .. user, 'since', 'arrival', 'tags', 'origin', 'pool')
  if not w[1] then
    return nil
  end
  local tags = {}
  for tag in string.gmatch(w[3], '[^,]+') do
    table.insert(tags, tag)
  end
  return {user = user, since = tonumber(w[1]), arrival = tonumber(w[2]), tags = tags,
    origin = w[4] or '', pool = w[5] or ''}
end

local function is_open(w, fallback)
  return #w.tags == 0 or w.since + fallback <= now
end

local function remove(user)
  local w = waiter(user)
  if not w then
    return nil
  end
  local prefix = q(w.pool)
  for _, index in ipairs({'all', 'open', 'closed', 'passed'}) do
    redis.call('ZREM', prefix .. index, user)
  end
  for _, tag in ipairs(w.tags) do
    redis.call('ZREM', prefix .. 'tag:' .. tag, user)
  end
  redis.call('DEL', 'duet:q:w:' .. user)
  return w
end

local function add(w, fallback)
  local prefix = q(w.pool)
  redis.call('HSET', 'duet:q:w:' .. w.user, 'since', w.since, 'arrival', w.arrival,
    'tags', table.concat(w.tags, ','), 'origin', w.origin, 'pool', w.pool)
  redis.call('ZADD', prefix .. 'all', w.arrival, w.user)
  redis.call('ZADD', prefix .. (is_open(w, fallback) and 'open' or 'closed'), w.arrival, w.user)
  if avoided then
    redis.call('ZADD', prefix .. 'passed', w.arrival, w.user)
  end
  for _, tag in ipairs(w.tags) do
    redis.call('ZADD', prefix .. 'tag:' .. tag, w.arrival, w.user)
  end
end

-- Whether the newcomer w and a waiting candidate are kept apart (the domain Avoidances#keepsApart).
local function keeps_apart(w, candidate)
  if (w.origin ~= '' and avoids(candidate, w.origin)) or avoids(w.user, candidate) then
    return true
  end
  local origin = redis.call('HGET', 'duet:q:w:' .. candidate, 'origin')
  return origin and origin ~= '' and avoids(w.user, origin)
end

-- The longest waiter of an index (of the newcomer's pool) that the newcomer may meet: past itself
-- and those it avoids.
local function first(index, w)
  local offset = 0
  while offset < SCAN do
    local batch = redis.call('ZRANGE', index, offset, offset + 63)
    if #batch == 0 then
      return nil
    end
    for _, candidate in ipairs(batch) do
      if candidate ~= w.user then
        if not keeps_apart(w, candidate) then
          return candidate
        end
        avoided = true
      end
    end
    offset = offset + 64
  end
  return nil
end

local function find_for(w, fallback)
  local prefix = q(w.pool)
  if is_open(w, fallback) then
    return first(prefix .. 'all', w)
  end
  local best, best_arrival = nil, nil
  for _, tag in ipairs(w.tags) do
    local candidate = first(prefix .. 'tag:' .. tag, w)
    if candidate then
      local arrival = tonumber(redis.call('ZSCORE', prefix .. 'all', candidate))
      if not best or arrival < best_arrival then
        best, best_arrival = candidate, arrival
      end
    end
  end
  return best or first(prefix .. 'open', w)
end

local function start(earlier, later, id, ttl)
  local mine = {}
  for _, tag in ipairs(earlier.tags) do
    mine[tag] = true
  end
  local common = {}
  for _, tag in ipairs(later.tags) do
    if mine[tag] then
      table.insert(common, tag)
    end
  end
  table.sort(common)
  local key = 'duet:m:' .. id
  redis.call('HSET', key, 'polite', earlier.user, 'impolite', later.user, 'started', now,
    'common', table.concat(common, ','), 'po', earlier.origin, 'io', later.origin)
  redis.call('PEXPIRE', key, ttl)
  redis.call('SET', 'duet:m:u:' .. earlier.user, id, 'PX', ttl)
  redis.call('SET', 'duet:m:u:' .. later.user, id, 'PX', ttl)
  redis.call('INCR', 'duet:m:active')
  return {id, earlier.user, later.user, tostring(now), table.concat(common, ','),
    tostring(earlier.since), tostring(later.since), told(earlier.user), told(later.user)}
end

local function start_in_order(w, p, id, ttl)
  if w.arrival < p.arrival then
    return start(w, p, id, ttl)
  end
  return start(p, w, id, ttl)
end

local function current(user)
  local id = redis.call('GET', 'duet:m:u:' .. user)
  if not id then
    return nil
  end
  local m = redis.call('HMGET', 'duet:m:' .. id, 'polite', 'impolite', 'started', 'common')
  if not m[1] then
    return nil
  end
  return {id, m[1], m[2], m[3], m[4]}
end

local function end_match(user, cooldown, user_told, partner_told)
  local m = current(user)
  if not m then
    return nil
  end
  for i = 2, 3 do
    if redis.call('GET', 'duet:m:u:' .. m[i]) == m[1] then
      redis.call('DEL', 'duet:m:u:' .. m[i])
    end
  end
  redis.call('HSET', 'duet:m:' .. m[1], 'ended', now)
  redis.call('PEXPIRE', 'duet:m:' .. m[1], cooldown + 60000)
  set_avoid(m[2], m[3], now + cooldown)
  redis.call('SET', 'duet:m:pair:' .. pair(m[2], m[3]), m[1], 'PX', cooldown + 60000)
  redis.call('DECR', 'duet:m:active')
  local partner = m[2] == user and m[3] or m[2]
  table.insert(m, user_told and told(user) or '0')
  table.insert(m, partner_told and told(partner) or '0')
  return m
end

-- The origin other requested its running match with user from, or its latest one with user if
-- that ended within the cooldown, unless it was user's own (the memory queue's originWith).
local function origin_with(user, other, cooldown)
  local id = redis.call('GET', 'duet:m:u:' .. user)
  local m = id and redis.call('HMGET', 'duet:m:' .. id, 'polite', 'impolite', 'po', 'io')
  if not (m and (m[1] == other or m[2] == other)) then
    id = redis.call('GET', 'duet:m:pair:' .. pair(user, other))
    m = id and redis.call('HMGET', 'duet:m:' .. id, 'polite', 'impolite', 'po', 'io', 'ended')
    if not (m and m[5] and tonumber(m[5]) + cooldown > now) then
      return nil
    end
  end
  local origin, own = m[4], m[3]
  if m[1] == other then
    origin, own = m[3], m[4]
  end
  if origin and origin ~= '' and origin ~= own then
    return origin
  end
  return nil
end

local function rematch(w, fallback, id, ttl)
  avoided = false
  local partner = find_for(w, fallback)
  if not partner then
    if avoided then
      redis.call('ZADD', q(w.pool) .. 'passed', w.arrival, w.user)
    end
    return nil
  end
  local p = remove(partner)
  if not p then
    return nil
  end
  remove(w.user)
  return start_in_order(w, p, id, ttl)
end

local function counts(reply)
  local active = tonumber(redis.call('GET', 'duet:m:active') or '0')
  local shadow = redis.call('ZCARD', 'duet:qs:all')
  local result = {redis.call('ZCARD', 'duet:q:all') + shadow, active, shadow}
  for _, value in ipairs(reply) do
    table.insert(result, value)
  end
  return result
end

local function append(list, values)
  for _, value in ipairs(values) do
    table.insert(list, value)
  end
end

if op == 'request' then
  local user, pool, fallback, cooldown = ARGV[3], ARGV[4], tonumber(ARGV[5]), tonumber(ARGV[6])
  local ttl, avoid_peer, id, origin = tonumber(ARGV[7]), ARGV[8], ARGV[9], ARGV[10]
  local tags = {}
  for i = 11, #ARGV do
    table.insert(tags, ARGV[i])
  end
  local reply = {}
  local ended = end_match(user, cooldown, true, true)
  if ended then
    append(reply, {'ended'})
    append(reply, ended)
  end
  if avoid_peer ~= '' and avoid_peer ~= user then
    set_avoid(user, avoid_peer, now + cooldown)
  end
  local previous = remove(user)
  local w = {user = user, tags = tags, origin = origin, pool = pool}
  if previous then
    w.since, w.arrival = previous.since, previous.arrival
  else
    w.since, w.arrival = now, redis.call('INCR', 'duet:q:seq')
  end
  append(reply, {'since', tostring(w.since), told(user)})
  avoided = false
  local partner = find_for(w, fallback)
  local p = partner and remove(partner)
  if p then
    append(reply, {'started'})
    append(reply, start_in_order(w, p, id, ttl))
  else
    add(w, fallback)
  end
  return counts(reply)
elseif op == 'cancel' then
  remove(ARGV[3])
  return counts({})
elseif op == 'current' then
  return counts(current(ARGV[3]) or {})
elseif op == 'end' then
  return counts(end_match(ARGV[3], tonumber(ARGV[4]), ARGV[5] == '1', ARGV[6] == '1') or {})
elseif op == 'block' then
  local user, other, deadline = ARGV[3], ARGV[4], tonumber(ARGV[5])
  set_avoid(user, other, deadline)
  local origin = origin_with(user, other, tonumber(ARGV[6]))
  if origin then
    set_avoid(user, origin, deadline)
  end
  return counts({})
elseif op == 'tick' then
  local fallback, ttl, retries = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
  local ids, next_id = {}, 1
  for i = 6, #ARGV do
    table.insert(ids, ARGV[i])
  end
  local reply = {}
  local function tried(w)
    local started = rematch(w, fallback, ids[next_id], ttl)
    if started then
      append(reply, started)
      return next_id + 1
    end
    return next_id
  end
  for _, pool in ipairs({'', 's'}) do
    local prefix = q(pool)
    local closed = prefix .. 'closed'
    while next_id <= #ids do
      local head = redis.call('ZRANGE', closed, 0, 0)
      if #head == 0 then
        break
      end
      local w = waiter(head[1])
      if not w then
        redis.call('ZREM', closed, head[1])
      elseif not is_open(w, fallback) then
        break
      else
        redis.call('ZREM', closed, w.user)
        redis.call('ZADD', prefix .. 'open', w.arrival, w.user)
        next_id = tried(w)
      end
    end
    local passed = redis.call('ZRANGE', prefix .. 'passed', 0, retries - 1)
    for _, user in ipairs(passed) do
      if next_id > #ids then
        break
      end
      local w = waiter(user)
      redis.call('ZREM', prefix .. 'passed', user)
      if w then
        next_id = tried(w)
      end
    end
  end
  return counts(reply)
end
return redis.error_reply('unknown operation ' .. tostring(op))
