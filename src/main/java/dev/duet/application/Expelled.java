package dev.duet.application;

import dev.duet.domain.Ban;

/**
 * A CDI event: the live session {@code sessionId} of {@code userId} on this instance is kept out by
 * {@code ban}; whoever serves its connection closes it with 4403 and the ban's reason, which ends
 * the session at once.
 */
public record Expelled(String userId, String sessionId, Ban ban) {}
