package dev.ferry.family;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class ServerContextTest {
    /** More key types than a fresh hash table has bins (16), so some certainly share one. */
    private static final List<Class<?>> TYPES = List.of(java.util.ArrayList.class, java.util.HashMap.class,
            java.util.TreeMap.class, java.util.LinkedList.class, java.util.HashSet.class, java.util.LinkedHashMap.class,
            java.util.ArrayDeque.class, java.util.TreeSet.class, java.util.Vector.class, java.util.Stack.class,
            java.util.LinkedHashSet.class, java.util.WeakHashMap.class, java.util.IdentityHashMap.class,
            java.util.concurrent.ConcurrentLinkedQueue.class, java.util.concurrent.CopyOnWriteArrayList.class,
            java.util.concurrent.ConcurrentSkipListMap.class, java.util.PriorityQueue.class, java.util.BitSet.class,
            java.util.Hashtable.class, StringBuilder.class, StringBuffer.class, Object.class);

    /**
     * A family's shared state may be made from other shared state (Falco's meters from its wanted
     * list): here each of 22 types is made while making the previous one, so every creation is in
     * progress at once, as a nested computeIfAbsent on one map cannot do.
     */
    @Test
    void sharedStateMayBeMadeWhileMakingOtherSharedState() {
        ServerContext context = new ServerContext(null, null, null);
        List<Object> made = new ArrayList<>();
        Object first = make(context, 0, made);
        assertEquals(TYPES.size(), made.size());
        assertSame(first, context.shared(ArrayList.class, ArrayList::new), "made once, then shared");
        for (int i = 0; i < TYPES.size(); i++) assertSame(made.get(i), shared(context, i));
    }

    private static Object make(ServerContext context, int i, List<Object> made) {
        @SuppressWarnings("unchecked") Class<Object> type = (Class<Object>) TYPES.get(i);
        return context.shared(type, () -> {
            if (i + 1 < TYPES.size()) make(context, i + 1, made);
            Object instance = newInstance(type);
            made.add(0, instance);
            return instance;
        });
    }

    private static Object shared(ServerContext context, int i) {
        @SuppressWarnings("unchecked") Class<Object> type = (Class<Object>) TYPES.get(i);
        return context.shared(type, () -> newInstance(type));
    }

    private static Object newInstance(Class<?> type) {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
