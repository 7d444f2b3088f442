-- Downlinks queued for offline modules. Portable SQL: runs on H2 and PostgreSQL.
-- The payload is bytea: PostgreSQL's native binary type, and in H2 2.x an alias of BINARY VARYING (up to
-- 1e9 bytes), so one statement serves both and Hibernate validates a byte[] field against either (VARBINARY
-- on H2, bytea on PostgreSQL). A varchar would work on both too, but only with base64 (a third larger and a
-- conversion each way); blob/clob have no PostgreSQL counterpart that Hibernate maps a byte[] to.
create table outbox_message (
    id            uuid         not null,
    module_key    varchar(64)  not null,
    payload       bytea        not null,
    payload_size  integer      not null,
    state         varchar(16)  not null,
    created_at    timestamp(6) with time zone not null,
    expires_at    timestamp(6) with time zone not null,
    delivered_at  timestamp(6) with time zone,
    settled_at    timestamp(6) with time zone,
    session_id    varchar(36),
    attempts      integer      not null,
    last_error    varchar(500),
    constraint pk_outbox_message primary key (id)
);

-- Delivery and listing read one module's messages by state in creation order.
create index ix_outbox_module_state on outbox_message (module_key, state, created_at);
-- The sweep finds expired and queued messages across modules.
create index ix_outbox_state_expires on outbox_message (state, expires_at);
