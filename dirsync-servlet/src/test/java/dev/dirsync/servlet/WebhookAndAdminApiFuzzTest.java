package dev.dirsync.servlet;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.spi.AdminDecision;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.testkit.RecordingRevokers;
import dev.dirsync.core.workos.WebhookVerifier;
import dev.dirsync.core.workos.WorkosConfig;
import dev.dirsync.core.workos.WorkosSource;
import jakarta.servlet.http.HttpServlet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CI's fuzz budget for the WorkOS webhook and the admin API (SCIM has {@code ScimFuzzTest}): about 1,000 random
 * requests per seed, valid and broken, over real HTTP; every answer is below 500 and comes within the client's
 * 10-s timeout (no hang). A fixed seed makes failures reproducible; a random one per run widens the search (the
 * seed is in the test name).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookAndAdminApiFuzzTest {
    private static final int REQUESTS_PER_SEED = 1_000;
    private static final String SECRET = "whsec_fuzz";
    private static final String WORKOS_ORG = "org_01HFUZZ";
    private static final String[] EVENT_TYPES = {"dsync.user.created", "dsync.user.updated", "dsync.user.deleted",
            "dsync.group.created", "dsync.group.updated", "dsync.group.deleted", "dsync.group.user_added",
            "dsync.group.user_removed", "dsync.activated", "dsync.deleted", "user.created", "", "dsync.", "null"};
    private static final String[] JSON_VALUES = {"\"x\"", "\"\"", "null", "true", "0", "-1", "1e309", "[]", "{}",
            "[null]", "{\"a\":{}}", "\"2026-03-02T09:05:00.000Z\"", "\"not a date\"", "\"" + "a".repeat(3000) + "\"",
            "\"\\u0000\"", "\"org_01HFUZZ\"", "\"directory_fuzz\"", "\"directory_user_1\"", "\"group_1\"",
            "{\"slug\":\"admin\"}", "[{\"primary\":true,\"value\":\"a@b.test\"}]", "\"a@b.test\"", "\"active\"",
            "\"inactive\"", "\"suspended\""};
    private static final String[] USER_FIELDS = {"object", "id", "idp_id", "directory_id", "organization_id", "email",
            "first_name", "last_name", "state", "username", "emails", "role", "roles", "groups", "custom_attributes",
            "raw_attributes", "created_at", "updated_at", "user", "group", "name", "domains", "type"};
    private static final String[] ADMIN_PATHS = {"organizations", "organizations/fuzz", "organizations/nope",
            "organizations/fuzz/status", "organizations/fuzz/health", "organizations/fuzz/users",
            "organizations/fuzz/groups", "organizations/fuzz/groups/mapping-preview",
            "organizations/fuzz/groups/group_1/mapping", "organizations/fuzz/groups/nope/mapping",
            "organizations/fuzz/groups/group_1/members", "organizations/fuzz/settings", "organizations/fuzz/preview",
            "organizations/fuzz/test", "organizations/fuzz/pause", "organizations/fuzz/activate",
            "organizations/fuzz/resume", "organizations/fuzz/audit", "organizations/fuzz/audit.csv",
            "organizations/fuzz/audit.jsonl", "organizations/fuzz/scim-credentials",
            "organizations/fuzz/scim-credentials/scimcred_nope", "organizations/%2e%2e", "organizations/fuzz/../x",
            "", "organizations//users", "organizations/fuzz/users/x/y/z"};
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"};
    private static final String[] QUERY_KEYS = {"limit", "offset", "cursor", "after", "action", "actor", "from", "to",
            "q", "status", "sort", "role", "group", "page", "size", "search", "total"};
    private static final String[] QUERY_VALUES = {"", "0", "-1", "99999999999999999999", "abc", "2026-01-01T00:00:00Z",
            "user_provisioned", "%", "'", "\"", "null", "1.5", "%00", "a".repeat(2000)};
    private static final String[] SETTINGS_KEYS = {"mode", "defaultRole", "adminRole", "graceDays", "deactivation",
            "attributeMappings", "sensitiveAttributes", "groupMappings", "role", "workspaces", "provider", "name",
            "id", "workosOrganizationId", "settings", "version"};

    private final InMemoryUserStore users = new InMemoryUserStore();
    private final RecordingRevokers host = new RecordingRevokers();
    private final DirectorySync sync = DirectorySync.builder().stateStore(new InMemoryStateStore()).userStore(users)
            .sessionRevoker(host).apiKeyRevoker(host).notifier(host).build();
    private final WorkosSource workos = WorkosSource.create(sync, WorkosConfig.builder().apiKey("sk_test")
            .apiBaseUrl(URI.create("http://127.0.0.1:9")).webhookSecret(SECRET).build());
    private JettyHarness http;

    @BeforeAll
    void start() throws Exception {
        sync.createOrganization("fuzz", "Fuzz", WORKOS_ORG, OrganizationSettings.defaults());
        Map<String, HttpServlet> servlets = DirsyncServlets.builder(sync).workosWebhook(workos)
                .adminApi(r -> AdminDecision.allow("fuzzer"))
                .webhookRateLimit(1_000_000, 1_000_000).unauthenticatedRateLimit(1_000_000, 1_000_000).build()
                .mounts().stream().collect(Collectors.toMap(DirsyncServlets.Mount::urlPattern,
                        DirsyncServlets.Mount::servlet));
        http = new JettyHarness(servlets);
    }

    @AfterAll
    void stop() throws Exception {
        http.close();
    }

    static Stream<Long> seeds() {
        return Stream.concat(Stream.of(20261201L), LongStream.generate(new Random()::nextLong).limit(1).boxed());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomWebhookDeliveriesNeverCauseA5xxOrAHang(long seed) throws Exception {
        Random r = new Random(seed);
        for (int i = 0; i < REQUESTS_PER_SEED; i++) {
            String body = event(r, seed, i);
            String signature = switch (r.nextInt(10)) {
                case 0 -> null;
                case 1 -> "t=1, v1=00";
                case 2 -> pick(r, JSON_VALUES);
                case 3 -> WebhookVerifier.sign(body, "whsec_wrong", System.currentTimeMillis());
                default -> WebhookVerifier.sign(body, SECRET, System.currentTimeMillis());
            };
            HttpResponse<String> a = signature == null
                    ? http.send("POST", "/api/webhooks/workos", body, "Content-Type", "application/json")
                    : http.send("POST", "/api/webhooks/workos", body, "Content-Type", "application/json",
                    "WorkOS-Signature", signature);
            assertThat(a.statusCode()).as("seed " + seed + " #" + i + ": " + body + "\n-> " + a.body())
                    .isBetween(200, 499);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomAdminApiRequestsNeverCauseA5xxOrAHang(long seed) throws Exception {
        Random r = new Random(seed);
        for (int i = 0; i < REQUESTS_PER_SEED; i++) {
            String method = pick(r, METHODS);
            StringBuilder url = new StringBuilder("/dirsync/api/").append(pick(r, ADMIN_PATHS));
            for (int q = r.nextInt(4); q > 0; q--) {
                url.append(q == 3 || url.indexOf("?") < 0 ? '?' : '&').append(pick(r, QUERY_KEYS)).append('=')
                        .append(URLEncoder.encode(pick(r, QUERY_VALUES), StandardCharsets.UTF_8));
            }
            String body = method.equals("GET") || method.equals("HEAD") || r.nextInt(8) == 0 ? null : object(r, 0);
            HttpResponse<String> a = http.send(method, url.toString(), body, "Content-Type",
                    r.nextInt(10) == 0 ? "text/plain" : "application/json", "Origin", "http://127.0.0.1",
                    "If-Match", r.nextBoolean() ? "\"" + r.nextInt(5) + "\"" : "*");
            assertThat(a.statusCode()).as("seed " + seed + " #" + i + ": " + method + " " + url + " " + body
                    + "\n-> " + a.body()).isBetween(200, 499);
        }
    }

    /** A WorkOS-shaped event, sometimes broken: random type, fields, values, truncation. */
    private static String event(Random r, long seed, int i) {
        StringBuilder data = new StringBuilder("{");
        int n = r.nextInt(USER_FIELDS.length);
        for (int f = 0; f < n; f++) {
            if (f > 0) {
                data.append(',');
            }
            String field = pick(r, USER_FIELDS);
            String value = switch (field) {
                case "id" -> r.nextBoolean() ? "\"directory_user_" + r.nextInt(20) + "\"" : pick(r, JSON_VALUES);
                case "organization_id" -> r.nextInt(4) > 0 ? "\"" + WORKOS_ORG + "\"" : pick(r, JSON_VALUES);
                case "directory_id" -> r.nextInt(4) > 0 ? "\"directory_fuzz\"" : pick(r, JSON_VALUES);
                case "user", "group", "role" -> r.nextBoolean() ? object(r, 1) : pick(r, JSON_VALUES);
                default -> pick(r, JSON_VALUES);
            };
            data.append('"').append(field).append("\":").append(value);
        }
        data.append('}');
        String id = r.nextInt(5) == 0 ? pick(r, JSON_VALUES) : "\"event_" + Long.toHexString(seed) + "_" + i + "\"";
        String body = "{\"object\":\"event\",\"id\":" + id + ",\"event\":\"" + pick(r, EVENT_TYPES)
                + "\",\"created_at\":" + (r.nextInt(5) == 0 ? pick(r, JSON_VALUES) : "\"2026-03-02T09:05:00.000Z\"")
                + ",\"data\":" + (r.nextInt(10) == 0 ? pick(r, JSON_VALUES) : data) + "}";
        return switch (r.nextInt(20)) {
            case 0 -> body.substring(0, r.nextInt(body.length()));
            case 1 -> pick(r, JSON_VALUES);
            case 2 -> "[" + body + "]";
            default -> body;
        };
    }

    /** A random JSON object of settings-like keys, nested a little. */
    private static String object(Random r, int depth) {
        StringBuilder o = new StringBuilder("{");
        for (int k = r.nextInt(5); k > 0; k--) {
            if (o.length() > 1) {
                o.append(',');
            }
            String value = depth < 2 && r.nextInt(4) == 0 ? object(r, depth + 1)
                    : depth < 2 && r.nextInt(6) == 0 ? "[" + object(r, depth + 1) + "]" : pick(r, JSON_VALUES);
            o.append('"').append(pick(r, SETTINGS_KEYS)).append("\":").append(value);
        }
        String s = o.append('}').toString();
        return r.nextInt(25) == 0 ? s.substring(0, r.nextInt(s.length())) : s;
    }

    private static String pick(Random r, String[] options) {
        return options[r.nextInt(options.length)];
    }
}
