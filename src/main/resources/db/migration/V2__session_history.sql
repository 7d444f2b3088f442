-- One row per finished session. Portable SQL: runs on H2 and PostgreSQL.
create table session_history (
    id             varchar(36)  not null,
    module_key     varchar(64),
    direction      varchar(16)  not null,
    remote_address varchar(128),
    local_address  varchar(128),
    opened_at      timestamp(6) with time zone,
    closed_at      timestamp(6) with time zone not null,
    close_reason   varchar(32)  not null,
    errno          integer,
    bytes_in       bigint       not null,
    bytes_out      bigint       not null,
    frames_in      bigint       not null,
    frames_out     bigint       not null,
    constraint pk_session_history primary key (id)
);

create index ix_session_history_module on session_history (module_key, closed_at);
create index ix_session_history_closed on session_history (closed_at);
