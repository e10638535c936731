package dev.duet.interfaces.websocket;

import dev.duet.application.RoomService;
import dev.duet.application.SignalingService;
import dev.duet.application.port.Metrics;
import dev.duet.domain.Chat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@code chat_message} to a room or to a peer ({@link Chat#requireOneAddress}); counted with the
 * time from its arrival to its send.
 */
@ApplicationScoped
public class ChatHandler {
  private static final String CHAT = "chat_message";

  @Inject SignalingService signaling;
  @Inject RoomService rooms;
  @Inject Metrics metrics;

  void chat(ClientMessage.ChatMessage chat, Caller from) {
    Chat.requireOneAddress(chat.room(), chat.toUser());
    String content = chat.payload() == null ? null : chat.payload().content();
    if (chat.room() != null) {
      rooms.chat(from.participant(), chat.room(), content, chat.messageId());
    } else {
      signaling.chat(from.participant(), chat.toUser(), content, chat.messageId());
    }
    metrics.relayed(CHAT, System.nanoTime() - from.receivedAt());
  }
}
