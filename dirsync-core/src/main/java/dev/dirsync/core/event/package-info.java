@NullMarked
package dev.dirsync.core.event;

import org.jspecify.annotations.NullMarked;
