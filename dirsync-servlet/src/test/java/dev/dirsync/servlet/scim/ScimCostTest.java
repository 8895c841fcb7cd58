package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.SourceVersion;
import dev.dirsync.core.state.MirrorGroup;
import dev.dirsync.core.state.MirrorMembership;
import dev.dirsync.core.state.MirrorUser;
import dev.dirsync.jdbi.CountingDataSource;
import dev.dirsync.jdbi.JdbiStateStore;
import dev.dirsync.servlet.RateLimiter;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static dev.dirsync.servlet.scim.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What SCIM reads and member PATCHes ask of a real database (H2) in an organization of 2,000 users, one group
 * holding all of them, counted at the JDBC level: a filtered or unfiltered page reads about a page of rows, a
 * one-member PATCH a handful, a group read without members no membership row. Each would grow with the
 * organization (thousands of rows) if a whole-organization scan or a member-list read came back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScimCostTest {
    private static final String DIR = "directory_cost";
    private static final int USERS = 2_000;
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private JdbcConnectionPool pool;
    private CountingDataSource counting;
    private ScimServer server;
    private ScimClient.Client client;

    @BeforeAll
    void start() throws Exception {
        pool = JdbcConnectionPool.create("jdbc:h2:mem:scimcost-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        counting = new CountingDataSource(pool);
        JdbiStateStore store = JdbiStateStore.builder(counting).build();
        server = new ScimServer(store, sync -> Map.of("/scim/v2/*", new ScimServlet(sync,
                new RateLimiter(100_000, 100_000), ScimSettings.defaults(), 200)));
        client = server.client("Okta", DIR);
        // seeded straight into the mirror: 2,000 SCIM requests would only make the test slow
        store.inTransaction(t -> {
            t.mirror().putGroup(new MirrorGroup(ScimHost.ORG, DirectoryGroup.of("g-all", DIR, "Everyone"),
                    new SourceVersion(T, "g"), false));
            for (int i = 0; i < USERS; i++) {
                String id = "u%05d".formatted(i);
                t.mirror().putUser(new MirrorUser(ScimHost.ORG, DirectoryUser.builder(id, DIR).userName("user" + i)
                        .email("user" + i + "@cost.test").idpId("ext-" + i).title(i % 2 == 0 ? "Engineer" : "Designer")
                        .formattedName("User " + i).active(i % 10 != 0).rawAttributes(Map.of("userName", "user" + i,
                                "title", i % 2 == 0 ? "Engineer" : "Designer", "active", i % 10 != 0))
                        .build(), new SourceVersion(T.plusSeconds(i), "u"), false));
                t.mirror().putMembership(new MirrorMembership(ScimHost.ORG, DIR, "g-all", id, true,
                        new SourceVersion(T, "m")));
            }
            return null;
        });
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
        pool.dispose();
    }

    private record Cost(long statements, long rows, long commits) {
    }

    private Cost cost(Supplier<ScimClient.Answer> request, int status) {
        counting.reset();
        ScimClient.Answer a = request.get();
        Cost c = new Cost(counting.statements.get(), counting.rows.get(), counting.commits.get());
        assertThat(a.status()).as(a.toString()).isEqualTo(status);
        return c;
    }

    /**
     * A page of ten users: the page (10 rows; a deep one first finds the user at its offset, 1), a count (1), the
     * users' groups with their names (1 row each here; one statement, or on H2 one index seek per user, all in one
     * read transaction), and the request's own reads (organization). A scan of the organization would read 2,000;
     * a transaction per user's groups (before) made a page of ten 10 transactions more.
     */
    private void assertPageOfTen(String what, Cost c) {
        assertThat(c.rows()).as(what + ": rows fetched, " + counting.prepared).isLessThanOrEqualTo(26);
        assertThat(c.statements()).as(what + ": statements, " + counting.prepared).isLessThanOrEqualTo(18);
        assertThat(c.commits()).as(what + ": transactions").isLessThanOrEqualTo(5);
    }

    @Test
    void filteredAndUnfilteredPagesReadAboutAPageOfRowsInAnOrganizationOf2000() {
        JsonNode[] last = new JsonNode[1];
        for (String filter : new String[]{"title eq \"engineer\"", "active eq false", "emails.value eq \"user7@cost.test\"",
                "meta.lastModified gt \"2026-01-01T00:16:00Z\"", "title sw \"Des\" and active eq true",
                "userName eq \"user42\"", "externalId eq \"ext-42\""}) {
            assertPageOfTen(filter, cost(() -> {
                ScimClient.Answer a = client.get("/Users?count=10&startIndex=11&filter=" + q(filter));
                last[0] = a.json();
                return a;
            }, 200));
            assertThat(last[0].path("totalResults").asInt()).as(filter).isPositive();
        }
        assertThat(client.get("/Users?count=1&filter=" + q("title eq \"engineer\"")).json().path("totalResults")
                .asInt()).isEqualTo(USERS / 2);
        assertThat(client.get("/Users?count=1&filter=" + q("meta.lastModified gt \"2026-01-01T00:16:00Z\""))
                .json().path("totalResults").asInt()).isEqualTo(USERS - 961);
        for (int start : new int[]{1, USERS / 2, USERS - 9}) {
            assertPageOfTen("startIndex " + start, cost(() -> client.get("/Users?count=10&startIndex=" + start), 200));
        }
        // a page of 100 costs the transactions of a page of ten: the users' groups are one read, not one per user
        Cost hundred = cost(() -> client.get("/Users?count=100&startIndex=" + USERS / 2), 200);
        assertThat(hundred.commits()).as("a page of 100: transactions").isLessThanOrEqualTo(5);
        assertThat(hundred.statements()).as("a page of 100: statements").isLessThanOrEqualTo(108);
        assertThat(hundred.rows()).as("a page of 100: rows").isLessThanOrEqualTo(216);
    }

    @Test
    void aOneMemberPatchOfAGroupOf2000ReadsAHandfulOfRowsAndAGroupWithoutMembersNoMembership() {
        Cost add = cost(() -> client.patch("/Groups/g-all", """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"remove","path":"members[value eq \\"u00007\\"]"}]}"""), 204);
        // measured 14 and 18 rows on H2 (the group, one membership, the user and its projection, the write
        // pipeline's own reads); the member list would be 2,000
        assertThat(add.rows()).as("remove one member: rows, " + counting.prepared).isLessThanOrEqualTo(22);
        Cost back = cost(() -> client.patch("/Groups/g-all", """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"add","path":"members","value":[{"value":"u00007"}]}]}"""), 204);
        assertThat(back.rows()).as("add one member: rows, " + counting.prepared).isLessThanOrEqualTo(22);
        Cost again = cost(() -> client.patch("/Groups/g-all", """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"add","path":"members","value":[{"value":"u00007"}]}]}"""), 204);
        assertThat(again.rows()).as("a present member: rows, " + counting.prepared).isLessThanOrEqualTo(8);

        Cost without = cost(() -> client.get("/Groups/g-all?excludedAttributes=members"), 200);
        assertThat(without.rows()).as("group without members: rows, " + counting.prepared).isLessThanOrEqualTo(4);
        Cost listed = cost(() -> client.get("/Groups?excludedAttributes=members&filter=" + q("displayName eq \"Everyone\"")), 200);
        assertThat(listed.rows()).as("group list without members: rows, " + counting.prepared).isLessThanOrEqualTo(4);
        JsonNode full = client.get("/Groups/g-all").json();
        assertThat(full.path("members").size()).isEqualTo(USERS);
    }
}
