package dev.fleetgateway.session;

/**
 * When a receive buffer pauses its socket (BACKPRESSURE) and when it may resume. It pauses at its own capacity or
 * when the shared budget is spent; it resumes once half the capacity is free again (hysteresis) and the budget is
 * under its low-water mark, parking in the budget to be woken while only the budget holds it back. Guarded by the
 * buffer's lock; the buffer tells its listener, outside the lock.
 */
final class BufferPause {

    private final long capacity;
    private final BufferBudget budget;
    private final BufferBudget.Parked onRoom;
    private boolean paused;
    /** Waiting in the shared budget for room. */
    private boolean parked;

    BufferPause(long capacity, BufferBudget budget, BufferBudget.Parked onRoom) {
        this.capacity = capacity;
        this.budget = budget;
        this.onRoom = onRoom;
    }

    /**
     * The shared budget is spent and the buffer holds more than the floor every session keeps (so reading one
     * session always makes progress, whatever other sessions hold).
     */
    boolean overBudget(long footprint) {
        return budget.exhausted() && footprint > budget.floor();
    }

    /** After an append; true when the socket must pause now. */
    boolean pauseAfterAppend(long footprint) {
        if (paused || (footprint < capacity && !overBudget(footprint))) {
            return false;
        }
        paused = true;
        if (overBudget(footprint)) {
            parked = true;
            budget.park(onRoom);
        }
        return true;
    }

    /** After frames were freed (or the budget woke a parked buffer); true when the socket may resume now. */
    boolean mayResume(long footprint) {
        if (!paused || footprint > capacity / 2) {
            return false;
        }
        if (footprint > budget.floor() && budget.aboveLowWater()) {
            if (!parked) {
                parked = true;
                budget.park(onRoom);
            }
            return false;
        }
        paused = false;
        return true;
    }

    /** The budget woke this buffer; true when the socket may resume now. */
    boolean roomCame(long footprint) {
        parked = false;
        return mayResume(footprint);
    }

    boolean isPaused() {
        return paused;
    }
}
