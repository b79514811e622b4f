package dev.sluice.client.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded hand-off between the thread that reads a stream and the one that consumes it. {@link
 * #put} blocks while the buffer is full, which stops the reader and so, through TCP flow control,
 * the server: that is the pull styles' backpressure. {@link #close} wakes everyone. Thread-safe.
 */
public final class BoundedBuffer<T> {
  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notFull = lock.newCondition();
  private final Condition notEmpty = lock.newCondition();
  // Guarded by lock.
  private final ArrayDeque<T> items;
  private boolean closed;

  public BoundedBuffer(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity < 1: " + capacity);
    this.capacity = capacity;
    this.items = new ArrayDeque<>(Math.min(capacity, 1024));
  }

  /** Adds {@code item}, waiting for room. Returns false, dropping it, if the buffer was closed. */
  public boolean put(T item) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (items.size() >= capacity && !closed) notFull.await();
      if (closed) return false;
      items.addLast(item);
      notEmpty.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Takes the oldest item without waiting, or null if there is none. */
  public T poll() {
    lock.lock();
    try {
      T item = items.pollFirst();
      if (item != null) notFull.signal();
      return item;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes the oldest item, waiting up to {@code timeout} for one. Returns null on timeout, or when
   * the buffer is closed and empty.
   */
  public T poll(Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lockInterruptibly();
    try {
      while (items.isEmpty() && !closed) {
        if (nanos <= 0) return null;
        nanos = notEmpty.awaitNanos(nanos);
      }
      T item = items.pollFirst();
      if (item != null) notFull.signal();
      return item;
    } finally {
      lock.unlock();
    }
  }

  /** Takes the oldest item, waiting for one; null once the buffer is closed and empty. */
  public T take() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (items.isEmpty() && !closed) notEmpty.await(1, TimeUnit.DAYS);
      T item = items.pollFirst();
      if (item != null) notFull.signal();
      return item;
    } finally {
      lock.unlock();
    }
  }

  /** Refuses further items and wakes all waiters; items already in stay takeable. */
  public void close() {
    lock.lock();
    try {
      closed = true;
      notFull.signalAll();
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Drops everything held and closes, for a consumer that has gone away. */
  public void clear() {
    lock.lock();
    try {
      items.clear();
      close();
    } finally {
      lock.unlock();
    }
  }

  public boolean isEmpty() {
    lock.lock();
    try {
      return items.isEmpty();
    } finally {
      lock.unlock();
    }
  }
}
