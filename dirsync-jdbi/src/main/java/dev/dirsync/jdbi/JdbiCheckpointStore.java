package dev.dirsync.jdbi;

import dev.dirsync.core.state.CheckpointStore;

import java.util.List;
import java.util.Optional;

/** Named source cursors. */
final class JdbiCheckpointStore implements CheckpointStore {
    private static final List<String> KEY = List.of("name");
    private static final List<String> COLUMNS = List.of("name", "checkpoint_value");

    private final Repositories r;

    JdbiCheckpointStore(Repositories r) {
        this.r = r;
    }

    @Override
    public Optional<String> get(String name) {
        return r.handle.createQuery("SELECT checkpoint_value FROM " + r.t.checkpoints + " WHERE name = :n")
                .bind("n", name).mapTo(String.class).findOne();
    }

    @Override
    public void put(String name, String value) {
        r.handle.createUpdate(r.dialect.upsert(r.t.checkpoints, KEY, COLUMNS))
                .bind("name", name).bind("checkpoint_value", value).execute();
    }

    @Override
    public void remove(String name) {
        r.handle.createUpdate("DELETE FROM " + r.t.checkpoints + " WHERE name = :n").bind("n", name).execute();
    }
}
