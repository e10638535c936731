-- Removes rooms empty since before a time, at most 1000 at once. ARGV: emptySinceMillis.
-- Returns the ids removed.
local removed = {}
local ids = redis.call('ZRANGEBYSCORE', 'duet:rooms:empty', '-inf', ARGV[1], 'LIMIT', 0, 1000)
for _, id in ipairs(ids) do
  local room = 'duet:room:' .. id
  redis.call('ZREM', 'duet:rooms:empty', id)
  if redis.call('LLEN', room) == 0 then
    redis.call('DEL', room, room .. ':meta')
    redis.call('SREM', 'duet:rooms', id)
    table.insert(removed, id)
  end
end
return removed
