package io.dpsynth.model;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingGateTest {

    @Test
    void secondJobWaitsUntilTheFirstLeaseCloses() throws Exception {
        TrainingGate gate = new TrainingGate();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            TrainingLease first = gate.acquire(Duration.ZERO);
            CountDownLatch secondGranted = new CountDownLatch(1);
            Future<?> second = pool.submit(() -> {
                try (TrainingLease lease = gate.acquire(Duration.ofSeconds(30))) {
                    secondGranted.countDown();
                }
                return null;
            });
            awaitWaiting(gate, 1);
            assertFalse(secondGranted.await(200, TimeUnit.MILLISECONDS), "second job trained while the first held the lease");
            first.close();
            assertTrue(secondGranted.await(10, TimeUnit.SECONDS));
            second.get(10, TimeUnit.SECONDS);
            assertEquals(0, gate.waiting());
            assertFalse(gate.busy());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void waitingLongerThanMaxWaitTimesOut() throws Exception {
        TrainingGate gate = new TrainingGate();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (TrainingLease held = gate.acquire(Duration.ZERO)) {
            Future<?> other = pool.submit(() -> gate.acquire(Duration.ofMillis(100)));
            Exception e = assertThrows(Exception.class, () -> other.get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof TimeoutException, String.valueOf(e.getCause()));
            assertEquals(0, gate.waiting());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void leaseClosedTwiceReleasesOnceAndMayBeClosedByAnotherThread() throws Exception {
        TrainingGate gate = new TrainingGate();
        TrainingLease lease = gate.acquire(Duration.ZERO);
        Thread closer = new Thread(lease::close);
        closer.start();
        closer.join();
        lease.close();
        TrainingLease again = gate.acquire(Duration.ZERO);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            // Only one permit exists after the double close: a third job must still wait.
            Future<?> third = pool.submit(() -> gate.acquire(Duration.ofMillis(100)));
            assertThrows(Exception.class, () -> third.get(10, TimeUnit.SECONDS));
        } finally {
            again.close();
            pool.shutdownNow();
        }
    }

    @Test
    void theHoldingThreadCannotWaitForItself() throws Exception {
        TrainingGate gate = new TrainingGate();
        try (TrainingLease lease = gate.acquire(Duration.ZERO)) {
            assertThrows(IllegalStateException.class, () -> gate.acquire(Duration.ofSeconds(30)));
        }
    }

    @Test
    void oneGatePerJvm() {
        assertSame(TrainingGate.jvmWide(), TrainingGate.jvmWide());
    }

    static void awaitWaiting(TrainingGate gate, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (gate.waiting() != expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(expected, gate.waiting());
    }
}
