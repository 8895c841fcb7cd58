package dev.dirsync.core.state;

import java.util.Optional;

/** Named cursors of sources (Events API {@code after}, bulk-import progress), so work resumes after a crash. */
public interface CheckpointStore {

    Optional<String> get(String name);

    void put(String name, String value);

    void remove(String name);
}
