-- Puts back a room with its members. ARGV: roomId, createdAt, lastActiveAt, passcode ('' for
-- none), members...
local room = 'duet:room:' .. ARGV[1]
redis.call('DEL', room)
redis.call('HSET', room .. ':meta', 'created', ARGV[2], 'active', ARGV[3], 'passcode', ARGV[4])
redis.call('SADD', 'duet:rooms', ARGV[1])
if #ARGV > 4 then
  redis.call('ZREM', 'duet:rooms:empty', ARGV[1])
  for i = 5, #ARGV do
    redis.call('RPUSH', room, ARGV[i])
    redis.call('SADD', 'duet:user:' .. ARGV[i] .. ':rooms', ARGV[1])
  end
else
  redis.call('ZADD', 'duet:rooms:empty', ARGV[3], ARGV[1])
end
return 1
