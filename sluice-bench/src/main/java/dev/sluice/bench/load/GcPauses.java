package dev.sluice.bench.load;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/** This JVM's garbage collections so far: how many, and their accumulated time. */
public record GcPauses(long count, long millis) {

    public static GcPauses now() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new GcPauses(count, millis);
    }

    public GcPauses since(GcPauses earlier) {
        return new GcPauses(count - earlier.count, millis - earlier.millis);
    }
}
