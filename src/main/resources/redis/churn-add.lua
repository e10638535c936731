-- Counts events of a network for the bot gate, for every instance at once: the domain Churn's rule.
-- duet:churn:NETWORK:MINUTE holds the events of one minute (epoch minutes); the count is the sum of
-- the last 5 minutes, the current one included; each key expires once no window can hold it.
-- ARGV: network, weight, now (ms). Returns the network's count.
local minute = math.floor(tonumber(ARGV[3]) / 60000)
local prefix = 'duet:churn:' .. ARGV[1] .. ':'
local key = prefix .. minute
redis.call('INCRBY', key, tonumber(ARGV[2]))
redis.call('PEXPIRE', key, 6 * 60000)
local total = 0
for m = minute - 4, minute do
  total = total + tonumber(redis.call('GET', prefix .. m) or '0')
end
return total
