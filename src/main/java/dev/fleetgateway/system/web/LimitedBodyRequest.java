package dev.fleetgateway.system.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import dev.fleetgateway.system.FleetException;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A request whose body stream fails once more than {@code limit} bytes have been read, so a body is bounded while
 * it is read whatever its framing. The failure is a {@link FleetException} of kind {@code TOO_LARGE} (a 413
 * problem); a parser that wraps it keeps it as a cause, which the advice finds.
 */
final class LimitedBodyRequest extends HttpServletRequestWrapper {

    private final long limit;
    private final Supplier<FleetException> tooLarge;
    private ServletInputStream stream;
    private BufferedReader reader;

    LimitedBodyRequest(HttpServletRequest request, long limit, Supplier<FleetException> tooLarge) {
        super(request);
        this.limit = limit;
        this.tooLarge = tooLarge;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (stream == null) {
            stream = new Counting(super.getInputStream());
        }
        return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
        if (reader == null) {
            String enc = getCharacterEncoding();
            Charset cs = enc != null ? Charset.forName(enc) : StandardCharsets.UTF_8;
            reader = new BufferedReader(new InputStreamReader(getInputStream(), cs));
        }
        return reader;
    }

    private final class Counting extends ServletInputStream {

        private final ServletInputStream in;
        private long count;

        Counting(ServletInputStream in) {
            this.in = in;
        }

        private int counted(int n) {
            if (n > 0) {
                count += n;
                if (count > limit) {
                    throw tooLarge.get();
                }
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            // never ask for more than one byte past the limit, so the failure comes before the buffer grows
            long room = limit - count + 1;
            return counted(in.read(b, off, (int) Math.min(len, Math.max(1, room))));
        }

        // ClientWatch asks whether a waiting long-poll's client has gone by what Tomcat can read without blocking.
        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
