package dev.duet.application.port;

/**
 * One chat message as delivered: to a room when {@code room} is set, else directly to {@code
 * toUser}; {@code incoming} (direct chat only) tells the recipient whether it is the other side's
 * message.
 */
public record ChatLine(
    String fromUser,
    String toUser,
    String room,
    String content,
    Boolean incoming,
    String messageId) {}
