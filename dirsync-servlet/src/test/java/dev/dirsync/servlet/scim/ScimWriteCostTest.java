package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.jdbi.CountingDataSource;
import dev.dirsync.jdbi.JdbiStateStore;
import dev.dirsync.servlet.DirsyncServlets;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a SCIM first sync costs the database, counted at the JDBC level (statements executed, rows fetched, commits)
 * on a real H2 behind the real SCIM endpoint, in an organization of {@value #LARGE} users: a creation costs a bounded
 * number of statements and reads no rows in proportion to the organization; the token is not looked up again on
 * every request; a {@code /Bulk} of creations is taken in one write transaction per batch, not one per operation.
 * A cost that comes back fails these tests on counts, not on a stopwatch.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScimWriteCostTest {
    static final int LARGE = 2_000;

    private CountingDataSource counting;
    private ScimServer server;
    private ScimClient.Client idp;

    @BeforeAll
    void aLargeOrganization() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:scimcost-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        counting = new CountingDataSource(h2);
        server = new ScimServer(JdbiStateStore.builder(counting).build(), GatedUsers::new, sync -> DirsyncServlets.builder(sync).scim()
                .scimRateLimit(1_000_000, 1_000_000).build().mounts().stream()
                .collect(Collectors.toMap(DirsyncServlets.Mount::urlPattern, DirsyncServlets.Mount::servlet)));
        idp = server.client("Okta", "okta");
        // the organization is loaded through the bulk import's path (mirror, then one projection): fast, and the
        // same rows a SCIM first sync leaves; /Bulk itself is measured below
        List<SourceEvent> events = new ArrayList<>();
        for (int i = 0; i < LARGE; i++) {
            String name = "user" + i + "@acme.test";
            events.add(new SourceEvent.UserCreated(new EventMeta("seed-" + i, ScimHost.ORG, "okta", Source.scim("Okta"),
                    server.clock.instant()), DirectoryUser.builder("seed-" + i, "okta").userName(name).email(name)
                    .givenName("Ann").familyName("Lee" + i).build()));
        }
        for (int from = 0; from < LARGE; from += 500) {
            server.sync.acceptToMirror(ScimHost.ORG, events.subList(from, from + 500));
        }
        server.sync.reproject(ScimHost.ORG);
        assertThat(idp.get("/Users?count=1").json().path("totalResults").asInt()).isEqualTo(LARGE);
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aUserCreatedByPostInAnOrganizationOf2000UsersCostsFewStatementsAndReadsNoRowsPerUser() {
        counting.reset();
        ScimClient.Answer a = idp.post("/Users", user("single@acme.test"));
        assertThat(a.status()).as(a.text()).isEqualTo(201);
        // auth (token known: none), organization, write (lock, connection, ledger, userName check, mirror, projection,
        // host, audit, the access history's open interval read and new one written), the created user read back;
        // nothing in proportion to the organization
        assertThat(counting.statements.get()).as(String.join("\n", counting.prepared)).isLessThanOrEqualTo(16 + 2);
        assertThat(counting.rows.get()).as(String.join("\n", counting.prepared)).isLessThanOrEqualTo(8);
        assertThat(counting.prepared).as("the token was verified by an earlier request of this sync")
                .noneMatch(sql -> sql.toLowerCase(java.util.Locale.ROOT).contains("scim_credential"));
        assertThat(idp.get("/Users?filter=" + ScimClient.q("userName eq \"single@acme.test\"")).json()
                .path("totalResults").asInt()).isEqualTo(1);
    }

    @Test
    void aBulkOf100CreationsIsTakenInOneWriteTransaction() {
        counting.reset();
        ScimClient.Answer a = idp.post("/Bulk", bulkOfUsers(10_000, WriteBatch.MAX));
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().path("Operations")).hasSize(WriteBatch.MAX)
                .allMatch(op -> op.path("status").asText().equals("201"));
        // one write transaction, plus the organization read (and, at most, the quota counts' refresh); one per
        // operation before (a write and two reads each: 300)
        assertThat(counting.commits.get()).isLessThanOrEqualTo(3);
        assertThat(counting.rows.get()).as("no row read in proportion to the organization")
                .isLessThan(LARGE);
    }

    @Test
    void aRefusedCreationInABulkLeavesTheOthersAppliedAndEachIsAnsweredOnItsOwn() {
        String taken = "user0@acme.test"; // loaded before
        String body = "{\"schemas\":[\"" + ScimBulk.REQUEST + "\"],\"Operations\":["
                + op("a", user("first@acme.test")) + "," + op("b", user(taken)) + ","
                + op("c", user("third@acme.test")) + "," + op("d", user("third@acme.test")) + "]}";
        JsonNode ops = idp.post("/Bulk", body).json().path("Operations");
        assertThat(ops).extracting(op -> op.path("bulkId").asText() + "=" + op.path("status").asText())
                .containsExactly("a=201", "b=409", "c=201", "d=409");
        assertThat(ops.get(1).path("response").path("scimType").asText()).isEqualTo("uniqueness");
        String location = ops.get(0).path("location").asText();
        ScimClient.Answer first = idp.get(location.substring(location.indexOf("/Users/")));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("userName").asText()).isEqualTo("first@acme.test");
        assertThat(ops.get(0).path("version").asText()).as("the version the bulk answered is the stored one")
                .isEqualTo(first.header("ETag"));
        assertThat(idp.get("/Users?filter=" + ScimClient.q("userName eq \"third@acme.test\"")).json()
                .path("totalResults").asInt()).isEqualTo(1);
    }

    @Test
    void concurrentPostsToOneOrganizationAreTakenInOneTransactionAndADuplicateUserNameGetsItsOwn409() throws Exception {
        GatedUsers host = (GatedUsers) server.users;
        List<String> names = List.of("q1@acme.test", "q2@acme.test", "q3@acme.test", "user7@acme.test" /* taken */,
                "q4@acme.test", "q5@acme.test", "q6@acme.test", "q7@acme.test");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(names.size() + 1);
        try {
            // a first POST holds the organization (its host call waits); the others arrive meanwhile
            host.entered = new java.util.concurrent.CountDownLatch(1);
            host.release = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.Future<ScimClient.Answer> first = pool.submit(() -> idp.post("/Users",
                    user("blocker@acme.test")));
            assertThat(host.entered.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            List<java.util.concurrent.Future<ScimClient.Answer>> queued = new ArrayList<>();
            for (String n : names) {
                queued.add(pool.submit(() -> idp.post("/Users", user(n))));
            }
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (waitingForTheOrganization() < names.size()) {
                assertThat(System.nanoTime()).as("POSTs waiting for the organization").isLessThan(deadline);
                Thread.sleep(5);
            }
            counting.reset();
            host.release.countDown();
            assertThat(first.get(30, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(201);
            for (int i = 0; i < names.size(); i++) {
                ScimClient.Answer a = queued.get(i).get(30, java.util.concurrent.TimeUnit.SECONDS);
                if (names.get(i).startsWith("user7@")) {
                    assertThat(a.status()).as(a.text()).isEqualTo(409);
                    assertThat(a.json().path("scimType").asText()).isEqualTo("uniqueness");
                } else {
                    assertThat(a.status()).as(a.text()).isEqualTo(201);
                    assertThat(a.json().path("userName").asText()).isEqualTo(names.get(i));
                    assertThat(a.header("ETag")).isNotBlank();
                }
            }
            // the first POST's commit, then one for the eight that waited (eight writes and eight reads before):
            // the created users are answered from the write's own transaction, not read again after it
            assertThat(counting.commits.get()).as(String.join("\n", counting.prepared)).isLessThan(names.size())
                    .isLessThanOrEqualTo(2);
            assertThat(counting.prepared.stream().filter(sql -> sql.toLowerCase(java.util.Locale.ROOT)
                    .contains("for update")).count()).as("organization locks taken after the first").isEqualTo(1);
        } finally {
            host.release.countDown();
            pool.shutdownNow();
        }
        for (String n : names) {
            assertThat(idp.get("/Users?filter=" + ScimClient.q("userName eq \"" + n + "\"")).json()
                    .path("totalResults").asInt()).as(n).isEqualTo(1);
        }
    }

    /** Server threads queued for the organization's write (parked in its gate), not counting the one holding it. */
    private static long waitingForTheOrganization() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getState() == Thread.State.WAITING)
                .filter(e -> java.util.Arrays.stream(e.getValue())
                        .anyMatch(f -> f.getClassName().endsWith("OrganizationGate")))
                .filter(e -> java.util.Arrays.stream(e.getValue())
                        .noneMatch(f -> f.getClassName().endsWith("GatedUsers")))
                .count();
    }

    /** The host's user table; while armed, creating the user "blocker@..." waits until released. */
    static final class GatedUsers extends dev.dirsync.core.testkit.InMemoryUserStore {
        volatile java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(0);
        volatile java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(0);

        GatedUsers(java.time.Clock clock) {
            super(clock);
        }

        @Override
        public dev.dirsync.core.spi.AppUser create(dev.dirsync.core.model.Projection desired) {
            String email = desired.identity().email();
            if (email != null && email.startsWith("blocker@")) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.create(desired);
        }
    }

    @Test
    void aRevokedTokenIsRefusedByTheNextRequestThoughItWasVerifiedMomentsBefore() {
        var issued = server.sync.issueScimCredential(ScimHost.ORG, "okta", "Okta", Source.admin("admin@acme.test"));
        ScimClient.Client other = server.clientWithToken(issued.token());
        assertThat(other.get("/Users?count=1").status()).isEqualTo(200);
        server.sync.revokeScimCredential(ScimHost.ORG, issued.credential().id(), Source.admin("admin@acme.test"));
        assertThat(other.get("/Users?count=1").status()).isEqualTo(401);
    }

    private static String op(String bulkId, String data) {
        return "{\"method\":\"POST\",\"path\":\"/Users\",\"bulkId\":\"" + bulkId + "\",\"data\":" + data + "}";
    }

    private static String bulkOfUsers(int from, int n) {
        StringBuilder ops = new StringBuilder();
        for (int i = from; i < from + n; i++) {
            ops.append(ops.length() == 0 ? "" : ",").append("{\"method\":\"POST\",\"path\":\"/Users\",\"bulkId\":\"u")
                    .append(i).append("\",\"data\":").append(user("user" + i + "@acme.test")).append('}');
        }
        return "{\"schemas\":[\"" + ScimBulk.REQUEST + "\"],\"Operations\":[" + ops + "]}";
    }

    private static String user(String userName) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName
                + "\",\"active\":true,\"name\":{\"givenName\":\"Ann\",\"familyName\":\"Lee\"},"
                + "\"emails\":[{\"value\":\"" + userName + "\",\"type\":\"work\",\"primary\":true}],\"title\":\"Engineer\"}";
    }
}
