@NullMarked
package dev.dirsync.core.model;

import org.jspecify.annotations.NullMarked;
