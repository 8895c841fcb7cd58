package dev.dirsync.servlet.noworkos;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN.md promises that a direct-SCIM host can exclude com.workos:workos (13 jars with the Kotlin runtime):
 * this runs such a host in a class loader whose class path lacks them.
 */
class WithoutWorkosJarTest {

    @Test
    void aScimOnlyHostRunsWithoutWorkosJavaAndKotlin() throws Exception {
        List<URL> urls = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String p = entry.replace('\\', '/');
            if (p.contains("/com/workos/") || p.contains("/org/jetbrains/kotlin") || p.contains("/kotlinx-")) {
                dropped.add(p);
                continue;
            }
            urls.add(new File(entry).toURI().toURL());
        }
        assertThat(dropped).as("the test must actually remove workos-java").anyMatch(p -> p.contains("/com/workos/"));
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            assertThat(loader.getResource("com/workos/WorkOS.class")).isNull();
            @SuppressWarnings("unchecked")
            Supplier<String> host = (Supplier<String>) loader.loadClass(ScimOnlyHost.class.getName())
                    .getDeclaredConstructor().newInstance();
            Thread t = Thread.currentThread();
            ClassLoader previous = t.getContextClassLoader();
            t.setContextClassLoader(loader);
            try {
                assertThat(host.get()).isEqualTo("201 200 200 1 listed");
            } finally {
                t.setContextClassLoader(previous);
            }
        }
    }
}
