@NullMarked
package dev.dirsync.core.state;

import org.jspecify.annotations.NullMarked;
