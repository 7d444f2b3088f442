package dev.fleetgateway.system;

import org.springframework.data.domain.Persistable;

import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Transient;

/**
 * An entity whose id is assigned in Java before it is saved. Spring Data would take such an entity for an
 * existing row and {@code merge} it (a select before every insert, and no JDBC insert batching); this tells it
 * apart: new until persisted or loaded.
 */
@MappedSuperclass
public abstract class AssignedIdEntity<ID> implements Persistable<ID> {

    @Transient
    private boolean isNew = true;

    @Override
    public boolean isNew() {
        return isNew;
    }

    @PostLoad
    @PostPersist
    void markStored() {
        isNew = false;
    }
}
