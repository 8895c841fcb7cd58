/** Spring Boot auto-configuration of dirsync: engine, storage, WorkOS source, servlets, health and metrics. */
@NullMarked
package dev.dirsync.spring.boot;

import org.jspecify.annotations.NullMarked;
