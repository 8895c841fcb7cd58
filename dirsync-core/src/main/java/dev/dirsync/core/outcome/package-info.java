@NullMarked
package dev.dirsync.core.outcome;

import org.jspecify.annotations.NullMarked;
