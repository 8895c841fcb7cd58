package dev.dirsync.servlet;

import dev.dirsync.core.audit.AuditEntry;
import dev.dirsync.core.audit.AuditPage;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.read.DirectoryView;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Provisioning activity of the last 7 days, per hour: changes applied and changes refused (the sole-admin guard's
 * refusals, the only failures the audit log records). Counted from the audit log a keyset page at a time,
 * newest first, reading at most {@link #MAX_ENTRIES} entries; past that the chart says it shows only the newest.
 */
final class ActivityChart {
    static final int DAYS = 7;
    static final int HOURS = DAYS * 24;
    /** The most audit entries one overview reads for the chart (ten keyset pages). */
    static final int MAX_ENTRIES = 10 * AuditQuery.MAX_LIMIT;

    final int[] events = new int[HOURS];
    final int[] refused = new int[HOURS];
    final Instant start;
    long total;
    long totalRefused;
    boolean truncated;

    private ActivityChart(Instant start) {
        this.start = start;
    }

    /** @param now the end of the window (the store's clock, from the health read) */
    static ActivityChart of(DirectoryView view, String organizationId, Instant now) {
        Instant end = now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        ActivityChart c = new ActivityChart(end.minus(Duration.ofHours(HOURS)));
        AuditQuery q = AuditQuery.of(organizationId).between(c.start, end).page(0, AuditQuery.MAX_LIMIT).withoutTotal();
        int read = 0;
        for (AuditPage page = view.audit(q); ; page = view.audit(q.after(page.nextCursor()))) {
            for (AuditEntry e : page.entries()) {
                int h = (int) Duration.between(c.start, e.at()).toHours();
                if (h >= 0 && h < HOURS) {
                    c.events[h]++;
                    c.total++;
                    if (AuditText.refused(e.action())) {
                        c.refused[h]++;
                        c.totalRefused++;
                    }
                }
            }
            read += page.entries().size();
            if (page.nextCursor() == null) {
                break;
            }
            if (read >= MAX_ENTRIES) {
                c.truncated = true;
                break;
            }
        }
        return c;
    }

    /** Without script the labels stay in UTC and say so; the page's script rewrites them in the admin's zone. */
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    /** An inline SVG (no script, no style attribute: the page's CSP allows neither) with a text summary. */
    String svg() {
        int max = 1;
        for (int v : events) {
            max = Math.max(max, v);
        }
        int w = 5;
        int height = 120;
        int top = 8;
        StringBuilder b = new StringBuilder("<figure class=\"chart\"><svg id=\"activity\" viewBox=\"0 0 ")
                .append(HOURS * w).append(" ").append(height + 22).append("\" preserveAspectRatio=\"none\" role=\"img\" "
                        + "aria-labelledby=\"activity-title activity-desc\"><title id=\"activity-title\">Changes per hour, "
                        + "last 7 days</title><desc id=\"activity-desc\">").append(summary()).append("</desc>");
        for (int d = 0; d <= DAYS; d++) {
            int x = d * 24 * w;
            b.append("<line x1=\"").append(x).append("\" x2=\"").append(x).append("\" y1=\"0\" y2=\"").append(height + top)
                    .append("\" stroke=\"#d5dae3\" stroke-width=\"1\"/>");
            if (d < DAYS) {
                Instant at = start.plus(Duration.ofDays(d));
                b.append("<text class=\"day\" data-at=\"").append(at).append("\" x=\"").append(x + 4).append("\" y=\"")
                        .append(height + top + 12).append("\" font-size=\"10\" fill=\"#4a5466\">").append(DAY.format(at))
                        .append("</text>");
            }
        }
        for (int h = 0; h < HOURS; h++) {
            if (events[h] > 0) {
                int bh = Math.max(2, events[h] * height / max);
                b.append("<rect class=\"bar\" x=\"").append(h * w).append("\" y=\"").append(top + height - bh)
                        .append("\" width=\"").append(w - 1).append("\" height=\"").append(bh).append("\" fill=\"#2f5bea\">"
                                + "<title>").append(events[h]).append(" change(s) from ").append(start.plus(Duration.ofHours(h)))
                        .append("</title></rect>");
            }
            if (refused[h] > 0) {
                int bh = Math.max(3, refused[h] * height / max);
                b.append("<rect class=\"refused\" x=\"").append(h * w).append("\" y=\"").append(top + height - bh)
                        .append("\" width=\"").append(w - 1).append("\" height=\"").append(bh).append("\" fill=\"#b42318\">"
                                + "<title>").append(refused[h]).append(" refused from ").append(start.plus(Duration.ofHours(h)))
                        .append("</title></rect>");
            }
        }
        b.append("</svg><figcaption><span class=\"key changes\"></span> changes <span class=\"key refused\"></span> refused "
                + "(last-admin guard) · <span id=\"activity-summary\">").append(summary()).append("</span></figcaption></figure>");
        return b.toString();
    }

    String summary() {
        return total + (total == 1 ? " change" : " changes") + " in the last 7 days, " + totalRefused + " refused"
                + (truncated ? " (counting the newest " + MAX_ENTRIES + " only)" : "") + ".";
    }
}
