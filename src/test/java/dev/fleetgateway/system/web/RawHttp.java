package dev.fleetgateway.system.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP/1.1 over a plain socket on loopback, for requests no client library would send: malformed request lines,
 * odd methods, raw percent-encodings, oversized headers, chunked bodies of any size.
 */
final class RawHttp {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String NO_BODY = ":no-body";

    /** A response: status, lower-case header names, body. */
    record Response(int status, Map<String, String> headers, byte[] body) {

        String contentType() {
            return headers.getOrDefault("content-type", "");
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body as JSON, or null when it is not JSON. */
        JsonNode json() {
            try {
                return body.length == 0 ? null : JSON.readTree(body);
            } catch (RuntimeException e) {
                return null;
            }
        }

        boolean isProblem() {
            JsonNode j = json();
            return contentType().startsWith("application/problem+json") && j != null && j.has("type")
                    && j.has("title") && j.path("status").asInt() == status;
        }

        @Override
        public String toString() {
            String t = text();
            return status + " " + contentType() + " " + (t.length() > 300 ? t.substring(0, 300) + "…" : t);
        }
    }

    private RawHttp() {
    }

    /** The request head with the test admin key after its request line, unless it names an Authorization. */
    static String withKey(String head) {
        int eol = head.indexOf("\r\n");
        if (eol < 0 || head.toLowerCase(java.util.Locale.ROOT).contains("\r\nauthorization:")) {
            return head;
        }
        return head.substring(0, eol + 2) + "Authorization: " + dev.fleetgateway.support.Http.TEST_BEARER + "\r\n"
                + head.substring(eol + 2);
    }

    static Socket open(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(15_000);
        return s;
    }

    /** Sends the request head (and body) as given, on a new connection, and reads one response. */
    static Response exchange(int port, String head, byte[] body) throws IOException {
        head = withKey(head);
        try (Socket s = open(port)) {
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return read(s.getInputStream(), head.startsWith("HEAD "));
        }
    }

    static Response exchange(int port, String head) throws IOException {
        return exchange(port, head, null);
    }

    /** Reads one response from the stream. */
    static Response read(InputStream in, boolean headOnly) throws IOException {
        return readBody(in, readHead(in, headOnly));
    }

    /** Reads the status line and headers; the body is left empty (and unread). */
    static Response readHead(InputStream in, boolean headOnly) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
        }
        if (headOnly || status == 204 || status == 304) {
            headers.put(NO_BODY, "true");
        }
        return new Response(status, headers, new byte[0]);
    }

    /** Reads the body of a response whose head {@link #readHead} read. */
    static Response readBody(InputStream in, Response head) throws IOException {
        Map<String, String> headers = head.headers();
        if (headers.containsKey(NO_BODY)) {
            return head;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = chunkSize(line(in)); size > 0; size = chunkSize(line(in))) {
                body.write(in.readNBytes(size));
                line(in);
            }
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else {
            body.write(in.readAllBytes());
        }
        return new Response(head.status(), headers, body.toByteArray());
    }

    private static int chunkSize(String line) {
        if (line == null) {
            return 0;
        }
        int semi = line.indexOf(';');
        return Integer.parseInt((semi >= 0 ? line.substring(0, semi) : line).trim(), 16);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        if (c < 0 && b.size() == 0) {
            return null;
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
