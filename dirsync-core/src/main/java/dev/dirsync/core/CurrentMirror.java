package dev.dirsync.core;

import dev.dirsync.core.state.MirrorStore;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Objects;

/**
 * What a computed change sees inside its transaction: the organization's mirror, read-only, and the engine's
 * clock at that moment (the time of receipt, for event versions). Valid only during the computation.
 */
public record CurrentMirror(MirrorStore mirror, Instant now) {
    public CurrentMirror {
        Objects.requireNonNull(mirror, "mirror");
        Objects.requireNonNull(now, "now");
        mirror = readOnly(mirror); // computed changes reach the mirror only as events
    }

    /** A view of the mirror whose writes fail: computed changes reach the mirror only as events. */
    private static MirrorStore readOnly(MirrorStore mirror) {
        return (MirrorStore) Proxy.newProxyInstance(MirrorStore.class.getClassLoader(), new Class<?>[]{MirrorStore.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("put")) {
                        throw new UnsupportedOperationException("the mirror is read-only while computing events: "
                                + "return events instead of writing (" + method.getName() + ")");
                    }
                    try {
                        return method.invoke(mirror, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
