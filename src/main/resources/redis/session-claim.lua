-- Claims a user id for a new session served by an instance, unless a session holds it.
-- ARGV: userId, sessionId, tokenHash, instance, ttlMillis. Returns 1 if claimed, 0 if held.
local key = 'duet:session:' .. ARGV[1]
if redis.call('EXISTS', key) == 1 then
  return 0
end
redis.call('HSET', key, 'sid', ARGV[2], 'hash', ARGV[3], 'inst', ARGV[4])
redis.call('PEXPIRE', key, ARGV[5])
redis.call('SADD', 'duet:instance:' .. ARGV[4] .. ':users', ARGV[1])
return 1
