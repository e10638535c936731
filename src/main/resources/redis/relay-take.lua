-- Takes the frames buffered for a user, oldest first. ARGV: userId.
local key = 'duet:held:' .. ARGV[1]
local frames = redis.call('LRANGE', key, 0, -1)
redis.call('DEL', key)
return frames
