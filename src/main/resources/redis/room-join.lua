-- Puts a user in a room (created if needed), with the rules of the Room aggregate.
-- ARGV: roomId, userId, capacity, nowMillis, passcode (a keyed digest; '' for none), fixed when
-- the room is made and compared when someone new joins (Room#opensWith).
-- Returns {-2} when the passcode is not the room's, {-1} when the room is full; else
-- {newMember (1/0), createdAt, lastActiveAt, passcode, members...}.
local room = 'duet:room:' .. ARGV[1]
local meta = room .. ':meta'
if redis.call('EXISTS', meta) == 0 then
  redis.call('HSET', meta, 'created', ARGV[4], 'active', ARGV[4], 'passcode', ARGV[5])
  redis.call('SADD', 'duet:rooms', ARGV[1])
  redis.call('ZADD', 'duet:rooms:empty', ARGV[4], ARGV[1])
end
local members = redis.call('LRANGE', room, 0, -1)
local times = redis.call('HMGET', meta, 'created', 'active', 'passcode')
local passcode = times[3] or ''
for _, member in ipairs(members) do
  if member == ARGV[2] then
    return {0, times[1], times[2], passcode, unpack(members)}
  end
end
if passcode ~= ARGV[5] then
  return {-2}
end
if #members >= tonumber(ARGV[3]) then
  return {-1}
end
redis.call('RPUSH', room, ARGV[2])
redis.call('HSET', meta, 'active', ARGV[4])
redis.call('ZREM', 'duet:rooms:empty', ARGV[1])
redis.call('SADD', 'duet:user:' .. ARGV[2] .. ':rooms', ARGV[1])
table.insert(members, ARGV[2])
return {1, times[1], ARGV[4], passcode, unpack(members)}
