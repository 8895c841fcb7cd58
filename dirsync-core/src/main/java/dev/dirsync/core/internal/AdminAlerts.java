package dev.dirsync.core.internal;

import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.audit.AuditEntry;
import dev.dirsync.core.audit.AuditPage;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.audit.AuditSentence;
import dev.dirsync.core.model.Organization;
import dev.dirsync.core.read.SyncHealth;
import dev.dirsync.core.read.SyncHealth.Status;
import dev.dirsync.core.spi.AdminNotice;
import dev.dirsync.core.state.StateStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What an organization's admins are told outside the admin page: an alert when its sync turns stale or broken and
 * when it recovers (once per change, not on every check), and the optional daily summary of the previous UTC day's
 * changes in the audit log's sentences. What was sent is remembered in the checkpoints and decided under the
 * organization's lock ({@link Engine#notifyOnce}), so several instances running the same schedule send each notice
 * once. Like every notice, it is sent after commit: a failing {@code Notifier} loses it rather than repeat it.
 */
public final class AdminAlerts {
    private static final Logger log = LoggerFactory.getLogger(AdminAlerts.class);

    /** Checkpoint of the health status last told about: {@code STATUS|observedAt}. */
    static final String HEALTH_PREFIX = "alerts.health:";
    /** Checkpoint of the last UTC day summarized: {@code 2026-03-01}. */
    static final String SUMMARY_PREFIX = "alerts.summary:";
    /** Sentences in one daily summary at most; the rest are counted ("and 12 more"). */
    public static final int SUMMARY_SENTENCES = 50;
    private static final int PAGE = 500;
    private static final int MAX_KEY = 191;
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private final StateStore state;
    private final Engine engine;
    private final Supplier<Map<String, Status>> overview;
    private final Function<String, SyncHealth> health;

    /**
     * @param overview every organization's status in one pass
     * @param health one organization's full health (its reason and action), read only when its status changed
     */
    public AdminAlerts(StateStore state, Engine engine, Supplier<Map<String, Status>> overview,
                       Function<String, SyncHealth> health) {
        this.state = state;
        this.engine = engine;
        this.overview = overview;
        this.health = health;
    }

    // ------------------------------------------------------------ health alerts

    /** Compares every organization's health with the status last told about; alerts on a change. */
    public List<AdminNotice> checkHealth() {
        Map<String, Status> now = overview.get();
        Map<String, @Nullable Recorded> told = state.inTransaction(tx -> {
            Map<String, @Nullable Recorded> m = new HashMap<>();
            now.keySet().forEach(org -> m.put(org, tx.checkpoints().get(key(HEALTH_PREFIX, org))
                    .map(Recorded::parse).orElse(null)));
            return m;
        });
        List<AdminNotice> sent = new ArrayList<>();
        for (Map.Entry<String, Status> e : now.entrySet()) {
            String org = e.getKey();
            Recorded last = told.get(org);
            if (last != null && last.status() == e.getValue()) {
                continue;
            }
            try {
                sent.addAll(recordHealth(org, health.apply(org)));
            } catch (RuntimeException ex) { // one organization's failure does not silence the others
                log.warn("dirsync: could not check the health of organization {}; the next check retries", org, ex);
            }
        }
        return sent;
    }

    private List<AdminNotice> recordHealth(String org, SyncHealth h) {
        String key = key(HEALTH_PREFIX, org);
        return engine.notifyOnce(org, (o, cp) -> {
            Recorded last = cp.get(key).map(Recorded::parse).orElse(null);
            if (last != null && (last.status() == h.status() || last.observedAt().isAfter(h.checkedAt()))) {
                return List.of(); // told already, or another instance saw a newer state
            }
            cp.put(key, new Recorded(h.status(), h.checkedAt()).toString());
            AdminNotice.Kind kind = alertFor(last == null ? null : last.status(), h.status());
            return kind == null ? List.of() : List.of(new AdminNotice(org, kind, healthMessage(o, kind, h), null,
                    h.checkedAt()));
        });
    }

    /**
     * The alert a change of status deserves: turning stale or broken alerts (also when first seen so), returning to
     * healthy from either says it recovered; anything else (connected for the first time, every directory removed)
     * is not news an alert adds to.
     */
    static AdminNotice.@Nullable Kind alertFor(@Nullable Status previous, Status now) {
        if (previous == now) {
            return null;
        }
        return switch (now) {
            case STALE -> AdminNotice.Kind.SYNC_STALE;
            case BROKEN -> AdminNotice.Kind.SYNC_BROKEN;
            case HEALTHY -> previous == Status.STALE || previous == Status.BROKEN ? AdminNotice.Kind.SYNC_RECOVERED : null;
            case NOT_CONNECTED -> null;
        };
    }

    static String healthMessage(Organization o, AdminNotice.Kind kind, SyncHealth h) {
        String head = "Directory Sync for " + o.name();
        return switch (kind) {
            case SYNC_RECOVERED -> head + " is healthy again. " + h.reason();
            default -> head + " is " + h.status().code() + ": " + h.reason()
                    + (h.action().isEmpty() ? "" : " What to do: " + h.action());
        };
    }

