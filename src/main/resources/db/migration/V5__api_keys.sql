-- API keys of the REST API. Portable SQL: runs on H2 and PostgreSQL.
-- Only the SHA-256 of a key is stored (hex): keys are 256 random bits, so a fast hash is enough and keeps the
-- per-request check cheap. Roles are a comma-separated list of role names (read, send, operate, simulate, admin).
create table api_key (
    id            uuid         not null,
    name          varchar(64)  not null,
    secret_sha256 varchar(64)  not null,
    roles         varchar(128) not null,
    created_at    timestamp(6) with time zone not null,
    expires_at    timestamp(6) with time zone,
    last_used_at  timestamp(6) with time zone,
    revoked_at    timestamp(6) with time zone,
    constraint pk_api_key primary key (id),
    constraint uk_api_key_secret unique (secret_sha256)
);
