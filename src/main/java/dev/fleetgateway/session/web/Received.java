package dev.fleetgateway.session.web;

import java.util.List;

import dev.fleetgateway.session.RecvResult;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What a recv got. {@code eof} with length 0: the session is closed and drained. {@code data} is the bytes as they
 * came, frames joined; {@code frames} says where each frame lies in it.
 */
@Schema(description = "Bytes a recv took; frames shows where the frames they were cut from begin and end")
record Received(String sessionId, int length, String data, String encoding, boolean eof,
        @Schema(description = "The frames in data, in order: their lengths add up to length. A frame cut by max "
                + "has end=false; its rest opens the next recv under the same seq") List<Part> frames) {

    /** A frame's share of {@code data}: all of it, or the piece {@code max} let through. */
    record Part(@Schema(example = "3") long seq, @Schema(example = "5") int length,
            @Schema(description = "the frame's last byte is in this answer") boolean end) {

        static List<Part> of(List<RecvResult.Piece> pieces) {
            return pieces.stream().map(p -> new Part(p.seq(), p.length(), p.end())).toList();
        }
    }
}
