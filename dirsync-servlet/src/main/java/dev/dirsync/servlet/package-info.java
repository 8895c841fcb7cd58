/** Jakarta Servlet 6 adapter: webhook endpoint, admin JSON API, rate limiting. No framework types. */
@NullMarked
package dev.dirsync.servlet;

import org.jspecify.annotations.NullMarked;
