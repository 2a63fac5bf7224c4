-- The first schema of Smarter Prompt. It runs unchanged on MySQL 8, MariaDB 10.11+ and H2 in MySQL mode
-- (H2 accepts and ignores the ENGINE / CHARSET / COLLATE table options).
--
-- Conventions:
--   * utf8mb4 with binary collation everywhere: every Unicode character round-trips (emoji included) and names
--     compare exactly, as they do in Java.
--   * Timestamps are DATETIME(6) holding UTC.
--   * Large texts are LONGTEXT (MySQL TEXT stops at 64 KB); JSON is stored as LONGTEXT holding JSON text, which
--     keeps it byte-for-byte as written and behaves the same on every supported database.
--   * Rows written on the hot path of a turn have application-assigned keys, so JDBC can batch their inserts.

-- ------------------------------------------------------------------------------------------------------ sessions

CREATE TABLE sessions (
    id                BIGINT        NOT NULL AUTO_INCREMENT,
    session_key       CHAR(64)      NOT NULL,
    chatbot_id        BIGINT        NOT NULL,
    client_ip         VARCHAR(64)   NULL,
    client_user_agent VARCHAR(512)  NULL,
    client_url        VARCHAR(2048) NULL,
    client_id         VARCHAR(255)  NULL,
    title             VARCHAR(255)  NULL,
    created_at        DATETIME(6)   NOT NULL,
    updated_at        DATETIME(6)   NOT NULL,
    -- The seq of the newest message; also the version that serialises appends to one session.
    last_seq          BIGINT        NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    CONSTRAINT uq_sessions_session_key UNIQUE (session_key),
    KEY ix_sessions_chatbot_updated (chatbot_id, updated_at),
    KEY ix_sessions_chatbot_client_updated (chatbot_id, client_id, updated_at),
    KEY ix_sessions_updated (updated_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One row per message. Rows are only ever appended; (session_id, seq) orders them and serves "the last N".
CREATE TABLE messages (
    session_id   BIGINT       NOT NULL,
    seq          BIGINT       NOT NULL,
    role         VARCHAR(16)  NOT NULL,
    content      LONGTEXT     NULL,
    tool_calls   LONGTEXT     NULL,
    tool_call_id VARCHAR(255) NULL,
    name         VARCHAR(255) NULL,
    turn_id      VARCHAR(100) NULL,
    created_at   DATETIME(6)  NOT NULL,
    PRIMARY KEY (session_id, seq),
    CONSTRAINT fk_messages_session FOREIGN KEY (session_id) REFERENCES sessions (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One row per stored turn, keyed by the seq of its first message.
CREATE TABLE turns (
    session_id        BIGINT       NOT NULL,
    first_seq         BIGINT       NOT NULL,
    turn_id           VARCHAR(100) NOT NULL,
    chatbot_id        BIGINT       NOT NULL,
    account_id        BIGINT       NOT NULL,
    message_count     INT          NOT NULL,
    prompt_tokens     BIGINT       NOT NULL,
    completion_tokens BIGINT       NOT NULL,
    total_tokens      BIGINT       NOT NULL,
    started_at        DATETIME(6)  NOT NULL,
    stored_at         DATETIME(6)  NOT NULL,
    PRIMARY KEY (session_id, first_seq),
    KEY ix_turns_chatbot (chatbot_id),
    KEY ix_turns_account (account_id),
    CONSTRAINT fk_turns_session FOREIGN KEY (session_id) REFERENCES sessions (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Turn records are keyed by (session, first seq of their turn, position within the turn): newest first is a
-- backwards walk of the primary key.
CREATE TABLE provider_exchanges (
    session_id        BIGINT       NOT NULL,
    turn_seq          BIGINT       NOT NULL,
    ordinal           INT          NOT NULL,
    turn_id           VARCHAR(100) NOT NULL,
    round_number      INT          NOT NULL,
    provider          VARCHAR(100) NULL,
    model             VARCHAR(255) NULL,
    request_json      LONGTEXT     NOT NULL,
    response_json     LONGTEXT     NULL,
    prompt_tokens     BIGINT       NOT NULL,
    completion_tokens BIGINT       NOT NULL,
    total_tokens      BIGINT       NOT NULL,
    latency_ms        BIGINT       NOT NULL,
    error             LONGTEXT     NULL,
    created_at        DATETIME(6)  NOT NULL,
    PRIMARY KEY (session_id, turn_seq, ordinal),
    CONSTRAINT fk_provider_exchanges_session FOREIGN KEY (session_id) REFERENCES sessions (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE tool_executions (
    session_id    BIGINT       NOT NULL,
    turn_seq      BIGINT       NOT NULL,
    ordinal       INT          NOT NULL,
    turn_id       VARCHAR(100) NOT NULL,
    tool_call_id  VARCHAR(255) NULL,
    function_name VARCHAR(255) NOT NULL,
    arguments     LONGTEXT     NULL,
    result        LONGTEXT     NULL,
    plugin_id     BIGINT       NULL,
    plugin_name   VARCHAR(255) NULL,
    duration_ms   BIGINT       NOT NULL,
    created_at    DATETIME(6)  NOT NULL,
    PRIMARY KEY (session_id, turn_seq, ordinal),
    CONSTRAINT fk_tool_executions_session FOREIGN KEY (session_id) REFERENCES sessions (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE plugin_selections (
    session_id  BIGINT       NOT NULL,
    turn_seq    BIGINT       NOT NULL,
    ordinal     INT          NOT NULL,
    turn_id     VARCHAR(100) NOT NULL,
    plugin_id   BIGINT       NOT NULL,
    plugin_name VARCHAR(255) NOT NULL,
    input_text  LONGTEXT     NULL,
    reason      LONGTEXT     NULL,
    created_at  DATETIME(6)  NOT NULL,
    PRIMARY KEY (session_id, turn_seq, ordinal),
    CONSTRAINT fk_plugin_selections_session FOREIGN KEY (session_id) REFERENCES sessions (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- ----------------------------------------------------------------------------------------------------- resources

CREATE TABLE accounts (
    id             BIGINT       NOT NULL AUTO_INCREMENT,
    account_number CHAR(14)     NOT NULL,
    display_name   VARCHAR(255) NOT NULL,
    created_at     DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_accounts_number UNIQUE (account_number)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE chatbots (
    id                       BIGINT        NOT NULL AUTO_INCREMENT,
    account_id               BIGINT        NOT NULL,
    name                     VARCHAR(100)  NOT NULL,
    description              LONGTEXT      NOT NULL,
    version                  VARCHAR(64)   NOT NULL,
    provider                 VARCHAR(100)  NOT NULL,
    default_model            VARCHAR(255)  NOT NULL,
    default_system_role      LONGTEXT      NOT NULL,
    default_temperature      DOUBLE        NOT NULL,
    default_max_tokens       INT           NOT NULL,
    app_name                 VARCHAR(255)  NOT NULL,
    app_assistant            VARCHAR(255)  NOT NULL,
    app_welcome_message      LONGTEXT      NOT NULL,
    app_example_prompts      LONGTEXT      NOT NULL,
    app_placeholder          VARCHAR(1024) NOT NULL,
    app_info_url             VARCHAR(2048) NULL,
    app_background_image_url VARCHAR(2048) NULL,
    app_logo_url             VARCHAR(2048) NULL,
    app_file_attachment      BOOLEAN       NOT NULL,
    deployed                 BOOLEAN       NOT NULL,
    requires_api_key         BOOLEAN       NOT NULL,
    allowed_origins          LONGTEXT      NOT NULL,
    created_at               DATETIME(6)   NOT NULL,
    updated_at               DATETIME(6)   NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_chatbots_account_name UNIQUE (account_id, name),
    KEY ix_chatbots_name (name),
    CONSTRAINT fk_chatbots_account FOREIGN KEY (account_id) REFERENCES accounts (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The built-in functions a chatbot may call, in the order configured.
CREATE TABLE chatbot_functions (
    chatbot_id    BIGINT       NOT NULL,
    ordinal       INT          NOT NULL,
    function_name VARCHAR(100) NOT NULL,
    PRIMARY KEY (chatbot_id, ordinal),
    CONSTRAINT fk_chatbot_functions_chatbot FOREIGN KEY (chatbot_id) REFERENCES chatbots (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The plugins attached to a chatbot, by name within its account (a plugin may be applied after the chatbot).
CREATE TABLE chatbot_plugins (
    chatbot_id  BIGINT       NOT NULL,
    ordinal     INT          NOT NULL,
    plugin_name VARCHAR(100) NOT NULL,
    PRIMARY KEY (chatbot_id, ordinal),
    CONSTRAINT fk_chatbot_plugins_chatbot FOREIGN KEY (chatbot_id) REFERENCES chatbots (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE plugins (
    id                 BIGINT       NOT NULL AUTO_INCREMENT,
    account_id         BIGINT       NOT NULL,
    name               VARCHAR(100) NOT NULL,
    description        LONGTEXT     NOT NULL,
    version            VARCHAR(64)  NOT NULL,
    plugin_class       VARCHAR(16)  NOT NULL,
    selector_kind      VARCHAR(16)  NOT NULL,
    search_terms       LONGTEXT     NULL,
    prompt_system_role LONGTEXT     NULL,
    prompt_model       VARCHAR(255) NULL,
    prompt_temperature DOUBLE       NULL,
    prompt_max_tokens  INT          NULL,
    parameters_json    LONGTEXT     NOT NULL,
    data_json          LONGTEXT     NOT NULL,
    created_at         DATETIME(6)  NOT NULL,
    updated_at         DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_plugins_account_name UNIQUE (account_id, name),
    CONSTRAINT fk_plugins_account FOREIGN KEY (account_id) REFERENCES accounts (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Secrets are (kind, value): kind 'none', 'env' (value names an environment variable) or 'value' (the secret).
CREATE TABLE sql_connections (
    id              BIGINT        NOT NULL AUTO_INCREMENT,
    account_id      BIGINT        NOT NULL,
    name            VARCHAR(100)  NOT NULL,
    jdbc_url        VARCHAR(2048) NOT NULL,
    username        VARCHAR(255)  NULL,
    password_kind   VARCHAR(8)    NOT NULL,
    password_value  VARCHAR(4096) NULL,
    timeout_seconds INT           NOT NULL,
    created_at      DATETIME(6)   NOT NULL,
    updated_at      DATETIME(6)   NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_sql_connections_account_name UNIQUE (account_id, name),
    CONSTRAINT fk_sql_connections_account FOREIGN KEY (account_id) REFERENCES accounts (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE api_connections (
    id               BIGINT        NOT NULL AUTO_INCREMENT,
    account_id       BIGINT        NOT NULL,
    name             VARCHAR(100)  NOT NULL,
    base_url         VARCHAR(2048) NOT NULL,
    auth_scheme      VARCHAR(16)   NOT NULL,
    auth_header      VARCHAR(255)  NULL,
    credential_kind  VARCHAR(8)    NOT NULL,
    credential_value VARCHAR(4096) NULL,
    timeout_seconds  INT           NOT NULL,
    created_at       DATETIME(6)   NOT NULL,
    updated_at       DATETIME(6)   NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_api_connections_account_name UNIQUE (account_id, name),
    CONSTRAINT fk_api_connections_account FOREIGN KEY (account_id) REFERENCES accounts (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE providers (
    id               BIGINT        NOT NULL AUTO_INCREMENT,
    account_id       BIGINT        NOT NULL,
    name             VARCHAR(100)  NOT NULL,
    base_url         VARCHAR(2048) NOT NULL,
    api_key_kind     VARCHAR(8)    NOT NULL,
    api_key_value    VARCHAR(4096) NULL,
    default_model    VARCHAR(255)  NULL,
    api_key_required BOOLEAN       NOT NULL,
    created_at       DATETIME(6)   NOT NULL,
    updated_at       DATETIME(6)   NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_providers_account_name UNIQUE (account_id, name),
    CONSTRAINT fk_providers_account FOREIGN KEY (account_id) REFERENCES accounts (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Only the SHA-256 of a key is kept; the clear key is shown once when it is created.
CREATE TABLE api_keys (
    id         BIGINT       NOT NULL AUTO_INCREMENT,
    account_id BIGINT       NOT NULL,
    name       VARCHAR(100) NOT NULL,
    key_hash   CHAR(64)     NOT NULL,
    hint       VARCHAR(64)  NOT NULL,
    created_at DATETIME(6)  NOT NULL,
    revoked_at DATETIME(6)  NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_api_keys_hash UNIQUE (key_hash),
    KEY ix_api_keys_account (account_id),
    CONSTRAINT fk_api_keys_account FOREIGN KEY (account_id) REFERENCES accounts (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
