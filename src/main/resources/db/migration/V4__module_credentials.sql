-- Module credentials: secrets a module proves in its hello. Portable SQL: runs on H2 and PostgreSQL.
-- Only the SHA-256 of a token is stored (hex). Tokens are high-entropy (256 random bits), so a fast hash is
-- enough and keeps a connect storm cheap; a password hash would not add safety here, only cost.
-- Keyed by module key, not by the registry row: credentials can be provisioned in bulk before a module is
-- registered, and the hello is checked by key.
create table module_credential (
    id            uuid         not null,
    module_key    varchar(64)  not null,
    secret_sha256 varchar(64)  not null,
    origin        varchar(16)  not null,
    created_at    timestamp(6) with time zone not null,
    last_used_at  timestamp(6) with time zone,
    revoked_at    timestamp(6) with time zone,
    constraint pk_module_credential primary key (id),
    constraint uk_module_credential_secret unique (module_key, secret_sha256)
);

create index ix_module_credential_key on module_credential (module_key);
