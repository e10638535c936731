package dev.duet.interfaces.websocket;

import dev.duet.application.IceServers;
import dev.duet.application.port.ChatLine;
import dev.duet.domain.Match;
import dev.duet.domain.Role;
import dev.duet.domain.RuleViolation;
import dev.duet.domain.SignalType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Every frame the server sends, made here and only here: each is its {@link ServerMessage} record
 * written by {@link ServerMessageEncoder} (relayed signaling by its streaming fast path), stamped
 * with the current time, from {@code system} unless a user is the sender.
 */
@ApplicationScoped
public class ServerFrames {
  @Inject Clock clock;

  /** The current time as every frame carries it: RFC 3339, UTC, milliseconds. */
  private String now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
  }

  private static String write(ServerMessage message) {
    return ServerMessageEncoder.write(message);
  }

  String session(String to, ServerMessage.SessionPayload payload) {
    return write(new ServerMessage.Session(ServerMessage.SYSTEM, to, payload, now()));
  }

  /** {@code session_state}: {@code match} is the recipient's running random match, or null. */
  String sessionState(String to, Match match, List<String> rooms) {
    ServerMessage.RolePayload role =
        match == null
            ? null
            : new ServerMessage.RolePayload(
                Role.of(to, match.polite()).wireName(),
                match.partnerOf(to),
                null,
                match.id(),
                match.commonInterests());
    return write(
        new ServerMessage.SessionState(
            ServerMessage.SYSTEM, to, new ServerMessage.StatePayload(role, rooms), now()));
  }

  String error(String to, RuleViolation violation, String messageId) {
    return write(
        new ServerMessage.Error(
            ServerMessage.SYSTEM,
            to,
            new ServerMessage.ErrorPayload(violation.code().wireName(), violation.getMessage()),
            messageId,
            now()));
  }

  String errorResponse(String to, ClientMessage.Invalid invalid) {
    return write(
        new ServerMessage.ErrorResponse(
            ServerMessage.SYSTEM,
            to,
            new ServerMessage.ErrorResponsePayload(
                invalid.code().wireName(), invalid.error(), invalid.details()),
            null,
            now()));
  }

  String pong(String to, String messageId) {
    return write(new ServerMessage.Pong(ServerMessage.SYSTEM, to, messageId, now()));
  }

  String ack(String to, String of, String peerId, String messageId) {
    return write(
        new ServerMessage.Ack(
            ServerMessage.SYSTEM, to, new ServerMessage.AckPayload(of, peerId), messageId, now()));
  }

  /** {@code ice_servers}, the answer to {@code refresh_ice}. */
  String iceServers(String to, List<IceServers.Server> servers, String policy, String messageId) {
    return write(
        new ServerMessage.IceServers(
            ServerMessage.SYSTEM,
            to,
            new ServerMessage.IceServersPayload(ice(servers), policy),
            messageId,
            now()));
  }

  /** The wire form of ICE servers. */
  static List<ServerMessage.IceServer> ice(List<IceServers.Server> servers) {
    return servers.stream()
        .map(s -> new ServerMessage.IceServer(s.urls(), s.username(), s.credential()))
        .toList();
  }

  String roomsList(String to, List<String> rooms, String messageId) {
    return write(
        new ServerMessage.RoomsList(
            ServerMessage.SYSTEM, to, new ServerMessage.RoomsPayload(rooms), messageId, now()));
  }

  String serverDraining(String to) {
    return write(new ServerMessage.ServerDraining(ServerMessage.SYSTEM, to, now()));
  }

  String roomJoined(String to, String room, List<String> members) {
    return write(
        new ServerMessage.RoomJoined(
            ServerMessage.SYSTEM,
            to,
            room,
            new ServerMessage.RoomPayload(room, "joined", members),
            null,
            now()));
  }

  String peerJoined(String to, String room, String peerId) {
    return write(
        new ServerMessage.PeerJoined(
            ServerMessage.SYSTEM, to, room, new ServerMessage.PeerPayload(room, peerId), now()));
  }

  String roleAssigned(String to, Role role, String peerId, String room) {
    return write(
        new ServerMessage.AssignRole(
            ServerMessage.SYSTEM,
            to,
            room,
            new ServerMessage.RolePayload(role.wireName(), peerId, room, null, null),
            now()));
  }

  String roomLeft(String to, String room) {
    return write(
        new ServerMessage.RoomLeft(
            ServerMessage.SYSTEM,
            to,
            room,
            new ServerMessage.RoomPayload(room, "left", null),
            null,
            now()));
  }

  String peerLeft(String to, String room, String peerId, String reason) {
    return write(
        new ServerMessage.PeerLeft(
            ServerMessage.SYSTEM,
            to,
            room,
            new ServerMessage.PeerLeftPayload(room, peerId, reason, null),
            now()));
  }

  String waiting(String to, Instant since) {
    return write(
        new ServerMessage.Waiting(
            ServerMessage.SYSTEM,
            to,
            new ServerMessage.WaitingPayload(since.truncatedTo(ChronoUnit.MILLIS).toString()),
            now()));
  }

  String matched(
      String to, Role role, String peerId, String matchId, List<String> commonInterests) {
    return write(
        new ServerMessage.AssignRole(
            ServerMessage.SYSTEM,
            to,
            null,
            new ServerMessage.RolePayload(role.wireName(), peerId, null, matchId, commonInterests),
            now()));
  }

  String matchEnded(String to, String peerId, String matchId, String reason) {
    return write(
        new ServerMessage.PeerLeft(
            ServerMessage.SYSTEM,
            to,
            null,
            new ServerMessage.PeerLeftPayload(null, peerId, reason, matchId),
            now()));
  }

  String signal(String to, String from, SignalType type, String payload, String messageId) {
    return ServerMessageEncoder.signal(type, from, to, payload, messageId, now());
  }

  String chat(String to, ChatLine line) {
    return write(
        new ServerMessage.ChatMessage(
            line.fromUser(),
            line.toUser() != null ? line.toUser() : to,
            line.room(),
            new ServerMessage.ChatPayload(line.content()),
            line.incoming(),
            line.messageId(),
            now()));
  }

  String peerReconnecting(String to, String peerId) {
    return write(
        new ServerMessage.PeerReconnecting(
            ServerMessage.SYSTEM, to, new ServerMessage.PeerPayload(null, peerId), now()));
  }

  String peerReconnected(String to, String peerId) {
    return write(
        new ServerMessage.PeerReconnected(
            ServerMessage.SYSTEM, to, new ServerMessage.PeerPayload(null, peerId), now()));
  }
}
