package dev.dirsync.core.read;

import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.state.AppliedProjection;
import dev.dirsync.core.state.MirrorUser;
import org.jspecify.annotations.Nullable;

import java.util.Objects;

/**
 * A directory user as the mirror holds it, with what dirsync last applied to its host user.
 *
 * @param applied null until the user was first projected (or while the organization is in test mode or paused)
 */
public record UserView(MirrorUser user, @Nullable AppliedProjection applied) {
    public UserView {
        Objects.requireNonNull(user, "user");
    }

    public DirectoryUserKey key() {
        return user.key();
    }
}
