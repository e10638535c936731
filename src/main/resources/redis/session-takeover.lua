-- Moves a session to an instance if that session still holds the user id.
-- ARGV: userId, sessionId, instance. Returns the instance that served it, or nil.
local key = 'duet:session:' .. ARGV[1]
local current = redis.call('HMGET', key, 'sid', 'inst')
if current[1] ~= ARGV[2] then
  return false
end
if current[2] ~= ARGV[3] then
  redis.call('SREM', 'duet:instance:' .. current[2] .. ':users', ARGV[1])
  redis.call('SADD', 'duet:instance:' .. ARGV[3] .. ':users', ARGV[1])
  redis.call('HSET', key, 'inst', ARGV[3])
end
return current[2]
