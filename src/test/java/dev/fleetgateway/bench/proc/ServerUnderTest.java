package dev.fleetgateway.bench.proc;

/**
 * A server process a scenario runs against: the gateway or the raw-Netty baseline. Both speak the same module
 * protocol; their HTTP sides differ, so each says where its cheapest GET, its send and its counters are.
 */
public interface ServerUnderTest extends AutoCloseable {

    /** "baseline" or "gateway". */
    String name();

    String host();

    int modulePort();

    int httpPort();

    long pid();

    /** Milliseconds from process start to ready (module port listening, readiness UP for the gateway). */
    long startupMillis();

    /** Modules identified by their hello line since start. */
    long identified() throws Exception;

    /** Module connections the server holds open now. */
    long openSessions() throws Exception;

    /** Uplink frames received since start. */
    long framesIn() throws Exception;

    /** URL of the cheapest GET the server offers (for the REST rate yardstick). */
    String cheapGetUrl();

    /** URL to POST a downlink to the module with this key (resolving a session id where needed). */
    String sendUrl(String moduleKey) throws Exception;

    /** URL to POST a downlink addressed by module key (the gateway resolves it; the baseline has only this). */
    default String sendByKeyUrl(String moduleKey) throws Exception {
        return sendUrl(moduleKey);
    }

    /** URL of a non-blocking recv on a module with nothing buffered: answered 408 at once. */
    String noDataRecvUrl(String moduleKey) throws Exception;

    /** URL to POST a downlink to a module nobody knows: answered 404. */
    String unknownSendUrl();

    /** URL to POST a downlink to a registered module without a session (409), or null if there is none. */
    default String offlineSendUrl() throws Exception {
        return null;
    }

    /** URL of the cheapest GET on the REST port about one module (the gateway: its session resource). */
    default String cheapRestGetUrl(String moduleKey) throws Exception {
        return cheapGetUrl();
    }

    /** The same send by module key on the gateway's data-plane port (Netty HTTP); null where there is none. */
    default String dataPlaneSendByKeyUrl(String moduleKey) throws Exception {
        return null;
    }

    /** The send by session id on the data-plane port; null where there is none. */
    default String dataPlaneSendUrl(String moduleKey) throws Exception {
        return null;
    }

    /** The non-blocking recv with no data (408) on the data-plane port; null where there is none. */
    default String dataPlaneNoDataRecvUrl(String moduleKey) throws Exception {
        return null;
    }

    /** Body of a send of {@code text}. */
    String sendBody(String text);

    /** Content type of {@link #sendBody}. */
    String sendContentType();

    @Override
    void close();
}
