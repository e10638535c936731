-- Moves every session of a dead instance (its lease ran out) to a live one, once.
-- ARGV: deadInstance, liveInstance.
-- Returns userId, sessionId, tokenHash for each session moved; empty if the instance is alive or
-- was adopted already.
if redis.call('EXISTS', 'duet:lease:' .. ARGV[1]) == 1 then
  return {}
end
if redis.call('SREM', 'duet:instances', ARGV[1]) == 0 then
  return {}
end
local users = redis.call('SMEMBERS', 'duet:instance:' .. ARGV[1] .. ':users')
local adopted = {}
for _, userId in ipairs(users) do
  local key = 'duet:session:' .. userId
  local current = redis.call('HMGET', key, 'sid', 'hash', 'inst')
  if current[1] and current[3] == ARGV[1] then
    redis.call('HSET', key, 'inst', ARGV[2])
    redis.call('SADD', 'duet:instance:' .. ARGV[2] .. ':users', userId)
    table.insert(adopted, userId)
    table.insert(adopted, current[1])
    table.insert(adopted, current[2])
  end
end
redis.call('DEL', 'duet:instance:' .. ARGV[1] .. ':users')
return adopted
