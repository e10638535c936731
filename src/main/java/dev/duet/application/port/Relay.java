package dev.duet.application.port;

/**
 * Port: carries frames to users whose sessions other instances of a cluster serve, in order per
 * sender and receiver. Delivery between instances is at most once; what is sent to a user whose
 * instance is gone is buffered, bounded by {@code RESUME_BUFFER_MESSAGES}, for {@code
 * RESUME_GRACE}, and delivered by the instance that resumes the session. A single instance has no
 * other instances: what it cannot deliver itself is dropped.
 */
public interface Relay {

  /**
   * A frame about the user's random matching: the start ({@code started}) or end of match {@code
   * matchId}, or with a null {@code matchId} its {@code waiting}; {@code seq} is its sequence
   * number for the user ({@link MatchQueue.Started}). Where it is delivered it goes through {@link
   * MatchService#deliverMatchEvent}, in the order of {@code seq}.
   */
  record MatchEvent(String matchId, boolean started, long seq) {}

  /**
   * Sends an encoded frame to a user no session of this instance serves; {@code event} says which
   * match it starts or ends, if any (else null).
   */
  void forward(String userId, String frame, MatchEvent event);

  /**
   * Session {@code sessionId} of the user is served here now, taken over from instance {@code
   * previous} (which may be this one): tells that instance to let go of it and to forward what it
   * kept, and delivers here what was buffered while no instance served it. Call it after {@link
   * PeerNotifier#hold}, so the frames are kept for the resuming connection.
   */
  void arrived(String userId, String sessionId, String previous);
}
