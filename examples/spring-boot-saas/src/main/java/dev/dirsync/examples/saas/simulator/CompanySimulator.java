package dev.dirsync.examples.saas.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dirsync.core.workos.WebhookVerifier;
import dev.dirsync.examples.saas.DemoCompany;
import dev.dirsync.examples.saas.DemoCompany.Group;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Plays Acme Corp's IT department against a running demo app through its real endpoints: WorkOS-signed webhooks
 * for an Okta directory, the app's demo helpers and dirsync's admin API. Hires 50 people into groups, moves one to
 * Admins, renames a group, offboards two (their sessions and API keys revoked), and tries to deactivate the sole
 * admin (blocked); at the end an in-app admin raises someone to admin by hand, and dirsync's drift check reports
 * the difference from the directory. Run {@code examples/run-demo.sh simulate}, or {@link #main} with {@code --base-url=...}.
 */
public final class CompanySimulator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final String[] FIRST = {"Aiden", "Bea", "Caleb", "Lena", "Elif", "Farah", "Gus", "Hana", "Ivo",
            "Jonas", "Kira", "Liam", "Maya", "Nils", "Omar", "Pia", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera",
            "Wes", "Xena", "Yusuf", "Zoe", "Anil", "Bruno", "Chloe", "Dmitri", "Emma", "Felix", "Gia", "Hugo", "Ines",
            "Jae", "Kofi", "Dana", "Mia", "Noor", "Oskar", "Priya", "Raul", "Sofia", "Theo", "Uma", "Viktor",
            "Wanda", "Yara", "Zane"};
    private static final String[] LAST = {"Adams", "Berger", "Costa", "Larsen", "Demir", "Haddad", "Gruber",
            "Sato", "Ivanov", "Jensen", "Kowalski", "Ortega", "Lindqvist", "Novak", "Farouk", "Rossi", "Quade",
            "Moreno", "Saleh", "Tanaka", "Usman", "Volkova", "West", "Xu", "Yilmaz", "Zimmer", "Agarwal", "Barros",
            "Chen", "Dimitrov", "Evans", "Fischer", "Greco", "Hoffmann", "Iglesias", "Jung", "Mensah", "Whitfield",
            "Keller", "Nasser", "Olsen", "Patel", "Ramos", "Silva", "Thomsen", "Ueda", "Varga", "Wojcik", "Yamada",
            "Zhou"};

    /** Where the demo runs and the secrets it was started with. */
    public record Config(URI baseUrl, String webhookSecret, String adminToken) {
    }

    /** A person at Acme, as Okta knows them. */
    record Person(String directoryUserId, String firstName, String lastName, String email, String title,
                  String department, Group group) {
    }

    /** What the simulator did and what the app showed afterwards. */
    public record Story(List<String> lines, String danaId, String liamId, String miaId, String founderId,
                        String raisedId, String raisedDirectoryUserId) {
    }

    private final Config config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private Instant clock = Instant.now().minus(Duration.ofHours(1));
    private int sequence;
    private int webhooks;

    public CompanySimulator(Config config) {
        this.config = config;
    }

    public static void main(String[] args) throws Exception {
        String base = "http://localhost:" + env("PORT", "8080");
        for (String a : args) {
            if (a.startsWith("--base-url=")) {
                base = a.substring("--base-url=".length());
            }
        }
        Config config = new Config(URI.create(base), env("DIRSYNC_WORKOS_WEBHOOK_SECRET", "whsec_demo_local_only"),
                env("DIRSYNC_DEMO_ADMIN_TOKEN", "demo-admin-token"));
        try {
            new CompanySimulator(config).run(System.out::println);
        } catch (SimulationException e) {
            System.err.println("simulator: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Plays the whole story; {@code out} receives it line by line. */
    public Story run(Consumer<String> out) throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        Consumer<String> say = s -> {
            lines.add(s);
            out.accept(s);
        };
        awaitApp();
        say.accept("Acme Corp's Okta directory, played through signed WorkOS webhooks to "
                + url(webhookPath()) + "\n");

        webhook("dsync.activated", directory());
        for (Group g : DemoCompany.GROUPS) {
            webhook("dsync.group.created", group(g, g.name(), null));
        }
        say.accept(" 1. IT connects Okta (dsync.activated) and pushes " + DemoCompany.GROUPS.size() + " groups: "
                + String.join(", ", DemoCompany.GROUPS.stream().map(Group::name).toList()));

        Person founder = new Person(userId(99), "Frances", "Founder", DemoCompany.FOUNDER_EMAIL, "CEO", "Leadership",
                DemoCompany.ADMINS);
        hire(founder);
        Map<String, JsonNode> users = usersByEmail();
        boolean heldAdmin = auditEntries("role_change_blocked").size() > 0;
        say.accept(" 2. Okta provisions the founder, Frances: dirsync links her existing account "
                + id(users, founder) + " instead of creating a second one; role " + field(users, founder, "role")
                + (heldAdmin ? " (Okta sent her user before her Admins membership: in between, dirsync refused to "
                + "demote the only admin)" : ""));

        List<Person> people = people();
        for (Person p : people) {
            hire(p);
        }
        users = usersByEmail();
        Map<String, Integer> byGroup = new TreeMap<>();
        people.forEach(p -> byGroup.merge(p.group().name(), 1, Integer::sum));
        say.accept(" 3. Acme hires " + people.size() + " people " + byGroup + ": /api/users now lists "
                + users.size() + " users, " + count(users, "role", "viewer") + " of them viewers (Contractors)");

        Person dana = people.get(37);
        Person liam = people.get(11);
        Person mia = people.get(38);
        for (Person p : List.of(liam, liam, mia, dana)) {
            post("/api/users/" + id(users, p) + "/sessions");
        }
        for (Person p : List.of(liam, mia, mia)) {
            post("/api/users/" + id(users, p) + "/api-keys");
        }
        users = usersByEmail();
        say.accept(" 4. Liam and Mia sign in and create API keys (demo helpers): Liam " + sessionsAndKeys(users, liam)
                + ", Mia " + sessionsAndKeys(users, mia));

        webhook("dsync.group.user_removed", membership(dana, DemoCompany.SUPPORT));
        webhook("dsync.group.user_added", membership(dana, DemoCompany.ADMINS));
        users = usersByEmail();
        say.accept(" 5. " + dana.firstName() + " " + dana.lastName() + " moves from Support to Admins: role "
                + field(users, dana, "role") + ", workspaces " + users.get(dana.email()).path("workspaces"));

        long before = users.values().stream().filter(u -> has(u.path("workspaces"), "engineering")).count();
        webhook("dsync.group.updated", group(DemoCompany.ENGINEERING, "Product Engineering", "Engineering"));
        users = usersByEmail();
        long after = users.values().stream().filter(u -> has(u.path("workspaces"), "engineering")).count();
        say.accept(" 6. Okta renames \"Engineering\" to \"Product Engineering\": mappings follow the group's id, so "
                + "the engineering workspace keeps its members (" + before + " before, " + after + " after)");

        webhook("dsync.user.updated", user(liam, "inactive"));
        webhook("dsync.user.deleted", user(mia, "inactive"));
        users = usersByEmail();
        say.accept(" 7. Liam is suspended and Mia deleted in Okta: Liam " + field(users, liam, "status") + ", "
                + sessionsAndKeys(users, liam) + "; Mia " + field(users, mia, "status") + ", "
                + sessionsAndKeys(users, mia));

        webhook("dsync.group.user_removed", membership(founder, DemoCompany.ADMINS));
        users = usersByEmail();
        say.accept(" 8. Frances hands over and leaves Admins (" + dana.firstName() + " is admin now): Frances is "
                + field(users, founder, "role"));

        webhook("dsync.user.updated", user(dana, "inactive"));
        users = usersByEmail();
        say.accept(" 9. IT suspends " + dana.firstName() + ", now the only admin: refused, she stays "
                + field(users, dana, "status") + " " + field(users, dana, "role") + " and the admins are alerted");

        Person emma = people.get(30);
        String was = field(users, emma, "role");
        postJson("/api/users/" + id(users, emma) + "/role", "{\"role\": \"admin\"}", 200);
        postJson("/dirsync/api/organizations/" + DemoCompany.ORGANIZATION + "/drift/check", null, 200);
        JsonNode drift = getJson("/dirsync/api/organizations/" + DemoCompany.ORGANIZATION + "/drift");
        say.accept("10. An in-app admin makes " + emma.firstName() + " " + emma.lastName() + " (Sales, " + was
                + ") an admin by hand, outside Okta (demo helper POST /api/users/{id}/role); dirsync's drift check "
                + "(POST .../drift/check) reports " + drift.path("open").asInt() + " difference(s):");
        for (JsonNode d : drift.path("differences")) {
            say.accept("      " + d.path("person").asText() + ": " + d.path("field").asText() + " is "
                    + d.path("appValue").asText() + " in the app, " + d.path("directoryValue").asText()
                    + " in the directory (first seen " + d.path("firstSeenAt").asText() + ")");
        }
        say.accept("    Restore it with POST /dirsync/api/organizations/" + DemoCompany.ORGANIZATION + "/drift/"
                + DemoCompany.DIRECTORY + "/" + emma.directoryUserId() + "/restore, or on the Drift page");
        users = usersByEmail();

        say.accept("");
        say.accept("Sent " + webhooks + " signed webhooks. What the app shows now:");
        say.accept("  GET /api/users?organization=" + DemoCompany.ORGANIZATION + ": " + users.size() + " users; status "
                + tally(users, "status") + "; roles " + tally(users, "role"));
        Map<String, Integer> actions = auditActions();
        say.accept("  GET /dirsync/api/organizations/" + DemoCompany.ORGANIZATION + "/audit: " + actions);
        JsonNode blocked = auditEntries("deactivation_blocked");
        if (blocked.size() > 0) {
            say.accept("    deactivation_blocked: " + blocked.get(0).path("detail").asText());
        }
        JsonNode notices = getJson("/api/notices?organization=" + DemoCompany.ORGANIZATION);
        say.accept("  GET /api/notices?organization=" + DemoCompany.ORGANIZATION + ": " + notices.size()
                + " alerts to Acme's admins" + (notices.size() == 0 ? ""
                : ", latest: " + notices.get(notices.size() - 1).path("message").asText()));
        return new Story(lines, id(users, dana), id(users, liam), id(users, mia), id(users, founder), id(users, emma),
                emma.directoryUserId());
    }

    // --- the company

    private static List<Person> people() {
        List<Person> out = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Group g = i < 25 ? DemoCompany.ENGINEERING : i < 37 ? DemoCompany.SALES : i < 45 ? DemoCompany.SUPPORT
                    : DemoCompany.CONTRACTORS;
            String title = switch (g.name()) {
                case "Engineering" -> i == 0 ? "Engineering Manager" : "Software Engineer";
                case "Sales" -> "Account Executive";
                case "Support" -> "Support Engineer";
                default -> "Contract Developer";
            };
            String dept = g == DemoCompany.CONTRACTORS ? "Engineering" : g.name();
            out.add(new Person(userId(i), FIRST[i], LAST[i], (FIRST[i] + "." + LAST[i]).toLowerCase() + "@acme.test",
                    title, dept, g));
        }
        return out;
    }

    private void hire(Person p) throws IOException, InterruptedException {
        webhook("dsync.user.created", user(p, "active"));
        webhook("dsync.group.user_added", membership(p, p.group()));
    }

    private static String userId(int i) {
        return String.format("directory_user_01SIMACME%03d", i);
    }

    // --- WorkOS-shaped payloads (see dirsync-core/src/test/resources/workos/okta.json)

    private ObjectNode directory() {
        ObjectNode d = JSON.createObjectNode();
        d.put("object", "directory").put("id", DemoCompany.DIRECTORY).put("organization_id",
                        DemoCompany.WORKOS_ORGANIZATION).put("name", "Acme Okta").put("state", "active")
                .put("type", "okta scim v2.0").put("created_at", tick()).put("updated_at", now());
        d.putArray("domains").addObject().put("object", "organization_domain").put("id", "org_domain_01SIMACME")
                .put("domain", "acme.test");
        return d;
    }

    private ObjectNode group(Group g, String name, @Nullable String previousName) {
        ObjectNode o = JSON.createObjectNode();
        o.put("object", "directory_group").put("id", g.id()).put("idp_id", "00g" + g.name().toLowerCase())
                .put("directory_id", DemoCompany.DIRECTORY).put("organization_id", DemoCompany.WORKOS_ORGANIZATION)
                .put("name", name).put("created_at", "2026-01-05T09:00:00.000Z").put("updated_at", tick());
        o.putObject("raw_attributes").put("displayName", name);
        if (previousName != null) {
            o.putObject("previous_attributes").put("name", previousName);
        }
        return o;
    }

    private ObjectNode user(Person p, String state) {
        ObjectNode u = JSON.createObjectNode();
        u.put("object", "directory_user").put("id", p.directoryUserId()).put("idp_id", "00u" + p.directoryUserId()
                        .substring(p.directoryUserId().length() - 3)).put("directory_id", DemoCompany.DIRECTORY)
                .put("organization_id", DemoCompany.WORKOS_ORGANIZATION).put("first_name", p.firstName())
                .put("last_name", p.lastName()).put("email", p.email()).put("state", state)
                .put("created_at", "2026-01-05T09:00:00.000Z").put("updated_at", tick())
                .put("username", p.email()).put("job_title", p.title());
        u.putArray("emails").addObject().put("primary", true).put("type", "work").put("value", p.email());
        ObjectNode raw = u.putObject("raw_attributes");
        raw.put("userName", p.email()).put("title", p.title()).put("active", "active".equals(state));
        raw.putObject("name").put("givenName", p.firstName()).put("familyName", p.lastName());
        raw.putObject(ENTERPRISE).put("department", p.department());
        u.putObject("custom_attributes").put("department_name", p.department());
        u.putObject("role").put("slug", "member");
        return u;
    }

    private ObjectNode membership(Person p, Group g) {
        ObjectNode m = JSON.createObjectNode();
        m.put("directory_id", DemoCompany.DIRECTORY);
        m.set("user", user(p, "active"));
        m.set("group", group(g, g.name(), null));
        return m;
    }

    private String tick() {
        clock = clock.plusSeconds(1);
        return clock.toString();
    }

    private String now() {
        return clock.toString();
    }

    // --- HTTP

    private void webhook(String type, ObjectNode data) throws IOException, InterruptedException {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("object", "event").put("id", "event_sim_" + run + "_" + (++sequence)).put("event", type);
        envelope.set("data", data);
        envelope.put("created_at", tick());
        String body = JSON.writeValueAsString(envelope);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url(webhookPath()))
                .header("Content-Type", "application/json")
                .header("WorkOS-Signature", WebhookVerifier.sign(body, config.webhookSecret(), System.currentTimeMillis()))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        webhooks++;
        if (r.statusCode() / 100 != 2) {
            throw new SimulationException("webhook " + type + " answered " + r.statusCode() + " " + r.body()
                    + (r.statusCode() == 401 ? " (does DIRSYNC_WORKOS_WEBHOOK_SECRET match the app's?)" : ""));
        }
    }

    private static String webhookPath() {
        return "/api/webhooks/workos";
    }

    private void post(String path) throws IOException, InterruptedException {
        // the demo's /api helpers answer this machine, or the admin token from anywhere
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url(path)).POST(HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + config.adminToken()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new SimulationException("POST " + path + " answered " + r.statusCode() + " " + r.body());
        }
    }

    /** A POST with a JSON body (or none) and the admin token: the demo's helpers and dirsync's admin API. */
    private JsonNode postJson(String path, @Nullable String body, int expected) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url(path)).header("Authorization", "Bearer " + config.adminToken());
        if (body == null) {
            b.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new SimulationException("POST " + path + " answered " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url(path)).GET();
        b.header("Authorization", "Bearer " + config.adminToken()); // dirsync's admin API, and the demo's /api
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new SimulationException("GET " + path + " answered " + r.statusCode() + " " + r.body()
                    + (r.statusCode() == 401 ? " (does DIRSYNC_DEMO_ADMIN_TOKEN match the app's?)" : ""));
        }
        return JSON.readTree(r.body());
    }

    private void awaitApp() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            try {
                getJson("/api/users?organization=" + DemoCompany.ORGANIZATION);
                return;
            } catch (IOException | SimulationException e) {
                if (System.nanoTime() > deadline) {
                    throw new SimulationException("the demo app does not answer at " + config.baseUrl()
                            + ": start it first (examples/run-demo.sh), or pass --base-url=...");
                }
                Thread.sleep(1000);
            }
        }
    }

    private URI url(String path) {
        return config.baseUrl().resolve(path);
    }

    // --- reading the app's state

    private Map<String, JsonNode> usersByEmail() throws IOException, InterruptedException {
        Map<String, JsonNode> out = new TreeMap<>();
        for (JsonNode u : getJson("/api/users?organization=" + DemoCompany.ORGANIZATION)) {
            out.put(u.path("email").asText(), u);
        }
        return out;
    }

    private Map<String, Integer> auditActions() throws IOException, InterruptedException {
        Map<String, Integer> out = new TreeMap<>();
        for (int offset = 0; ; offset += 1000) {
            JsonNode page = getJson("/dirsync/api/organizations/" + DemoCompany.ORGANIZATION + "/audit?limit=1000&offset="
                    + offset);
            page.path("entries").forEach(e -> out.merge(e.path("action").asText(), 1, Integer::sum));
            if (offset + 1000 >= page.path("total").asInt()) {
                return out;
            }
        }
    }

    private JsonNode auditEntries(String action) throws IOException, InterruptedException {
        return getJson("/dirsync/api/organizations/" + DemoCompany.ORGANIZATION + "/audit?action=" + action)
                .path("entries");
    }

    private static String id(Map<String, JsonNode> users, Person p) {
        JsonNode u = users.get(p.email());
        if (u == null) {
            throw new SimulationException(p.email() + " is not among the app's users: the webhook was taken but "
                    + "not projected (is the organization paused or in test mode?)");
        }
        return u.path("id").asText();
    }

    private static String field(Map<String, JsonNode> users, Person p, String name) {
        id(users, p);
        return users.get(p.email()).path(name).asText();
    }

    private static String sessionsAndKeys(Map<String, JsonNode> users, Person p) {
        return field(users, p, "activeSessions") + " sessions / " + field(users, p, "activeApiKeys") + " API keys";
    }

    private static long count(Map<String, JsonNode> users, String name, String value) {
        return users.values().stream().filter(u -> value.equals(u.path(name).asText())).count();
    }

    private static Map<String, Integer> tally(Map<String, JsonNode> users, String name) {
        Map<String, Integer> out = new TreeMap<>();
        users.values().forEach(u -> out.merge(u.path(name).asText(), 1, Integer::sum));
        return out;
    }

    private static boolean has(JsonNode array, String value) {
        if (array instanceof ArrayNode a) {
            for (JsonNode n : a) {
                if (Objects.equals(n.asText(), value)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** The demo did not behave as the story needs; the message says what to check. */
    static final class SimulationException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SimulationException(String message) {
            super(message);
        }
    }
}
