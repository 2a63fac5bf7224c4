-- Idempotency keys (Idempotency-Key header): a retried prompt never runs twice.
--
-- One row per key and chatbot. The attempt that runs the turn claims the key first (claim_id = its turn id) with a
-- short lease that it renews while it runs, so that other instances can tell a running attempt from a dead one.
-- The transaction that stores the turn marks the key done (session_id, turn_seq, outcome): a key says "stored"
-- exactly when its turn is. A key is kept 24 hours; it goes with its session (ON DELETE CASCADE) and with
-- `prompt sessions prune` once it is older than that.

CREATE TABLE idempotency_keys (
    chatbot_id      BIGINT       NOT NULL,
    idempotency_key VARCHAR(255) NOT NULL,
    -- What the request was (endpoint, caller, body); the same key with another request is refused.
    request_hash    VARCHAR(64)  NOT NULL,
    claim_id        VARCHAR(100) NOT NULL,
    -- Set with the stored turn: its session and the seq of its first message; NULL while the attempt runs.
    session_id      BIGINT       NULL,
    turn_seq        BIGINT       NULL,
    -- What a replay needs beside the stored rows (model settings, why the provider failed), as JSON.
    outcome         LONGTEXT     NULL,
    created_at      DATETIME(6)  NOT NULL,
    lease_until     DATETIME(6)  NOT NULL,
    PRIMARY KEY (chatbot_id, idempotency_key),
    KEY ix_idempotency_keys_created (created_at),
    KEY ix_idempotency_keys_session (session_id),
    CONSTRAINT fk_idempotency_keys_session FOREIGN KEY (session_id) REFERENCES sessions (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
