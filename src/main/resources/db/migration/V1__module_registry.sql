-- Module registry. Portable SQL: runs on H2 and PostgreSQL.
create table fleet_module (
    id           uuid         not null,
    module_key   varchar(64)  not null,
    name         varchar(128),
    kind         varchar(16)  not null,
    created_at   timestamp(6) with time zone not null,
    last_seen_at timestamp(6) with time zone,
    version      bigint       not null,
    constraint pk_fleet_module primary key (id),
    constraint uk_fleet_module_key unique (module_key)
);

create index ix_fleet_module_kind on fleet_module (kind);

create table fleet_module_label (
    module_id   uuid         not null,
    label_key   varchar(63)  not null,
    label_value varchar(255) not null,
    constraint pk_fleet_module_label primary key (module_id, label_key),
    constraint fk_fleet_module_label_module foreign key (module_id) references fleet_module (id) on delete cascade
);

create index ix_fleet_module_label_kv on fleet_module_label (label_key, label_value);
