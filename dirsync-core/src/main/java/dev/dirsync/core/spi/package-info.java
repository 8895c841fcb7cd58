@NullMarked
package dev.dirsync.core.spi;

import org.jspecify.annotations.NullMarked;
