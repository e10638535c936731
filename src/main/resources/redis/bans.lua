-- The bans in force, shared by every instance (the BanIndex port). ARGV[1] is the operation:
--   put    NOW_MS ID SCOPE SUBJECT SHADOW(1|0) UNTIL_MS(0: never) AT_MS BY USER REASON
--   remove ID SCOPE SUBJECT
--   find   NOW_MS SCOPE SUBJECT [SCOPE SUBJECT ...]
-- Keys: duet:ban:ID (a hash of the ban's fields; it expires a minute after the ban ends, counted
-- from the caller's clock, so clocks need not agree) and duet:bans:SCOPE:SUBJECT (the set of the ids
-- of the bans held to that subject; it expires with the last of them, never while one has no end). find returns, per ban in force, its fields in the order of put (without NOW_MS),
-- and forgets ids whose ban has gone.
local op = ARGV[1]
local GRACE = 60000

local function subject_key(scope, subject)
  return 'duet:bans:' .. scope .. ':' .. subject
end

if op == 'put' then
  local now, id, scope, subject = tonumber(ARGV[2]), ARGV[3], ARGV[4], ARGV[5]
  local untl = tonumber(ARGV[7])
  if untl ~= 0 and untl <= now then
    return 0
  end
  local ban = 'duet:ban:' .. id
  redis.call('HSET', ban, 'scope', scope, 'subject', subject, 'shadow', ARGV[6], 'until', ARGV[7],
    'at', ARGV[8], 'by', ARGV[9], 'user', ARGV[10], 'reason', ARGV[11])
  local set = subject_key(scope, subject)
  redis.call('SADD', set, id)
  if untl == 0 then
    redis.call('PERSIST', ban)
    redis.call('PERSIST', set)
  else
    local keep = untl - now + GRACE
    redis.call('PEXPIRE', ban, keep)
    local ttl = redis.call('PTTL', set)
    if redis.call('SCARD', set) == 1 or (ttl ~= -1 and ttl < keep) then
      redis.call('PEXPIRE', set, keep)
    end
  end
  return 1
elseif op == 'remove' then
  redis.call('DEL', 'duet:ban:' .. ARGV[2])
  redis.call('SREM', subject_key(ARGV[3], ARGV[4]), ARGV[2])
  return 1
end

local now = tonumber(ARGV[2])
local found = {}
for i = 3, #ARGV - 1, 2 do
  local set = subject_key(ARGV[i], ARGV[i + 1])
  for _, id in ipairs(redis.call('SMEMBERS', set)) do
    local b = redis.call('HMGET', 'duet:ban:' .. id, 'scope', 'subject', 'shadow', 'until', 'at',
      'by', 'user', 'reason')
    if not b[1] then
      redis.call('SREM', set, id)
    elseif tonumber(b[4]) == 0 or tonumber(b[4]) > now then
      table.insert(found, id)
      for _, field in ipairs(b) do
        table.insert(found, field)
      end
    end
  end
end
return found
