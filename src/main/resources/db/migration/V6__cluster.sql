-- Many replicas on one PostgreSQL (gateway.cluster.enabled). Portable SQL: runs on H2 too, where the tables stay
-- empty (a gateway on H2 runs alone).
-- Each replica: its id (the pod name), where other replicas reach its internal port, and how long its entries
-- live without a renewal. A replica past lease_until is dead: whichever live replica sees it first deletes it,
-- its presence rows, and releases its outbox claims.
create table replica (
    id            varchar(64)  not null,
    internal_uri  varchar(255) not null,
    lease_until   timestamp(6) with time zone not null,
    started_at    timestamp(6) with time zone not null,
    constraint pk_replica primary key (id)
);

-- Which replica holds the identified session of a module. One row per module: the last replica to write it
-- (commit order) holds the module, and the others close their sessions for the key.
create table module_presence (
    module_key  varchar(64) not null,
    session_id  varchar(36) not null,
    replica_id  varchar(64) not null,
    since       timestamp(6) with time zone not null,
    constraint pk_module_presence primary key (module_key)
);

-- A dead replica's rows are found and deleted by replica.
create index ix_module_presence_replica on module_presence (replica_id);

-- The replica whose delivery holds a message SENDING: at start a replica releases only its own claims and those
-- of replicas whose lease ran out, never a live replica's write in progress.
alter table outbox_message add column claimed_by varchar(64);