    // ------------------------------------------------------------ daily summary

    /**
     * For each organization with the daily summary on, sends the changes of the UTC day before {@code now}'s, once:
     * nothing when it was summarized already (by this or another instance) or had no change.
     */
    public List<AdminNotice> sendDailySummaries(Instant now) {
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(1);
        List<Organization> wanting = state.inTransaction(tx -> tx.organizations().list()).stream()
                .filter(o -> o.settings().dailySummary()).toList();
        Map<String, Optional<String>> done = state.inTransaction(tx -> {
            Map<String, Optional<String>> m = new HashMap<>();
            wanting.forEach(o -> m.put(o.id(), tx.checkpoints().get(key(SUMMARY_PREFIX, o.id()))));
            return m;
        });
        List<AdminNotice> sent = new ArrayList<>();
        for (Organization o : wanting) {
            if (summarized(done.get(o.id()), day)) {
                continue;
            }
            try {
                String message = summary(o, day);
                String key = key(SUMMARY_PREFIX, o.id());
                sent.addAll(engine.notifyOnce(o.id(), (locked, cp) -> {
                    if (!locked.settings().dailySummary() || summarized(cp.get(key), day)) {
                        return List.of();
                    }
                    cp.put(key, day.toString());
                    return message == null ? List.of() : List.of(new AdminNotice(o.id(), AdminNotice.Kind.DAILY_SUMMARY,
                            message, null, now));
                }));
            } catch (RuntimeException ex) {
                log.warn("dirsync: could not send the daily summary of organization {}; the next run retries", o.id(), ex);
            }
        }
        return sent;
    }

    private static boolean summarized(@Nullable Optional<String> last, LocalDate day) {
        return last != null && last.isPresent() && !LocalDate.parse(last.get()).isBefore(day);
    }

    /**
     * The day's changes: a count per kind, then the first {@link #SUMMARY_SENTENCES} in the order they happened,
     * then how many more; null for a day without changes. Reads the day with the audit log's keyset paging, keeping
     * only the sentences it shows.
     */
    private @Nullable String summary(Organization o, LocalDate day) {
        Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        AuditQuery q = AuditQuery.of(o.id()).between(from, from.plus(java.time.Duration.ofDays(1)))
                .page(0, PAGE).withoutTotal();
        Deque<AuditEntry> earliest = new ArrayDeque<>(); // newest first: the earliest are read last
        Map<AuditAction, Long> counts = new EnumMap<>(AuditAction.class);
        long total = 0;
        String cursor = null;
        do {
            AuditQuery page = cursor == null ? q : q.after(cursor);
            AuditPage p = state.inTransaction(tx -> tx.audit().query(page));
            for (AuditEntry e : p.entries()) {
                total++;
                counts.merge(e.action(), 1L, Long::sum);
                earliest.addLast(e);
                if (earliest.size() > SUMMARY_SENTENCES) {
                    earliest.removeFirst();
                }
            }
            cursor = p.nextCursor();
        } while (cursor != null);
        return total == 0 ? null : summaryMessage(o.name(), day, counts, earliest.descendingIterator(), total);
    }

    static String summaryMessage(String organizationName, LocalDate day, Map<AuditAction, Long> counts,
                                 Iterator<AuditEntry> inOrder, long total) {
        StringBuilder b = new StringBuilder("Directory Sync for ").append(organizationName).append(" on ")
                .append(day).append(" (UTC): ").append(total).append(total == 1 ? " change" : " changes");
        List<String> kinds = new ArrayList<>();
        counts.forEach((a, n) -> kinds.add(AuditSentence.label(a) + ": " + n));
        b.append(" (").append(String.join(", ", kinds)).append(").");
        int shown = 0;
        while (inOrder.hasNext()) {
            AuditEntry e = inOrder.next();
            b.append("\n- ").append(HOUR.format(e.at())).append(' ').append(AuditSentence.of(e, null));
            shown++;
        }
        if (total > shown) {
            b.append("\n…and ").append(total - shown).append(" more in the audit log.");
        }
        return b.toString();
    }

    // ------------------------------------------------------------ checkpoints

    /** A checkpoint name within the column's 191 characters: a long organization id is hashed. */
    static String key(String prefix, String organizationId) {
        String k = prefix + organizationId;
        if (k.length() <= MAX_KEY) {
            return k;
        }
        try {
            return prefix + "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(organizationId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The status last told about, and when it was observed. */
    record Recorded(Status status, Instant observedAt) {
        static @Nullable Recorded parse(String v) {
            int bar = v.indexOf('|');
            try {
                return new Recorded(Status.valueOf(v.substring(0, bar)), Instant.parse(v.substring(bar + 1)));
            } catch (RuntimeException e) {
                return null; // unreadable: treated as never told, so the current status is told once
            }
        }

        @Override
        public String toString() {
            return status.name() + "|" + observedAt;
        }
    }
}
