-- Takes a user out of a room. ARGV: roomId, userId, nowMillis.
-- Returns {} if the user was not in it; else {createdAt, lastActiveAt, passcode ('' for none),
-- members left...}.
local room = 'duet:room:' .. ARGV[1]
local meta = room .. ':meta'
if redis.call('LREM', room, 0, ARGV[2]) == 0 then
  return {}
end
redis.call('SREM', 'duet:user:' .. ARGV[2] .. ':rooms', ARGV[1])
redis.call('HSET', meta, 'active', ARGV[3])
local members = redis.call('LRANGE', room, 0, -1)
if #members == 0 then
  redis.call('ZADD', 'duet:rooms:empty', ARGV[3], ARGV[1])
end
return {redis.call('HGET', meta, 'created'), ARGV[3], redis.call('HGET', meta, 'passcode') or '',
  unpack(members)}
