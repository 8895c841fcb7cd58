package dev.dirsync.core;

/** A settings write based on a version that is no longer current: nothing was changed. */
public final class SettingsVersionConflict extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final long expected;
    private final long current;

    public SettingsVersionConflict(String organizationId, long expected, long current) {
        super("the settings of organization " + organizationId + " changed meanwhile (version " + current
                + ", the change was based on " + expected + "): reload them and apply your change again");
        this.expected = expected;
        this.current = current;
    }

    public long expected() {
        return expected;
    }

    public long current() {
        return current;
    }
}
