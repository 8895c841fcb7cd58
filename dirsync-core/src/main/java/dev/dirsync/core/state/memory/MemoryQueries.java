package dev.dirsync.core.state.memory;

import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.read.DirectoryCounts;
import dev.dirsync.core.read.GroupQuery;
import dev.dirsync.core.read.GroupView;
import dev.dirsync.core.read.Page;
import dev.dirsync.core.read.UserQuery;
import dev.dirsync.core.read.UserTerm;
import dev.dirsync.core.read.UserView;
import dev.dirsync.core.state.AppliedProjection;
import dev.dirsync.core.state.MirrorGroup;
import dev.dirsync.core.state.MirrorUser;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The read model's filters and orderings over values in memory; the in-memory store's answer to
 * {@link dev.dirsync.core.state.DirectoryQueries}, and the meaning the SQL stores must match.
 */
final class MemoryQueries {
    private MemoryQueries() {
    }

    static final Comparator<UserView> BY_KEY = Comparator.comparing((UserView v) -> v.key().directoryId())
            .thenComparing(v -> v.key().userId());

    static String emailLower(MirrorUser u) {
        return u.user().primaryEmail().orElse("").toLowerCase(Locale.ROOT);
    }

    static String nameLower(MirrorUser u) {
        return u.user().displayName().toLowerCase(Locale.ROOT);
    }

    static Page<UserView> users(Stream<MirrorUser> users, Function<DirectoryUserKey, AppliedProjection> applied,
                                Function<DirectoryUserKey, Set<String>> groupIds, UserQuery q) {
        Stream<UserView> s = users
                .filter(u -> q.includeDeleted() || !u.deleted())
                .filter(u -> q.directoryId() == null || q.directoryId().equals(u.user().directoryId()))
                .filter(u -> q.userName() == null || u.user().normalizedUserName().equals(q.userName().toLowerCase(Locale.ROOT)))
                .filter(u -> q.idpId() == null || q.idpId().equals(u.user().idpId()))
                .filter(u -> q.text() == null || emailLower(u).contains(q.text()) || nameLower(u).contains(q.text())
                        || u.user().normalizedUserName().contains(q.text()))
                .filter(u -> q.terms().stream().allMatch(t -> holds(t, u)))
                .filter(u -> q.groupId() == null || groupIds.apply(u.key()).contains(q.groupId()))
                .map(u -> new UserView(u, applied.apply(u.key())))
                .filter(v -> q.projected() == null || q.projected() == (v.applied() != null))
                .filter(v -> q.appliedStatus() == null
                        || (v.applied() != null && v.applied().projection().status() == q.appliedStatus()));
        if (q.after() != null) {
            DirectoryUserKey a = q.after();
            s = s.filter(v -> BY_KEY.compare(v, new UserView(keyOnly(a), null)) > 0);
        }
        Comparator<UserView> order = switch (q.sort()) {
            case ID -> BY_KEY;
            case EMAIL -> Comparator.comparing((UserView v) -> emailLower(v.user())).thenComparing(BY_KEY);
            case NAME -> Comparator.comparing((UserView v) -> nameLower(v.user())).thenComparing(BY_KEY);
        };
        if (q.descending()) {
            order = order.reversed();
        }
        List<UserView> all = s.sorted(order).toList();
        return new Page<>(all.stream().skip(q.offset()).limit(q.limit()).toList(), all.size(), q.offset(), q.limit());
    }

    /** What a condition means; the SQL stores compare the same lower-cased copies. */
    static boolean holds(UserTerm t, MirrorUser u) {
        if (t instanceof UserTerm.Text x && x.field() == UserTerm.Field.ANY_EMAIL) {
            return u.user().emails().stream().anyMatch(e -> holds(new UserTerm.Text(UserTerm.Field.EMAIL, x.match(),
                    x.value()), e.value().toLowerCase(Locale.ROOT)));
        }
        if (t instanceof UserTerm.Text x) {
            String v = switch (x.field()) {
                case USER_NAME -> u.user().normalizedUserName();
                case EMAIL -> emailLower(u);
                case TITLE -> u.user().title() == null ? null : u.user().title().toLowerCase(Locale.ROOT);
                case IDP_ID -> u.user().idpId();
                case ANY_EMAIL -> throw new IllegalStateException("above");
            };
            return holds(x, v);
        }
        if (t instanceof UserTerm.Active a) {
            return u.user().active() == a.active();
        }
        UserTerm.Modified m = (UserTerm.Modified) t;
        return m.comparison().holds(u.version().time().compareTo(m.at()));
    }

    private static boolean holds(UserTerm.Text x, String v) {
        return v != null && switch (x.match()) {
            case EQ -> v.equals(x.value());
            case STARTS_WITH -> v.startsWith(x.value());
            case CONTAINS -> v.contains(x.value());
        };
    }

    private static MirrorUser keyOnly(DirectoryUserKey k) {
        return new MirrorUser(k.organizationId(), dev.dirsync.core.model.DirectoryUser.builder(k.userId(), k.directoryId())
                .build(), new dev.dirsync.core.model.SourceVersion(java.time.Instant.EPOCH, ""), false);
    }

    static Page<GroupView> groups(Stream<MirrorGroup> groups, Function<MirrorGroup, Long> memberCount, GroupQuery q) {
        List<MirrorGroup> all = groups
                .filter(g -> q.includeDeleted() || !g.deleted())
                .filter(g -> q.directoryId() == null || q.directoryId().equals(g.group().directoryId()))
                .filter(g -> q.displayName() == null || q.displayName().equals(g.group().displayName()))
                .filter(g -> q.text() == null || g.group().displayName().toLowerCase(Locale.ROOT).contains(q.text()))
                .sorted(Comparator.comparing((MirrorGroup g) -> g.group().displayName().toLowerCase(Locale.ROOT))
                        .thenComparing(g -> g.group().directoryId()).thenComparing(g -> g.group().id()))
                .toList();
        List<GroupView> page = all.stream().skip(q.offset()).limit(q.limit())
                .map(g -> new GroupView(g, memberCount.apply(g))).toList();
        return new Page<>(page, all.size(), q.offset(), q.limit());
    }

    static DirectoryCounts counts(List<MirrorUser> users, List<MirrorGroup> groups, List<AppliedProjection> applied,
                                  long memberships) {
        long live = users.stream().filter(u -> !u.deleted()).count();
        long active = users.stream().filter(u -> !u.deleted() && u.user().active()).count();
        long liveGroups = groups.stream().filter(g -> !g.deleted()).count();
        long guarded = applied.stream().filter(a -> a.blocked() != null).count();
        return new DirectoryCounts(live, active, users.size() - live, liveGroups, applied.size(), guarded, memberships);
    }
}
