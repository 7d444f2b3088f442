package dev.fleetgateway.simulator.web;

import dev.fleetgateway.system.Payloads;
import io.swagger.v3.oas.annotations.media.Schema;

/** Bodies and answers of the hand-driven usocket verbs. */
final class SocketRequests {

    private SocketRequests() {
    }

    /** Body of {@code POST .../send}. */
    @Schema(description = "Bytes to send, like socket.send(data)")
    record SendRequest(
            @Schema(description = "The bytes, written in the given encoding", example = "1234567890\r\n") String data,
            @Schema(description = "text (UTF-8), hex or base64", example = "text", defaultValue = "text") String encoding) {

        byte[] bytes(long maxBytes) {
            return Payloads.decode(data, Payloads.Encoding.parse(encoding, Payloads.Encoding.TEXT), maxBytes);
        }
    }

    /** Answer of {@code send}: the byte count once flushed. */
    @Schema(description = "What socket.send returned")
    record SendResult(@Schema(example = "12") int sent) {
    }

    /** Answer of {@code recv}. */
    @Schema(description = "What socket.recv returned; size 0 with eof means the peer closed (b'')")
    record RecvAnswer(@Schema(example = "10") int size, @Schema(example = "0123456789") String data,
            @Schema(example = "base64") String encoding, @Schema(description = "The peer closed") boolean eof) {
    }

    /** Body of {@code POST .../settimeout}. */
    @Schema(description = "socket.settimeout(seconds): null blocks, 0 is non-blocking")
    record TimeoutRequest(@Schema(example = "5.0") Double seconds) {
    }

    /** Body of {@code POST .../setblocking}. */
    @Schema(description = "socket.setblocking(flag)")
    record BlockingRequest(@Schema(example = "false") Boolean blocking) {
    }
}
