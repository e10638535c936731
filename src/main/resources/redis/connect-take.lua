-- Takes a handshake from a client address out of its bucket, shared by every instance: TokenBucket's
-- rule, computed in the same order of operations so both give the same verdicts. The bucket is full
-- at first, refilled continuously at RATE a minute up to BURST; the key expires once it would be full
-- again (a missing key is a full bucket). A time before the latest one seen counts as that one.
-- ARGV: address, rate per minute, burst, now (milliseconds). Returns 1 if a token was taken, else 0.
local key = 'duet:connect:' .. ARGV[1]
local per_nano = tonumber(ARGV[2]) / 60e9
local burst = tonumber(ARGV[3])
local now = tonumber(ARGV[4])
local state = redis.call('HMGET', key, 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
if now > at then
  tokens = math.min(burst, tokens + ((now - at) * 1000000) * per_nano)
  at = now
end
local taken = 0
if tokens >= 1 then
  tokens = tokens - 1
  taken = 1
end
redis.call('HSET', key, 'tokens', string.format('%.17g', tokens), 'at', string.format('%d', at))
redis.call('PEXPIRE', key, string.format('%d', math.ceil((burst - tokens) / (per_nano * 1000000)) + 1000))
return taken
