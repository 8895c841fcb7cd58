package dev.dirsync.servlet.scim;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;

import static dev.dirsync.servlet.scim.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/** Filters as RFC 7644 §3.4.2.2 defines them, on every attribute of the schemas, with each attribute's caseExact. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScimFiltersTest {
    private ScimServer server;
    private ScimClient.Client client;

    @BeforeAll
    void start() throws Exception {
        server = new ScimServer(b -> b.scim().scimRateLimit(10_000, 10_000));
        client = server.client("Generic SCIM", "directory_filters");
        user("ann", "ABC-1", "ann@work.test", "ann@home.test", "2026-01-10T08:00:00Z");
        user("bob", "abc-1", "bob@work.test", "bob@home.test", "2025-06-01T08:00:00Z");
        user("cid", "xyz-9", "cid@WORK.test", "cid@other.test", "2024-01-01T00:00:00Z");
        for (String name : List.of("Engineering", "Sales")) {
            assertThat(client.post("/Groups", """
                    {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "%s"}
                    """.formatted(name)).status()).isEqualTo(201);
        }
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    private void user(String name, String externalId, String work, String home, String hired) {
        ScimClient.Answer a = client.post("/Users", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "userName": "%s", "externalId": "%s", "nickName": "%s",
                 "emails": [{"value": "%s", "type": "work", "primary": true}, {"value": "%s", "type": "home"}],
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"employeeNumber": "%s",
                     "manager": {"value": "boss-%s"}}}
                """.formatted(name, externalId, hired, work, home, name.length(), name));
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
    }

    private List<String> users(String filter) {
        ScimClient.Answer a = client.get("/Users?sortBy=userName&filter=" + q(filter));
        assertThat(a.status()).as(filter + " -> " + a).isEqualTo(200);
        List<String> out = new ArrayList<>();
        a.json().path("Resources").forEach(u -> out.add(u.path("userName").asText()));
        return out;
    }

    /** userNames of a list without sortBy, sorted here: a filter the store answers whole is paged there. */
    private List<String> byStore(String filter) {
        ScimClient.Answer a = client.get("/Users?filter=" + q(filter));
        assertThat(a.status()).as(filter + " -> " + a).isEqualTo(200);
        List<String> out = new ArrayList<>();
        a.json().path("Resources").forEach(u -> out.add(u.path("userName").asText()));
        assertThat(a.json().path("totalResults").asInt()).isEqualTo(out.size());
        return out.stream().sorted().toList();
    }

    @Test
    void filtersTheStoreAnswersMatchWhatDirsyncsOwnEvaluationMatches() {
        // "or" is never given to the store: the second form is evaluated by ScimMatcher over every user
        for (String f : List.of("emails.value eq \"ANN@home.test\"", "emails co \"bob\"", "emails sw \"cid@\"",
                "emails[value eq \"bob@work.test\"]", "emails.value eq \"ann@home\"", "userName sw \"B\"",
                "userName co \"i\"", "externalId eq \"abc-1\"", "externalId eq \"ABC-1\"", "active eq false",
                "meta.lastModified gt \"2000-01-01T00:00:00Z\"", "meta.lastModified lt \"2000-01-01T00:00:00Z\"",
                "userName eq \"ann\" and emails co \"home\"", "title eq \"x\"")) {
            List<String> evaluated = users("(" + f + ") or userName eq \"-nobody-\"");
            assertThat(byStore(f)).as(f).isEqualTo(evaluated);
        }
        assertThat(byStore("emails.value eq \"ANN@home.test\"")).containsExactly("ann");
        assertThat(byStore("userName co \"i\"")).containsExactly("cid");
        // the one difference, documented: the store counts a user created without "active" as active
        assertThat(byStore("active eq true")).containsExactly("ann", "bob", "cid");
    }

    @Test
    void aMultiValuedComplexAttributeWithoutSubAttributeMeansItsValue() {
        assertThat(users("emails co \"bob\"")).containsExactly("bob");
        assertThat(users("emails eq \"ann@home.test\"")).containsExactly("ann");
        assertThat(users("emails sw \"cid@\"")).containsExactly("cid");
        assertThat(users("emails pr")).containsExactly("ann", "bob", "cid");
    }

    @Test
    void subAttributesAndValuePathsOfMultiValuedAttributes() {
        assertThat(users("emails.value ew \"home.test\"")).containsExactly("ann", "bob");
        assertThat(users("emails[type eq \"work\" and value co \"bob\"]")).containsExactly("bob");
        assertThat(users("emails[type eq \"home\" and value co \"work\"]")).isEmpty();
        assertThat(users("emails[type eq \"home\" or primary eq true] and userName ne \"ann\"")).containsExactly("bob", "cid");
        assertThat(users("emails[not (type eq \"work\")]")).containsExactly("ann", "bob", "cid");
        // without brackets each term may match another value of the attribute (RFC 7644 §3.4.2.2)
        assertThat(users("emails.type eq \"home\" and emails.value eq \"bob@work.test\"")).containsExactly("bob");
        assertThat(users("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"boss-cid\""))
                .containsExactly("cid");
        assertThat(users("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager eq \"boss-ann\""))
                .containsExactly("ann");
    }

    @Test
    void caseSensitivityComesFromEachAttributesCaseExact() {
        assertThat(users("USERNAME eq \"BOB\"")).containsExactly("bob");
        assertThat(users("emails.value eq \"CID@work.TEST\"")).containsExactly("cid");
        assertThat(users("externalId eq \"abc-1\"")).as("externalId is caseExact").containsExactly("bob");
        assertThat(users("externalId sw \"ABC\"")).containsExactly("ann");
        assertThat(users("id pr and userName gt \"ann\"")).containsExactly("bob", "cid");
    }

    @Test
    void dateTimesCompareAsInstantsAndNumbersAndBooleansByValue() {
        assertThat(users("meta.created gt \"2000-01-01T00:00:00Z\"")).containsExactly("ann", "bob", "cid");
        assertThat(users("meta.lastModified lt \"2000-01-01T00:00:00+01:00\"")).isEmpty();
        assertThat(users("not (active eq false) and not (emails.primary eq false)")).containsExactly("ann", "bob", "cid");
        assertThat(users("active pr")).as("unassigned: none of them was sent active").isEmpty();
    }

    @Test
    void groupDisplayNameIgnoresCaseInFiltersAndUniqueness() {
        ScimClient.Answer a = client.get("/Groups?filter=" + q("displayName eq \"engineering\""));
        assertThat(a.json().path("totalResults").asInt()).as(a.toString()).isEqualTo(1);
        assertThat(a.json().path("Resources").get(0).path("displayName").asText()).isEqualTo("Engineering");
        assertThat(client.get("/Groups?filter=" + q("displayName co \"SAL\"")).json().path("totalResults").asInt())
                .isEqualTo(1);
        ScimClient.Answer twin = client.post("/Groups", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "SALES"}""");
        GenericRfcClientTest.assertError(twin, 409, "uniqueness");
    }

    @Test
    void searchWithPostUsesTheSameFilters() {
        ScimClient.Answer a = client.post("/Users/.search", """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                 "filter": "emails[type eq \\"home\\" and value sw \\"cid@WORK\\"]", "sortBy": "userName"}""");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().path("totalResults").asInt()).isEqualTo(0);
        ScimClient.Answer b = client.post("/Users/.search", """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "filter": "emails co \\"ann\\""}""");
        assertThat(b.json().path("totalResults").asInt()).as(b.toString()).isEqualTo(1);
        GenericRfcClientTest.assertError(client.post("/Users/.search", """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "filter": "emails co"}"""),
                400, "invalidFilter");
    }

    @Test
    void aSearchAtTheRootSpansUsersAndGroups() {
        ScimClient.Answer all = client.post("/.search", """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "attributes": ["id"]}""");
        assertThat(all.status()).as(all.toString()).isEqualTo(200);
        assertThat(all.json().path("totalResults").asInt()).isEqualTo(5);
        ScimClient.Answer page = client.post("/.search", """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "startIndex": 3, "count": 2}""");
        assertThat(page.json().path("Resources").size()).isEqualTo(2);
        assertThat(page.json().path("Resources").get(1).path("displayName").asText()).as("users, then groups")
                .isNotEmpty();
        ScimClient.Answer named = client.post("/.search", """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                 "filter": "displayName sw \\"s\\" or displayName sw \\"E\\""}""");
        assertThat(named.json().path("totalResults").asInt()).as("users and groups have a displayName").isEqualTo(2);
        ScimClient.Answer users = client.post("/.search", """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "filter": "userName sw \\"a\\""}""");
        assertThat(users.json().path("totalResults").asInt()).as("groups have no userName: none match").isEqualTo(1);
        GenericRfcClientTest.assertError(client.post("/.search", """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "filter": "shoeSize eq 1"}"""),
                400, "invalidFilter");
    }

    @Test
    void malformedOrMeaninglessFiltersAre400InvalidFilterInDirsyncsWords() {
        for (String bad : List.of("userName eq", "userName xx \"ann\"", "(userName eq \"ann\"", "userName eq \"ann",
                "shoeSize eq \"42\"", "emails.kind eq \"work\"", "active gt true", "active eq \"yes\"",
                "meta.lastModified gt \"yesterday\"", "userName eq 42", "name eq \"Ann\"", "emails[type eq \"work\"",
                "title[value eq \"x\"]", "emails[type eq \"work\" and emails[primary eq true]]", "urn:acme:User:x eq \"1\"",
                "userName eq \"ann\" and", "not userName eq \"ann\"")) {
            ScimClient.Answer a = client.get("/Users?filter=" + q(bad));
            GenericRfcClientTest.assertError(a, 400, "invalidFilter");
            assertThat(a.json().path("detail").asText()).as(bad).doesNotContainIgnoringCase("patch")
                    .contains("'");
        }
    }
}
