-- Duet's schema for PostgreSQL (DB_URL), the source of truth next to schema-sqlite.sql, with the
-- same tables and columns: applied at every start-up (idempotent, under an advisory lock, so
-- instances starting together do not race), validated by Hibernate. Times are epoch milliseconds.
-- No chat content is ever stored.

-- Instances starting together wait for each other here (the lock ends with the transaction).
SELECT pg_advisory_xact_lock(1685418356);

-- Rooms joined by id. expires_at is set while a room is empty: it is removed after that time.
-- passcode is the keyed digest of the passcode a protected room was made with (never the
-- passcode), null for a room without one.
CREATE TABLE IF NOT EXISTS rooms (
  id             VARCHAR(64) NOT NULL PRIMARY KEY,
  created_at     BIGINT      NOT NULL,
  last_active_at BIGINT      NOT NULL,
  expires_at     BIGINT,
  passcode       VARCHAR(64)
);
-- Added after the first release: the column for databases made before it.
ALTER TABLE rooms ADD COLUMN IF NOT EXISTS passcode VARCHAR(64);

-- Sessions: OPEN while a connection serves one, RECONNECTING while it waits for its client to
-- come back with its token, CLOSED when it has ended. Only a SHA-256 hash of the token is kept.
CREATE TABLE IF NOT EXISTS sessions (
  session_id   VARCHAR(32) NOT NULL PRIMARY KEY,
  user_id      VARCHAR(64) NOT NULL,
  token_hash   VARCHAR(64) NOT NULL,
  created_at   BIGINT      NOT NULL,
  last_seen_at BIGINT      NOT NULL,
  state        VARCHAR(16) NOT NULL
);

CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (user_id);
CREATE INDEX IF NOT EXISTS sessions_by_state ON sessions (state, last_seen_at);

-- Who is in which room, for which session: what a restart brings back.
CREATE TABLE IF NOT EXISTS memberships (
  room_id    VARCHAR(64) NOT NULL,
  user_id    VARCHAR(64) NOT NULL,
  session_id VARCHAR(32) NOT NULL,
  joined_at  BIGINT      NOT NULL,
  PRIMARY KEY (room_id, user_id)
);

-- Keys Duet made for itself: the HS256 key of session tokens when JWT_SECRET is not set.
CREATE TABLE IF NOT EXISTS signing_keys (
  name       VARCHAR(32)  NOT NULL PRIMARY KEY,
  key_value  VARCHAR(128) NOT NULL,
  created_at BIGINT       NOT NULL
);

-- Random matches. end_reason: SKIPPED, HANGUP, DISCONNECTED or BLOCKED; null while running.
-- common_interests: each tag behind a unit separator (U+001F), which no tag holds.
CREATE TABLE IF NOT EXISTS matches (
  id               VARCHAR(32)  NOT NULL PRIMARY KEY,
  polite_user      VARCHAR(64)  NOT NULL,
  impolite_user    VARCHAR(64)  NOT NULL,
  common_interests VARCHAR(400) NOT NULL,
  started_at       BIGINT       NOT NULL,
  ended_at         BIGINT,
  end_reason       VARCHAR(16)
);

CREATE INDEX IF NOT EXISTS matches_by_start ON matches (started_at);

-- Reports of a match partner, for moderators. The reason is the reporter's own words.
CREATE TABLE IF NOT EXISTS reports (
  id            VARCHAR(32)  NOT NULL PRIMARY KEY,
  reporter      VARCHAR(64)  NOT NULL,
  reported      VARCHAR(64)  NOT NULL,
  match_id      VARCHAR(32)  NOT NULL,
  reason        VARCHAR(500) NOT NULL,
  created_at    BIGINT       NOT NULL
);

CREATE INDEX IF NOT EXISTS reports_by_time ON reports (created_at);

-- Added with moderation: what became of a report. status is OPEN or RESOLVED; resolution is what
-- the moderator did (DISMISS, BAN or SHADOW_BAN), resolved_by their name, resolution_note their
-- words (for moderators only), ban_id the ban it made.
ALTER TABLE reports ADD COLUMN IF NOT EXISTS status VARCHAR(16) NOT NULL DEFAULT 'OPEN';
ALTER TABLE reports ADD COLUMN IF NOT EXISTS resolved_at BIGINT;
ALTER TABLE reports ADD COLUMN IF NOT EXISTS resolved_by VARCHAR(64);
ALTER TABLE reports ADD COLUMN IF NOT EXISTS resolution VARCHAR(16);
ALTER TABLE reports ADD COLUMN IF NOT EXISTS resolution_note VARCHAR(500);
ALTER TABLE reports ADD COLUMN IF NOT EXISTS ban_id VARCHAR(32);

CREATE INDEX IF NOT EXISTS reports_by_status ON reports (status, created_at);
CREATE INDEX IF NOT EXISTS reports_by_reported ON reports (reported, created_at);

-- Bans. scope is USER, DEVICE or NETWORK; subject the user id, the device id, or the keyed hash of a
-- network prefix (never an address); kind BAN or SHADOW_BAN; ends_at null for a ban without end;
-- lifted_at and lifted_by once a moderator lifted it; user_id the user the ban was made from.
CREATE TABLE IF NOT EXISTS bans (
  id         VARCHAR(32)  NOT NULL PRIMARY KEY,
  scope      VARCHAR(16)  NOT NULL,
  subject    VARCHAR(64)  NOT NULL,
  kind       VARCHAR(16)  NOT NULL,
  reason     VARCHAR(500) NOT NULL,
  created_by VARCHAR(64)  NOT NULL,
  created_at BIGINT       NOT NULL,
  ends_at    BIGINT,
  user_id    VARCHAR(64),
  lifted_at  BIGINT,
  lifted_by  VARCHAR(64)
);

CREATE INDEX IF NOT EXISTS bans_by_time ON bans (created_at);

-- What moderators (and the automatic protection) did: who, what, to what, when. detail never holds
-- a report's text.
CREATE TABLE IF NOT EXISTS audit_log (
  id         VARCHAR(32)  NOT NULL PRIMARY KEY,
  at         BIGINT       NOT NULL,
  moderator  VARCHAR(64)  NOT NULL,
  action     VARCHAR(32)  NOT NULL,
  target     VARCHAR(64)  NOT NULL,
  detail     VARCHAR(600) NOT NULL
);

CREATE INDEX IF NOT EXISTS audit_by_time ON audit_log (at);

-- Where each user id was last seen, for bans of its device or network: the device id of its device
-- token and the keyed hashes of its network prefixes (IPv4 /24 or IPv6 /64, and IPv6 /48).
CREATE TABLE IF NOT EXISTS sightings (
  user_id      VARCHAR(64) NOT NULL PRIMARY KEY,
  device_id    VARCHAR(32),
  network      VARCHAR(64),
  wide_network VARCHAR(64),
  seen_at      BIGINT      NOT NULL
);

CREATE INDEX IF NOT EXISTS sightings_by_time ON sightings (seen_at);
