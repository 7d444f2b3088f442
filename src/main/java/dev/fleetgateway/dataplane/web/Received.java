package dev.fleetgateway.dataplane.web;

import java.util.List;

import dev.fleetgateway.session.RecvResult;

/**
 * What a recv got, member for member the REST port's {@code session.web.Received} (a feature's web types are its
 * own, so the shape is repeated here; DataPlaneIntegrationTests compares the two answers).
 */
record Received(String sessionId, int length, String data, String encoding, boolean eof, List<Part> frames) {

    /** A frame's share of {@code data}. */
    record Part(long seq, int length, boolean end) {

        static List<Part> of(List<RecvResult.Piece> pieces) {
            return pieces.stream().map(p -> new Part(p.seq(), p.length(), p.end())).toList();
        }
    }
}
