package dev.fleetgateway.session;

import dev.fleetgateway.usocket.Errno;

/** The redial loop of a session the gateway dialled, told when its connection ends. */
interface Redial {

    /** The connection ended: dial again after a back-off, or finish the session. */
    void afterClose(CloseReason reason, Errno errno);

    /** The session is being closed on purpose: no more dials. */
    void cancel();
}
