package dev.dirsync.spring.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Binds {@code dirsync.*} to {@link DirsyncSettings}; all logic and defaults live there. */
@ConfigurationProperties(prefix = "dirsync")
public class DirsyncProperties extends DirsyncSettings {
}
