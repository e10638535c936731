package dev.duet.infrastructure.persistence;

import dev.duet.application.port.SigningKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Keys in the {@code signing_keys} table, written at once (not behind): a key must be stored before
 * the first token signed with it is handed out. The first caller's key wins, so every instance on
 * one database signs with the same key.
 */
@ApplicationScoped
public class JpaSigningKeys implements SigningKeys {
  private static final String SESSION_TOKEN = "session-token";
  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject JpaDatabase database;

  @Override
  public byte[] sessionTokenKey() {
    byte[] fresh = new byte[32];
    RANDOM.nextBytes(fresh);
    String stored =
        database.transaction(
            db -> {
              db.createNativeMutationQuery(
                      "INSERT INTO signing_keys (name, key_value, created_at)"
                          + " VALUES (:name, :value, :at) ON CONFLICT (name) DO NOTHING")
                  .setParameter("name", SESSION_TOKEN)
                  .setParameter("value", Base64.getEncoder().encodeToString(fresh))
                  .setParameter("at", System.currentTimeMillis())
                  .executeUpdate();
              return (String)
                  db.createNativeQuery("SELECT key_value FROM signing_keys WHERE name = :name")
                      .setParameter("name", SESSION_TOKEN)
                      .getSingleResult();
            });
    return Base64.getDecoder().decode(stored);
  }
}
