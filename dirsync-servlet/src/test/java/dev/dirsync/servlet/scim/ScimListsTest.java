package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import dev.dirsync.servlet.RateLimiter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.dirsync.servlet.scim.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lists read the mirror a page at a time (here 3 users or groups per page, so every list spans several) and
 * answer the requested page with the count of every match, filtered and sorted as if evaluated over everything.
 */
class ScimListsTest {
    private static final String DIR = "directory_lists";
    private static final int SCAN_PAGE = 3;
    private static final int MAX_FILTER_CANDIDATES = 20;
    private ScimServer server;
    private ScimClient.Client client;

    @BeforeEach
    void start() throws Exception {
        server = new ScimServer(new InMemoryStateStore(), sync -> Map.of("/scim/v2/*", new ScimServlet(sync,
                new RateLimiter(100_000, 100_000), new ScimSettings(200, 1_000, 4 * 1024 * 1024,
                MAX_FILTER_CANDIDATES), SCAN_PAGE)));
        client = server.client("Generic SCIM", DIR);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private String user(String name, String title) {
        ScimClient.Answer a = client.post("/Users", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "%s", "title": "%s"}
                """.formatted(name, title));
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json().path("id").asText();
    }

    private String group(String name, String... members) {
        StringBuilder m = new StringBuilder();
        for (String id : members) {
            m.append(m.length() == 0 ? "" : ",").append("{\"value\":\"").append(id).append("\"}");
        }
        ScimClient.Answer a = client.post("/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"" + name + "\",\"members\":[" + m + "]}");
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json().path("id").asText();
    }

    private JsonNode list(String query) {
        ScimClient.Answer a = client.get(query);
        assertThat(a.status()).as(query + " -> " + a).isEqualTo(200);
        return a.json();
    }

    private static List<String> values(JsonNode list, String attribute) {
        List<String> out = new ArrayList<>();
        list.path("Resources").forEach(r -> out.add(r.path(attribute).asText()));
        return out;
    }

    @Test
    void aFilteredListCountsEveryMatchAcrossTheMirrorsPagesAndReturnsOnlyTheRequestedOnes() {
        Set<String> engineers = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            String name = "u%02d".formatted(i);
            user(name, i % 2 == 0 ? "Engineer" : "Designer");
            if (i % 2 == 0) {
                engineers.add(name);
            }
        }
        String engineer = "&filter=" + q("title eq \"Engineer\"");
        Set<String> paged = new HashSet<>();
        for (int start = 1; start <= 5; start += 2) {
            JsonNode page = list("/Users?count=2&startIndex=" + start + engineer);
            assertThat(page.path("totalResults").asInt()).isEqualTo(5);
            assertThat(page.path("startIndex").asInt()).isEqualTo(start);
            paged.addAll(values(page, "userName"));
        }
        assertThat(paged).isEqualTo(engineers);

        JsonNode sorted = list("/Users?count=2&startIndex=2&sortBy=userName&sortOrder=descending" + engineer);
        assertThat(sorted.path("totalResults").asInt()).isEqualTo(5);
        assertThat(values(sorted, "userName")).containsExactly("u06", "u04");
        assertThat(values(list("/Users?sortBy=userName&count=3"), "userName")).containsExactly("u00", "u01", "u02");
        JsonNode onlyCount = list("/Users?count=0" + engineer);
        assertThat(onlyCount.path("totalResults").asInt()).isEqualTo(5);
        assertThat(onlyCount.path("Resources").isMissingNode()).isTrue();
        assertThat(list("/Users?startIndex=6" + engineer).path("totalResults").asInt()).isEqualTo(5);
    }

    @Test
    void anIdpPagesThroughEveryUserWhateverTheFilterLimitWhileUnindexedFiltersStayBounded() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < MAX_FILTER_CANDIDATES + 5; i++) {
            ids.add(user("user" + i, "T"));
        }
        Set<String> seen = new HashSet<>();
        for (int start = 1; start <= ids.size(); start += 10) {
            JsonNode page = list("/Users?count=10&startIndex=" + start);
            assertThat(page.path("totalResults").asInt()).isEqualTo(ids.size());
            seen.addAll(values(page, "id"));
        }
        assertThat(seen).isEqualTo(ids);
        assertThat(list("/Users?filter=" + q("userName eq \"user7\"")).path("totalResults").asInt()).isEqualTo(1);
        assertThat(list("/Users?filter=" + q("externalId eq \"none\" and title eq \"T\"")).path("totalResults")
                .asInt()).isZero();
        // answered by the store, so no limit: an IdP pages through every match
        seen.clear();
        for (int start = 1; start <= ids.size(); start += 10) {
            JsonNode page = list("/Users?count=10&startIndex=" + start + "&filter=" + q("title eq \"t\" and active eq true"));
            assertThat(page.path("totalResults").asInt()).isEqualTo(ids.size());
            seen.addAll(values(page, "id"));
        }
        assertThat(seen).isEqualTo(ids);

        ScimClient.Answer unindexed = client.get("/Users?filter=" + q("title eq \"T\" or displayName eq \"x\""));
        GenericRfcClientTest.assertError(unindexed, 400, "tooMany");
        assertThat(unindexed.json().path("detail").asText()).contains("userName");
        ScimClient.Answer sorted = client.get("/Users?sortBy=userName&filter=" + q("title eq \"T\""));
        GenericRfcClientTest.assertError(sorted, 400, "tooMany");
    }

    @Test
    void groupListsFilterOnMembersEvenWhenMembersAreNotReturned() {
        String ann = user("ann", "T");
        String bob = user("bob", "T");
        for (int i = 0; i < 7; i++) {
            group("Team " + i, i % 3 == 0 ? new String[]{ann, bob} : new String[]{bob});
        }
        group("Others");
        JsonNode annsGroups = list("/Groups?excludedAttributes=members&filter=" + q("members.value eq \"" + ann + "\""));
        assertThat(values(annsGroups, "displayName")).containsExactlyInAnyOrder("Team 0", "Team 3", "Team 6");
        assertThat(annsGroups.path("Resources").get(0).has("members")).isFalse();

        JsonNode page = list("/Groups?sortBy=displayName&startIndex=3&count=2&filter=" + q("displayName sw \"Team\""));
        assertThat(page.path("totalResults").asInt()).isEqualTo(7);
        assertThat(values(page, "displayName")).containsExactly("Team 2", "Team 3");
        assertThat(page.path("Resources").get(1).path("members").findValuesAsText("value"))
                .containsExactlyInAnyOrder(ann, bob);

        JsonNode all = list("/Groups?startIndex=7&count=5");
        assertThat(all.path("totalResults").asInt()).isEqualTo(8);
        assertThat(values(all, "displayName")).containsExactly("Team 5", "Team 6");
        assertThat(all.path("Resources").get(0).path("members").findValuesAsText("value")).containsExactly(bob);
        assertThat(values(list("/Groups?filter=" + q("displayName eq \"Others\"")), "displayName"))
                .containsExactly("Others");
    }
}
