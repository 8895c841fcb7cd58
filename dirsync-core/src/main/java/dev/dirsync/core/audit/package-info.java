@NullMarked
package dev.dirsync.core.audit;

import org.jspecify.annotations.NullMarked;
