-- The append-only audit trail. Each row carries the SHA-256 of the previous row (row_hash of the
-- row before), so an edited or removed row breaks the chain that GET /admin/audit/verify checks.
CREATE TABLE audit_log (
    -- assigned under the append lock: gapless, so a removed row shows as a missing id
    id          bigint      PRIMARY KEY,
    occurred_at timestamptz NOT NULL,
    actor       text        NOT NULL,
    action      text        NOT NULL,
    target      text,
    outcome     text        NOT NULL,
    client_ip   text,
    request_id  text,
    prev_hash   text        NOT NULL,
    row_hash    text        NOT NULL
);

-- Rows are never changed: the trigger refuses UPDATE, DELETE and TRUNCATE for every role,
-- superusers included (only disabling the trigger, an owner's DDL, gets past it).
CREATE FUNCTION audit_log_append_only() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- Privileges as well, where they mean something: PUBLIC never had them; the migrating role (the
-- table's owner, the application's user in our deployments) gives them up too.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM CURRENT_USER;
