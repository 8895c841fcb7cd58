package dev.dirsync.core.policy;

import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognizes values shaped like secrets and national or payment identifiers anywhere inside a string, precisely
 * enough that ordinary values (employee numbers, phone numbers, dates, long order ids, opaque directory ids) pass.
 * Used on attribute values before they are stored and on text before it is logged.
 */
final class SensitiveValues {
    private SensitiveValues() {
    }

    /** A shape and what to call it in an audit entry. */
    private record Shape(String kind, Pattern pattern, boolean luhn) {
    }

    // a token starts at a boundary: not right after a letter, digit, '_' or '-'
    private static final String START = "(?<![A-Za-z0-9_-])";
    private static final String END = "(?![A-Za-z0-9_-])";

    private static final List<Shape> SHAPES = List.of(
            // separators required and consistent: bare 9-digit employee numbers are common and not flagged
            new Shape("an SSN", Pattern.compile("(?<![\\d-])(?!000|666|9\\d\\d)\\d{3}([- ])(?!00)\\d{2}\\1(?!0000)\\d{4}(?![\\d-])"),
                    false),
            // 13-19 digits, optionally grouped, issuer digit 2-6, Luhn-valid (checked below); a whole token, so the
            // digit runs of a UUID or another hyphenated id (joined by its hyphens, ~1 in 10 random UUIDs) are not one
            new Shape("a payment card number", Pattern.compile(START + "[2-6](?:[ -]?\\d){12,18}" + END), true),
            // through its END line (or the end of the text), so redacting a log line removes the key itself
            new Shape("a private key", Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----"
                    + "[\\s\\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|\\z)"), false),
            new Shape("a JWT", Pattern.compile(START + "eyJ[A-Za-z0-9_-]{2,}\\.eyJ[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]*"),
                    false),
            new Shape("an AWS access key", Pattern.compile("(?<![A-Za-z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}(?![A-Za-z0-9])"),
                    false),
            new Shape("an API token", Pattern.compile(START + "(?:"
                    + "(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{10,}"        // Stripe secret / restricted keys, WorkOS
                    + "|whsec_[0-9A-Za-z+/=]{16,}"                       // webhook signing secrets
                    + "|gh[pousr]_[0-9A-Za-z]{30,}"                      // GitHub
                    + "|github_pat_[0-9A-Za-z_]{30,}"
                    + "|glpat-[0-9A-Za-z_-]{20,}"                        // GitLab
                    + "|xox[abposr]-[0-9A-Za-z-]{10,}"                   // Slack
                    + "|AIza[0-9A-Za-z_-]{35}"                           // Google API key
                    + "|npm_[0-9A-Za-z]{36}"                             // npm
                    + "|sk-(?:proj-|ant-)?[0-9A-Za-z_-]{20,}"            // OpenAI, Anthropic
                    + "|dsync_scim_[0-9A-Za-z_-]{20,}"                   // dirsync's own SCIM bearer tokens
                    + ")" + END), false),
            new Shape("a bearer credential", Pattern.compile("(?i)\\bbearer\\s+[0-9A-Za-z._~+/-]{20,}=*"), false));

    /** What the value (or a part of it) looks like, e.g. "a JWT"; null if nothing. */
    static @Nullable String kind(String value) {
        if (value.length() < 9) {
            return null; // shorter than any shape
        }
        for (Shape s : SHAPES) {
            Matcher m = s.pattern().matcher(value);
            while (m.find()) {
                if (!s.luhn() || luhn(m.group())) {
                    return s.kind();
                }
            }
        }
        return null;
    }

    /** The text with each secret-shaped part replaced by {@code [redacted]}. */
    static String redact(String text) {
        String out = text;
        for (Shape s : SHAPES) {
            out = s.pattern().matcher(out).replaceAll((MatchResult r) ->
                    !s.luhn() || luhn(r.group()) ? "[redacted]" : Matcher.quoteReplacement(r.group()));
        }
        return out;
    }

    static boolean luhn(String grouped) {
        int sum = 0;
        boolean dbl = false;
        for (int i = grouped.length() - 1; i >= 0; i--) {
            char c = grouped.charAt(i);
            if (c < '0' || c > '9') {
                continue;
            }
            int d = c - '0';
            if (dbl) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }
}
