package dev.fleetgateway.session;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/** A session as the API shows it. */
@Schema(description = "A module session")
public record SessionView(
        String id,
        Direction direction,
        String moduleKey,
        SessionState state,
        @Schema(description = "What usocket.getsocketsta() would report: 0 CLOSED, 2 SYN_SENT, 4 ESTABLISHED, "
                + "5 FIN_WAIT_1, -1 after close") int tcpState,
        String remoteAddress,
        String localAddress,
        Instant openedAt,
        Instant closedAt,
        CloseReason closeReason,
        @Schema(description = "usocket errno of the error that ended the session or failed the last dial") Integer errno,
        @Schema(description = "Dial attempts (outbound)") Integer connectAttempts,
        @Schema(description = "When the next dial happens while backing off (outbound)") Instant nextAttemptAt,
        SessionStats stats,
        @Schema(description = "Bytes sent to this session and not yet taken by its socket (null when not connected)")
        Long pendingOutboundBytes,
        @Schema(description = "false while the module is not reading (sends answer 503, queue=true queues); null "
                + "when not connected") Boolean writable,
        @Schema(description = "true when served from the history table (the session left the live table)")
        boolean historical) {

    public static SessionView of(ModuleSession s) {
        return new SessionView(s.id(), s.direction(), s.moduleKey(), s.state(), s.state().tcpState(),
                s.remoteAddress(), s.localAddress(), s.openedAt(), s.closedAt(), s.closeReason(),
                s.errno() == null ? null : s.errno().code(), s.connectAttempts(),
                s.nextAttemptAt(), s.stats(), s.writable() == null ? null : s.pendingOutboundBytes(), s.writable(),
                false);
    }

    static SessionView of(SessionRecord r) {
        SessionStats stats = new SessionStats(r.getBytesIn(), r.getBytesOut(), r.getFramesIn(), r.getFramesOut(),
                0, 0, r.getFramesIn(), 0, 0, false, r.getClosedAt());
        return new SessionView(r.getId(), r.getDirection(), r.getModuleKey(), SessionState.CLOSED,
                SessionState.CLOSED.tcpState(), r.getRemoteAddress(), r.getLocalAddress(), r.getOpenedAt(),
                r.getClosedAt(), r.getCloseReason(), r.getErrno(), null, null, stats, null, null, true);
    }
}
