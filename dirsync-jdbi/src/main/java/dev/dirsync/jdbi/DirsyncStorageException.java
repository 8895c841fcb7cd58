package dev.dirsync.jdbi;

/**
 * The state store could not do its work in the database (unreachable, schema not applicable, a statement
 * failed), so the host sees one dirsync type instead of a driver's or JDBI's.
 */
public class DirsyncStorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DirsyncStorageException(String message) {
        super(message);
    }

    public DirsyncStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
