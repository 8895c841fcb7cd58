/** The plain Jetty example: dirsync without Spring. */
@NullMarked
package dev.dirsync.examples.jetty;

import org.jspecify.annotations.NullMarked;
