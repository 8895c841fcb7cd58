/** The Spring Boot SaaS example: its own users, sessions and API keys, kept in sync by dirsync. */
@NullMarked
package dev.dirsync.examples.saas;

import org.jspecify.annotations.NullMarked;
