@NullMarked
package dev.dirsync.core.engine;

import org.jspecify.annotations.NullMarked;
