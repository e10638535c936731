-- Counts a report for the automatic protection, for every instance at once: the domain ReportTally's
-- rule. duet:reported:USER is a sorted set of the users who reported USER, by the time of their
-- latest report; reports at or before NOW - WINDOW no longer count and are dropped; the key expires
-- once its newest report runs out.
-- ARGV: reported, reporter, now (ms), window (ms). Returns how many distinct users reported USER
-- within the window, this one included.
local key = 'duet:reported:' .. ARGV[1]
local now = tonumber(ARGV[3])
local window = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
redis.call('ZADD', key, now, ARGV[2])
redis.call('PEXPIRE', key, window + 1000)
return redis.call('ZCARD', key)
