@NullMarked
package dev.dirsync.core.policy;

import org.jspecify.annotations.NullMarked;
