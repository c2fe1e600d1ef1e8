package dev.perimeter.watch;

/**
 * The signal of a background loop: others wake it (new work), {@link #stop} ends it, and between rounds it waits until
 * woken, stopped or a time has passed. A wake while the loop is busy is kept for its next wait.
 */
final class LoopSignal {
    private final Object lock = new Object();
    private boolean woken; // guarded by lock
    private volatile boolean stopped;

    void wake() {
        synchronized (lock) {
            woken = true;
            lock.notifyAll();
        }
    }

    void stop() {
        stopped = true;
        wake();
    }

    boolean stopped() {
        return stopped;
    }

    /** Waits up to millis unless woken since the last wait; false when the thread was interrupted (the loop ends). */
    boolean await(long millis) {
        synchronized (lock) {
            if (!woken) {
                try {
                    lock.wait(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            woken = false;
            return true;
        }
    }
}
