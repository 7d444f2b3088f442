package dev.fleetgateway.system.web;

/**
 * Something that holds requests open until told otherwise (event streams, relayed streams): {@link StreamShutdown}
 * ends them before the web server's graceful shutdown, which would otherwise wait for them to its timeout.
 */
public interface EndsBeforeShutdown {

    /** Ends every open stream (each client sees its response end); new ones may be refused until reopened. */
    void endStreams();

    /** Takes new streams again: the application starts, or a stopped context starts once more. */
    default void reopenStreams() {
    }
}
