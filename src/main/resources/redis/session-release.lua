-- Frees a user id if the session that ended still holds it.
-- ARGV: userId, sessionId. Returns 1 if freed.
local key = 'duet:session:' .. ARGV[1]
local current = redis.call('HMGET', key, 'sid', 'inst')
if current[1] ~= ARGV[2] then
  return 0
end
redis.call('DEL', key, 'duet:held:' .. ARGV[1])
redis.call('SREM', 'duet:instance:' .. current[2] .. ':users', ARGV[1])
return 1
