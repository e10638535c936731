-- Buffers a frame for a user whose instance is gone, while its session still holds the user id.
-- ARGV: userId, frame, maxFrames, ttlMillis. Returns the number of frames buffered.
if redis.call('EXISTS', 'duet:session:' .. ARGV[1]) == 0 then
  return 0
end
local key = 'duet:held:' .. ARGV[1]
local count = redis.call('RPUSH', key, ARGV[2])
redis.call('LTRIM', key, -tonumber(ARGV[3]), -1)
redis.call('PEXPIRE', key, ARGV[4])
return count
