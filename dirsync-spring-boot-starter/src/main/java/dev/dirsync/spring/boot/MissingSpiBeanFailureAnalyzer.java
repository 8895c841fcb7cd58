package dev.dirsync.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a missing SPI bean as a short "APPLICATION FAILED TO START" report instead of a stack trace. */
final class MissingSpiBeanFailureAnalyzer extends AbstractFailureAnalyzer<MissingSpiBeanException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MissingSpiBeanException cause) {
        return new FailureAnalysis("dirsync cannot start without: " + String.join(", ", cause.missing()),
                cause.getMessage() + "\nOr set dirsync.enabled=false to leave dirsync out.", cause);
    }
}
