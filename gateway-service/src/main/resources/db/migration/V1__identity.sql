-- Accounts, refresh tokens, TOTP backup codes and API keys. Secrets are never stored in clear:
-- passwords as PBKDF2 (parameters in the string), tokens, codes and key secrets as SHA-256 hex,
-- TOTP secrets AES-GCM encrypted.
CREATE TABLE users (
    id             uuid PRIMARY KEY,
    email          text        NOT NULL,
    -- lower-cased email: one account per address whatever its case
    email_key      text        NOT NULL UNIQUE,
    password_hash  text        NOT NULL,
    roles          text[]      NOT NULL,
    totp_secret    bytea,
    totp_enabled   boolean     NOT NULL DEFAULT false,
    -- the last TOTP time step accepted: a code is never accepted twice
    totp_last_step bigint,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE backup_codes (
    user_id   uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash text        NOT NULL,
    used_at   timestamptz,
    PRIMARY KEY (user_id, code_hash)
);

-- One family per login: every rotation adds a row to it; presenting a used row revokes it all.
CREATE TABLE refresh_tokens (
    token_hash text        PRIMARY KEY,
    family_id  uuid        NOT NULL,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    amr        text[]      NOT NULL,
    auth_time  timestamptz NOT NULL,
    issued_at  timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    revoked_at timestamptz
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

CREATE TABLE api_keys (
    id                    text        PRIMARY KEY,
    user_id               uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name                  text        NOT NULL,
    secret_hash           text        NOT NULL,
    -- after a rotation the previous secret keeps working until previous_valid_until
    previous_secret_hash  text,
    previous_valid_until  timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now(),
    rotated_at            timestamptz,
    revoked_at            timestamptz
);
CREATE INDEX api_keys_user ON api_keys (user_id);
