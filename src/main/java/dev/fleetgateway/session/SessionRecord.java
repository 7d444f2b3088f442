package dev.fleetgateway.session;

import java.time.Instant;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.fleetgateway.system.AssignedIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A finished session as kept in the history table. Written once, never updated; it tells Spring Data that
 * it is new so that saving it is an insert (batchable), not a merge that selects by id first.
 */
@Entity
@Table(name = "session_history")
class SessionRecord extends AssignedIdEntity<String> {

    @Id
    @Column(length = 36)
    private String id;

    @Column(name = "module_key", length = 64)
    private String moduleKey;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 16)
    private Direction direction;

    @Column(name = "remote_address", length = 128)
    private String remoteAddress;

    @Column(name = "local_address", length = 128)
    private String localAddress;

    @Column(name = "opened_at")
    private Instant openedAt;

    @Column(name = "closed_at", nullable = false)
    private Instant closedAt;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "close_reason", nullable = false, length = 32)
    private CloseReason closeReason;

    @Column(name = "errno")
    private Integer errno;

    @Column(name = "bytes_in", nullable = false)
    private long bytesIn;

    @Column(name = "bytes_out", nullable = false)
    private long bytesOut;

    @Column(name = "frames_in", nullable = false)
    private long framesIn;

    @Column(name = "frames_out", nullable = false)
    private long framesOut;

    protected SessionRecord() {
    }

    static SessionRecord of(ModuleSession s) {
        SessionRecord r = new SessionRecord();
        r.id = s.id();
        r.moduleKey = s.moduleKey();
        r.direction = s.direction();
        r.remoteAddress = s.remoteAddress();
        r.localAddress = s.localAddress();
        r.openedAt = s.openedAt();
        r.closedAt = s.closedAt() != null ? s.closedAt() : Instant.now();
        r.closeReason = s.closeReason() != null ? s.closeReason() : CloseReason.ERROR;
        r.errno = s.errno() == null ? null : s.errno().code();
        SessionStats stats = s.stats();
        r.bytesIn = stats.bytesIn();
        r.bytesOut = stats.bytesOut();
        r.framesIn = stats.framesIn();
        r.framesOut = stats.framesOut();
        return r;
    }

    @Override
    public String getId() {
        return id;
    }

    String getModuleKey() {
        return moduleKey;
    }

    Direction getDirection() {
        return direction;
    }

    String getRemoteAddress() {
        return remoteAddress;
    }

    String getLocalAddress() {
        return localAddress;
    }

    Instant getOpenedAt() {
        return openedAt;
    }

    Instant getClosedAt() {
        return closedAt;
    }

    CloseReason getCloseReason() {
        return closeReason;
    }

    Integer getErrno() {
        return errno;
    }

    long getBytesIn() {
        return bytesIn;
    }

    long getBytesOut() {
        return bytesOut;
    }

    long getFramesIn() {
        return framesIn;
    }

    long getFramesOut() {
        return framesOut;
    }
}
