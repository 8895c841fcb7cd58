@NullMarked
package dev.dirsync.core.state.memory;

import org.jspecify.annotations.NullMarked;
