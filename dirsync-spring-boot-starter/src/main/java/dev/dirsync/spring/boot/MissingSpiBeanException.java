package dev.dirsync.spring.boot;

import java.util.List;

/** Startup failure: the application lacks a bean dirsync needs; the message names each one and how to provide it. */
public final class MissingSpiBeanException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final List<String> missing;

    public MissingSpiBeanException(List<String> missing, List<String> instructions) {
        super(String.join("\n", instructions));
        this.missing = List.copyOf(missing);
    }

    /** Simple names of the missing SPI types, e.g. {@code UserStore}. */
    public List<String> missing() {
        return missing;
    }
}
