package dev.dirsync.examples.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dirsync.core.workos.WebhookVerifier;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client half of {@code kill-during-first-sync.sh}: plays a first sync against the demo app while the script
 * SIGKILLs and restarts it, behaving as the real senders do when a server dies under them, then checks from the
 * database that nothing was lost and nothing doubled.
 *
 * <ul>
 *   <li>{@code --mode=webhooks}: WorkOS. Every event keeps its id and body; anything not answered 2xx (connection
 *   refused or reset, 5xx, 429) is delivered again after a back-off, as WorkOS retries. The company is the
 *   benchmark's: each user is created, then added to a generated group and one of the demo's mapped team groups
 *   (workspaces, the Contractors' viewer role); one in a thousand joins Admins.</li>
 *   <li>{@code --mode=scim}: an Okta-style SCIM client with a token issued through the admin API. {@code POST
 *   /Groups}, then per user {@code POST /Users} and {@code PATCH /Groups/{id}} adding the member. A request that
 *   failed (5xx, connection error) is retried; before retrying a create that may have committed, the client looks
 *   the resource up by {@code userName eq} / {@code displayName eq} filter, as IdPs do. A 409 uniqueness answer to a
 *   retried create is then expected (the first attempt committed): it is counted and the resource is read back.</li>
 * </ul>
 *
 * <p>{@code --phase=drive} sends (and exits 0 when every request was eventually answered); {@code --phase=verify}
 * reads the database (waiting up to {@code --settle-seconds} for the projection to catch up after the last restart)
 * and prints the summary table; it exits 1 if anything is missing or doubled.
 */
public final class FirstSyncUnderKills {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ORGANIZATION = "acme";
    private static final String WORKOS_ORG = "org_01DEMOACME000000000000000";
    private static final String WEBHOOK_DIRECTORY = "directory_01DEMOOKTA00000000000000";
    private static final String SCIM_DIRECTORY = "okta-faults";
    private static final String ADMINS = "directory_group_01DEMOADMINS";
    /** The demo's mapped team groups and what they grant (DemoCompany): workspace, role. */
    private static final String[][] TEAMS = {
            {"directory_group_01DEMOENGINEERING", "engineering", "member"},
            {"directory_group_01DEMOSALES", "sales", "member"},
            {"directory_group_01DEMOSUPPORT", "support", "member"},
            {"directory_group_01DEMOCONTRACTORS", "engineering", "viewer"}};
    private static final int GENERATED_GROUPS = 20;
    private static final String SCIM_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String SCIM_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();
    private final Map<String, String> args;
    private final String base;
    private final String run;
    private final int users;
    private final AtomicLong sequence = new AtomicLong();
    /** What the senders saw, by kind: "503", "connection", "409 on retried create", ... */
    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private volatile String scimToken;

    private FirstSyncUnderKills(Map<String, String> args) {
        this.args = args;
        this.base = args.getOrDefault("base", "http://127.0.0.1:38090");
        this.run = args.getOrDefault("run", "r1");
        this.users = Integer.parseInt(args.getOrDefault("users", "3000"));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = Args.parse(argv);
        FirstSyncUnderKills f = new FirstSyncUnderKills(a);
        String mode = a.getOrDefault("mode", "webhooks");
        if (!mode.equals("webhooks") && !mode.equals("scim")) {
            throw new IllegalArgumentException("--mode must be webhooks or scim, got " + mode);
        }
        if ("verify".equals(a.get("phase"))) {
            System.exit(f.verify(mode) ? 0 : 1);
        }
        long t0 = System.nanoTime();
        if (mode.equals("webhooks")) {
            f.driveWebhooks();
        } else {
            f.driveScim();
        }
        System.out.printf(Locale.ROOT, "DRIVE mode=%s users=%d requests=%d seconds=%.1f seen=%s%n", mode, f.users,
                f.requests.get(), (System.nanoTime() - t0) / 1e9, f.seenSummary());
    }

    // --- the senders

    private void parallel(int senders, SenderBody body) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < senders; t++) {
            Thread th = new Thread(() -> {
                try {
                    for (int i; (i = next.getAndIncrement()) < users; ) {
                        body.user(i);
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "sender-" + t);
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a sender gave up", failures.get(0));
        }
    }

    private interface SenderBody {
        void user(int i) throws Exception;
    }

    private int senders() {
        return Integer.parseInt(args.getOrDefault("senders", "8"));
    }

    /**
     * Sends until answered with one of {@code accept}; anything else that a real sender retries (connection errors,
     * 5xx, 429) is retried after a back-off; a 4xx that is not accepted is a failure of the run.
     */
    private HttpResponse<String> exchange(HttpRequestFactory factory, Set<Integer> accept, String what)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        for (int attempt = 0; ; attempt++) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": no answer within 10 minutes");
            }
            if (attempt > 0) {
                Thread.sleep(Math.min(2000, 100L << Math.min(attempt, 5)));
            }
            requests.incrementAndGet();
            HttpResponse<String> r;
            try {
                r = http.send(factory.request(attempt), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                count("connection error (retried)");
                continue;
            }
            int s = r.statusCode();
            if (accept.contains(s) || (accept.contains(200) && s / 100 == 2)) {
                return r;
            }
            if (s >= 500 || s == 429) {
                count(s + " (retried)");
                continue;
            }
            throw new IllegalStateException(what + " answered " + s + ": " + r.body());
        }
    }

    private interface HttpRequestFactory {
        HttpRequest request(int attempt) throws Exception;
    }

    private void count(String kind) {
        seen.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
    }

    private String seenSummary() {
        Map<String, Integer> m = new LinkedHashMap<>();
        new TreeSet<>(seen.keySet()).forEach(k -> m.put(k, seen.get(k).get()));
        return m.toString().replace(" ", "_");
    }

    // --- webhooks (WorkOS)

    private void driveWebhooks() throws Exception {
        String secret = args.getOrDefault("secret", "whsec_demo_local_only");
        sendEvent(secret, "dsync.activated", directory());
        sendEvent(secret, "dsync.group.created", group(ADMINS));
        for (String[] t : TEAMS) {
            sendEvent(secret, "dsync.group.created", group(t[0]));
        }
        for (int g = 0; g < GENERATED_GROUPS; g++) {
            sendEvent(secret, "dsync.group.created", group(generatedGroup(g)));
        }
        parallel(senders(), i -> {
            String id = webhookUserId(i);
            sendEvent(secret, "dsync.user.created", user(id, i));
            sendEvent(secret, "dsync.group.user_added", membership(id, i, generatedGroup(i % GENERATED_GROUPS)));
            sendEvent(secret, "dsync.group.user_added", membership(id, i, TEAMS[i % TEAMS.length][0]));
            if (i % 1000 == 1) {
                sendEvent(secret, "dsync.group.user_added", membership(id, i, ADMINS));
            }
        });
    }

    /** One event, redelivered with its id and body until answered 2xx; each delivery signed anew, as WorkOS does. */
    private void sendEvent(String secret, String type, ObjectNode data) throws Exception {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("object", "event").put("id", "event_faults_" + run + "_" + sequence.incrementAndGet())
                .put("event", type);
        envelope.set("data", data);
        envelope.put("created_at", Instant.now().toString());
        String body = JSON.writeValueAsString(envelope);
        exchange(attempt -> HttpRequest.newBuilder(URI.create(base + "/api/webhooks/workos"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("WorkOS-Signature", WebhookVerifier.sign(body, secret, System.currentTimeMillis()))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), Set.of(200), type);
    }

    private String webhookUserId(int i) {
        return "directory_user_faults_" + run + "_" + i;
    }

    private static String generatedGroup(int g) {
        return "directory_group_faults_" + g;
    }

    private static ObjectNode directory() {
        ObjectNode d = JSON.createObjectNode();
        d.put("object", "directory").put("id", WEBHOOK_DIRECTORY).put("organization_id", WORKOS_ORG)
                .put("name", "Acme Okta").put("state", "active").put("type", "okta scim v2.0")
                .put("created_at", "2026-01-05T09:00:00.000Z").put("updated_at", "2026-01-05T09:00:00.000Z");
        return d;
    }

    private static ObjectNode group(String id) {
        String name = id.substring(id.lastIndexOf('_') + 1);
        ObjectNode o = JSON.createObjectNode();
        o.put("object", "directory_group").put("id", id).put("idp_id", "00g" + Integer.toHexString(id.hashCode()))
                .put("directory_id", WEBHOOK_DIRECTORY).put("organization_id", WORKOS_ORG).put("name", name)
                .put("created_at", "2026-01-05T09:00:00.000Z").put("updated_at", "2026-01-05T09:00:00.000Z");
        o.putObject("raw_attributes").put("displayName", name);
        return o;
    }

    private String email(int i) {
        return "faults." + run + "." + i + "@acme.test";
    }

    private ObjectNode user(String id, int i) {
        String email = email(i);
        ObjectNode u = JSON.createObjectNode();
        u.put("object", "directory_user").put("id", id).put("idp_id", "00u" + run + i)
                .put("directory_id", WEBHOOK_DIRECTORY).put("organization_id", WORKOS_ORG).put("first_name", "First" + i)
                .put("last_name", "Last" + i).put("email", email).put("state", "active")
                .put("created_at", "2026-01-05T09:00:00.000Z").put("updated_at", "2026-01-05T09:00:00.000Z")
                .put("username", email).put("job_title", "Engineer");
        u.putArray("emails").addObject().put("primary", true).put("type", "work").put("value", email);
        ObjectNode raw = u.putObject("raw_attributes");
        raw.put("userName", email).put("title", "Engineer").put("active", true);
        raw.putObject("name").put("givenName", "First" + i).put("familyName", "Last" + i);
        u.putObject("role").put("slug", "member");
        return u;
    }

    private ObjectNode membership(String userId, int i, String groupId) {
        ObjectNode m = JSON.createObjectNode();
        m.put("directory_id", WEBHOOK_DIRECTORY);
        m.set("user", user(userId, i));
        m.set("group", group(groupId));
        return m;
    }

    // --- SCIM (Okta-style)

    private void driveScim() throws Exception {
        String admin = args.getOrDefault("admin-token", "demo-admin-token");
        HttpResponse<String> issued = exchange(a -> HttpRequest.newBuilder(
                        URI.create(base + "/dirsync/api/organizations/" + ORGANIZATION + "/scim-credentials"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"provider\":\"Okta\",\"directoryId\":\"" + SCIM_DIRECTORY
                        + "\"}")).build(), Set.of(201), "issue a SCIM token");
        scimToken = JSON.readTree(issued.body()).path("token").asText();
        String[] groupIds = new String[GENERATED_GROUPS];
        for (int g = 0; g < GENERATED_GROUPS; g++) {
            ObjectNode body = JSON.createObjectNode();
            body.putArray("schemas").add(SCIM_GROUP);
            body.put("displayName", scimGroupName(g));
            groupIds[g] = scimCreate("/Groups", "displayName", scimGroupName(g), body);
        }
        parallel(senders(), i -> {
            ObjectNode u = JSON.createObjectNode();
            u.putArray("schemas").add(SCIM_USER);
            u.put("userName", email(i)).put("active", true);
            u.putObject("name").put("givenName", "First" + i).put("familyName", "Last" + i);
            u.putArray("emails").addObject().put("primary", true).put("type", "work").put("value", email(i));
            String id = scimCreate("/Users", "userName", email(i), u);
            for (int g : scimGroupsOf(i)) {
                ObjectNode patch = JSON.createObjectNode();
                patch.putArray("schemas").add(PATCH_OP);
                ObjectNode op = patch.putArray("Operations").addObject().put("op", "add").put("path", "members");
                op.putArray("value").addObject().put("value", id);
                String body = JSON.writeValueAsString(patch);
                exchange(a -> scim("/Groups/" + groupIds[g]).method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                        .build(), Set.of(200, 204), "PATCH /Groups");
            }
        });
    }

    private static String scimGroupName(int g) {
        return "Faults Team " + g;
    }

    /** Two groups per user (the second for every third user), so groups see concurrent PATCHes. */
    static int[] scimGroupsOf(int i) {
        int a = i % GENERATED_GROUPS;
        int b = (i * 7 + 3) % GENERATED_GROUPS;
        return i % 3 == 0 && a != b ? new int[] {a, b} : new int[] {a};
    }

    private HttpRequest.Builder scim(String path) {
        return HttpRequest.newBuilder(URI.create(base + "/scim/v2" + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + scimToken).header("Content-Type", "application/scim+json");
    }

    /**
     * Creates a resource the way IdPs do under failures: POST; if that failed in a way that leaves it unknown whether
     * it committed, look it up by filter before posting again. Returns the resource's id.
     */
    private String scimCreate(String path, String attribute, String value, ObjectNode resource) throws Exception {
        String body = JSON.writeValueAsString(resource);
        String filter = URLEncoder.encode(attribute + " eq \"" + value + "\"", StandardCharsets.UTF_8);
        for (int attempt = 0; ; attempt++) {
            if (attempt > 0) {
                String found = scimFind(path, filter);
                if (found != null) {
                    count("retried create found by filter");
                    return found;
                }
                Thread.sleep(Math.min(2000, 100L << Math.min(attempt, 5)));
            }
            requests.incrementAndGet();
            HttpResponse<String> r;
            try {
                r = http.send(scim(path).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                count("connection error (retried)");
                continue;
            }
            int s = r.statusCode();
            if (s == 201) {
                return JSON.readTree(r.body()).path("id").asText();
            }
            if (s == 409 && attempt > 0) {
                // the first attempt committed after all; the filter did not see it only if it committed since
                count("409 on retried create (expected)");
                String found = scimFind(path, filter);
                if (found != null) {
                    return found;
                }
                continue;
            }
            if (s >= 500 || s == 429) {
                count(s + " (retried)");
                continue;
            }
            throw new IllegalStateException("POST " + path + " " + value + " answered " + s + ": " + r.body());
        }
    }

    private String scimFind(String path, String filter) throws Exception {
        HttpResponse<String> r = exchange(a -> scim(path + "?filter=" + filter).GET().build(), Set.of(200),
                "GET " + path);
        JsonNode list = JSON.readTree(r.body());
        if (list.path("totalResults").asInt() > 1) {
            throw new IllegalStateException("duplicate: " + r.body());
        }
        return list.path("totalResults").asInt() == 1 ? list.path("Resources").get(0).path("id").asText() : null;
    }

    // --- verification, from the database

    private boolean verify(String mode) throws Exception {
        long deadline = System.nanoTime()
                + Duration.ofSeconds(Long.parseLong(args.getOrDefault("settle-seconds", "180"))).toNanos();
        Map<String, long[]> rows;
        while (true) {
            rows = check(mode);
            boolean ok = rows.values().stream().allMatch(v -> v[0] == v[1]);
            if (ok || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(2000); // after the last restart, the projector may still be catching up
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-58s %10s %10s  %s%n", "check (" + mode + ", " + users + " users)",
                "expected", "found", "");
        boolean all = true;
        for (Map.Entry<String, long[]> e : rows.entrySet()) {
            boolean ok = e.getValue()[0] == e.getValue()[1];
            all &= ok;
            System.out.printf(Locale.ROOT, "%-58s %10d %10d  %s%n", e.getKey(), e.getValue()[0], e.getValue()[1],
                    ok ? "ok" : "WRONG");
        }
        System.out.println("VERIFY mode=" + mode + " users=" + users + " result=" + (all ? "PASS" : "FAIL"));
        return all;
    }

    /** Each check: expected, found. */
    private Map<String, long[]> check(String mode) throws SQLException {
        Map<String, long[]> out = new LinkedHashMap<>();
        String dir = mode.equals("webhooks") ? WEBHOOK_DIRECTORY : SCIM_DIRECTORY;
        try (Connection c = DriverManager.getConnection(args.get("db-url"), args.get("db-user"),
                args.get("db-password"))) {
            // the mirror: exactly the users sent, once each, with the attributes sent
            Map<String, String> mirrorIdByEmail = new HashMap<>();
            long mirrorRows = 0;
            long attributesRight = 0;
            try (ResultSet rs = query(c, "select user_id, user_name_lower, data from dirsync_mirror_users "
                    + "where organization_id = ? and directory_id = ? and not deleted", ORGANIZATION, dir)) {
                while (rs.next()) {
                    mirrorRows++;
                    mirrorIdByEmail.put(rs.getString(2), rs.getString(1));
                    String data = rs.getString(3);
                    String email = rs.getString(2);
                    int i = index(email);
                    if (i >= 0 && data.contains("First" + i + "\"") && data.contains("Last" + i + "\"")) {
                        attributesRight++;
                    }
                }
            }
            Set<String> sent = new HashSet<>();
            for (int i = 0; i < users; i++) {
                sent.add(email(i));
            }
            long sentFound = sent.stream().filter(mirrorIdByEmail::containsKey).count();
            out.put("mirror: live users (rows)", new long[] {users, mirrorRows});
            out.put("mirror: users sent that are there (by userName)", new long[] {users, sentFound});
            out.put("mirror: users with the names sent", new long[] {users, attributesRight});

            // the mirror's memberships: exactly the pairs sent
            Set<String> expectedPairs = new HashSet<>();
            Map<String, String> groupName = new HashMap<>();
            try (ResultSet rs = query(c, "select group_id, display_name from dirsync_mirror_groups "
                    + "where organization_id = ? and directory_id = ? and not deleted", ORGANIZATION, dir)) {
                while (rs.next()) {
                    groupName.put(rs.getString(1), rs.getString(2));
                }
            }
            for (int i = 0; i < users; i++) {
                if (mode.equals("webhooks")) {
                    expectedPairs.add(email(i) + "|" + generatedGroup(i % GENERATED_GROUPS));
                    expectedPairs.add(email(i) + "|" + TEAMS[i % TEAMS.length][0]);
                    if (i % 1000 == 1) {
                        expectedPairs.add(email(i) + "|" + ADMINS);
                    }
                } else {
                    for (int g : scimGroupsOf(i)) {
                        expectedPairs.add(email(i) + "|" + scimGroupName(g));
                    }
                }
            }
            Map<String, String> emailById = new HashMap<>();
            mirrorIdByEmail.forEach((e, id) -> emailById.put(id, e));
            long pairs = 0;
            long pairsExpected = 0;
            try (ResultSet rs = query(c, "select group_id, user_id from dirsync_mirror_memberships "
                    + "where organization_id = ? and directory_id = ? and present", ORGANIZATION, dir)) {
                while (rs.next()) {
                    pairs++;
                    String g = mode.equals("webhooks") ? rs.getString(1) : groupName.get(rs.getString(1));
                    if (expectedPairs.contains(emailById.get(rs.getString(2)) + "|" + g)) {
                        pairsExpected++;
                    }
                }
            }
            out.put("mirror: memberships (rows)", new long[] {expectedPairs.size(), pairs});
            out.put("mirror: memberships sent that are there", new long[] {expectedPairs.size(), pairsExpected});
            out.put("mirror: groups", new long[] {mode.equals("webhooks") ? 1 + TEAMS.length + GENERATED_GROUPS
                    : GENERATED_GROUPS, groupName.size()});

            // the host: one app user per directory user, none twice
            out.put("host app_users of this directory", new long[] {users, one(c, "select count(*) from app_users "
                    + "where organization_id = ? and directory_id = ?", ORGANIZATION, dir)});
            out.put("host app_users: distinct directory users", new long[] {users, one(c,
                    "select count(distinct directory_user_id) from app_users where organization_id = ? and "
                            + "directory_id = ?", ORGANIZATION, dir)});
            out.put("host app_users: emails held by more than one user", new long[] {0, one(c,
                    "select count(*) from (select email_lower from app_users where organization_id = ? "
                            + "group by email_lower having count(*) > 1) d", ORGANIZATION)});
            out.put("host app_users active", new long[] {users, one(c, "select count(*) from app_users "
                    + "where organization_id = ? and directory_id = ? and status = 'ACTIVE'", ORGANIZATION, dir)});
            if (mode.equals("webhooks")) {
                long rolesRight = 0;
                long workspacesRight = 0;
                Map<String, Set<String>> workspaces = new HashMap<>();
                try (ResultSet rs = query(c, "select u.email_lower, w.workspace from app_users u join "
                        + "app_user_workspaces w on w.user_id = u.id where u.organization_id = ? and u.directory_id = ?",
                        ORGANIZATION, dir)) {
                    while (rs.next()) {
                        workspaces.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2));
                    }
                }
                try (ResultSet rs = query(c, "select email_lower, role from app_users where organization_id = ? "
                        + "and directory_id = ?", ORGANIZATION, dir)) {
                    while (rs.next()) {
                        int i = index(rs.getString(1));
                        if (i < 0) {
                            continue;
                        }
                        String[] team = TEAMS[i % TEAMS.length];
                        boolean admin = i % 1000 == 1;
                        if ((admin ? "admin" : team[2]).equals(rs.getString(2))) {
                            rolesRight++;
                        }
                        Set<String> want = admin ? Set.of("engineering", "sales", "support") : Set.of(team[1]);
                        if (want.equals(workspaces.getOrDefault(rs.getString(1), Set.of()))) {
                            workspacesRight++;
                        }
                    }
                }
                out.put("host: users with the role their groups grant", new long[] {users, rolesRight});
                out.put("host: users with the workspaces their groups grant", new long[] {users, workspacesRight});
            }

            // the audit: one user_provisioned entry per user, none twice
            Set<String> ids = new HashSet<>(mirrorIdByEmail.values());
            long provisioned = 0;
            Set<String> distinct = new HashSet<>();
            try (ResultSet rs = query(c, "select target_directory_user_id from dirsync_audit_log "
                    + "where organization_id = ? and action = 'user_provisioned'", ORGANIZATION)) {
                while (rs.next()) {
                    if (ids.contains(rs.getString(1))) {
                        provisioned++;
                        distinct.add(rs.getString(1));
                    }
                }
            }
            out.put("audit: user_provisioned entries for these users", new long[] {users, provisioned});
            out.put("audit: users with a user_provisioned entry", new long[] {users, distinct.size()});
            out.put("projections (dirsync's record of applied users)", new long[] {users, one(c,
                    "select count(*) from dirsync_projections where organization_id = ? and directory_id = ?",
                    ORGANIZATION, dir)});
        }
        return out;
    }

    private int index(String email) {
        String prefix = "faults." + run.toLowerCase(Locale.ROOT) + ".";
        if (email == null || !email.startsWith(prefix)) {
            return -1;
        }
        try {
            return Integer.parseInt(email.substring(prefix.length(), email.indexOf('@')));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static ResultSet query(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
        ps.closeOnCompletion();
        return ps.executeQuery();
    }

    private static long one(Connection c, String sql, Object... params) throws SQLException {
        try (ResultSet rs = query(c, sql, params)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
