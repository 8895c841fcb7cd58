package dev.dirsync.examples.saas;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.jdbi.JdbiStateStore;
import dev.dirsync.servlet.DirsyncServlets;
import dev.dirsync.spring.boot.DirsyncAutoConfiguration;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Each published dirsync jar declares a stable {@code Automatic-Module-Name}, as a host on the module path sees it.
 * Reads the jars this application is built against, so it runs where they are packaged ({@code ./mvnw verify});
 * against class folders (a test-only build) there is no manifest to read.
 */
class PublishedJarsTest {

    @Test
    void everyPublishedJarDeclaresItsModuleName() throws Exception {
        Map<Class<?>, String> expected = new LinkedHashMap<>();
        expected.put(DirectorySync.class, "dev.dirsync.core");
        expected.put(JdbiStateStore.class, "dev.dirsync.jdbi");
        expected.put(DirsyncServlets.class, "dev.dirsync.servlet");
        expected.put(DirsyncAutoConfiguration.class, "dev.dirsync.spring.boot");
        for (Map.Entry<Class<?>, String> e : expected.entrySet()) {
            File location = new File(e.getKey().getProtectionDomain().getCodeSource().getLocation().toURI());
            assumeTrue(location.isFile(), "built from class folders, not jars: " + location);
            try (JarFile jar = new JarFile(location)) {
                assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
                        .as(location.getName()).isEqualTo(e.getValue());
            }
        }
    }
}
