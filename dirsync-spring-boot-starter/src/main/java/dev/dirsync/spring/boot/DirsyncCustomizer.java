package dev.dirsync.spring.boot;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.workos.WorkosConfig;
import dev.dirsync.jdbi.JdbiStateStore;
import dev.dirsync.servlet.DirsyncServlets;

/**
 * Adjusts what {@code dirsync.*} properties cannot express (a clock, a dialect override, extra builder options).
 * Declare beans of this type; each is applied, in {@code @Order}, right before the corresponding {@code build()}.
 */
public interface DirsyncCustomizer {

    /** The engine's builder, after the SPI beans and state store were set. */
    default void customize(DirectorySync.Builder builder) {
    }

    /**
     * The state store's builder, after the storage properties were applied. Under Spring transactions (spring-jdbc
     * present) retries belong to the Spring transaction ({@code dirsync.storage.max-attempts}): a
     * {@code maxAttempts} set here is overridden.
     */
    default void customize(JdbiStateStore.Builder builder) {
    }

    /** The WorkOS source's configuration, after the workos properties were applied. */
    default void customize(WorkosConfig.Builder builder) {
    }

    /** The servlet mounts, after the paths, rate limits and enabled surfaces were applied. */
    default void customize(DirsyncServlets.Builder builder) {
    }
}
