@NullMarked
package dev.dirsync.core;

import org.jspecify.annotations.NullMarked;
