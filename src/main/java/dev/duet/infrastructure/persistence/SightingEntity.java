package dev.duet.infrastructure.persistence;

import dev.duet.domain.Visitor;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of {@code sightings}; the time is epoch milliseconds. */
@Entity
@Table(name = "sightings")
public class SightingEntity {
  @Id
  @Column(name = "user_id", length = 64)
  private String userId;

  @Column(name = "device_id", length = 32)
  private String deviceId;

  @Column(name = "network", length = 64)
  private String network;

  @Column(name = "wide_network", length = 64)
  private String wideNetwork;

  @Column(name = "seen_at", nullable = false)
  private long seenAt;

  protected SightingEntity() {}

  Visitor toVisitor() {
    return new Visitor(userId, deviceId, network, wideNetwork);
  }
}
