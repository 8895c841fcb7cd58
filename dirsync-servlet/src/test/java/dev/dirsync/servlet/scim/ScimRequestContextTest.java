package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.state.MirrorUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static dev.dirsync.servlet.scim.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Everything a SCIM request depends on (its organization, directory and IdP dialect) travels with that request:
 * concurrent requests of two organizations, or of two IdPs, never act on each other's behalf.
 */
class ScimRequestContextTest {
    private static final int THREADS = 8;
    private static final int REQUESTS_PER_THREAD = 50;
    private ScimServer server;

    @BeforeEach
    void start() throws Exception {
        server = new ScimServer(b -> b.scim().scimRateLimit(1_000_000, 1_000_000));
        server.sync.createOrganization("globex", "Globex Corp.");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void twoOrganizationsCreatingAndReadingAtOnceNeverSeeOrWriteEachOthersUsers() throws Exception {
        ScimClient.Client acme = server.client("Okta", "directory_acme");
        ScimClient.Client globex = server.clientWithToken(server.sync.issueScimCredential("globex",
                "directory_globex", "Microsoft Entra ID", Source.admin("it@globex.test")).token());
        Set<String> acmeIds = ConcurrentHashMap.newKeySet();
        Set<String> globexIds = ConcurrentHashMap.newKeySet();
        List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                boolean isAcme = t % 2 == 0;
                ScimClient.Client me = isAcme ? acme : globex;
                Set<String> mine = isAcme ? acmeIds : globexIds;
                Set<String> theirs = isAcme ? globexIds : acmeIds;
                String tenant = isAcme ? "acme" : "globex";
                int thread = t;
                done.add(pool.submit((Callable<Void>) () -> {
                    go.await();
                    for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
                        switch (i % 3) {
                            case 0 -> {
                                ScimClient.Answer a = me.post("/Users", """
                                        {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                                         "userName": "%s-%d-%d@%s.test", "title": "%s"}
                                        """.formatted(tenant, thread, i, tenant, tenant));
                                if (a.status() != 201 || !a.json().path("title").asText().equals(tenant)) {
                                    problems.add(tenant + " create -> " + a);
                                }
                                mine.add(a.json().path("id").asText());
                            }
                            case 1 -> {
                                ScimClient.Answer a = me.get("/Users?count=200&filter=" + q("title pr"));
                                for (JsonNode u : a.json().path("Resources")) {
                                    if (!u.path("title").asText().equals(tenant)) {
                                        problems.add(tenant + " listed " + u);
                                    }
                                }
                            }
                            default -> {
                                for (String other : List.copyOf(theirs).subList(0, Math.min(3, theirs.size()))) {
                                    ScimClient.Answer a = me.get("/Users/" + other);
                                    if (a.status() != 404) {
                                        problems.add(tenant + " read another organization's user -> " + a);
                                    }
                                }
                                for (String own : List.copyOf(mine).subList(0, Math.min(3, mine.size()))) {
                                    ScimClient.Answer a = me.get("/Users/" + own);
                                    if (a.status() != 200 || !a.json().path("title").asText().equals(tenant)) {
                                        problems.add(tenant + " read its own user -> " + a);
                                    }
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(problems).isEmpty();
        int creates = THREADS / 2 * ((REQUESTS_PER_THREAD + 2) / 3);
        assertThat(titles("acme")).hasSize(creates).containsOnly("acme");
        assertThat(titles("globex")).hasSize(creates).containsOnly("globex");
        assertThat(ids("acme")).isEqualTo(acmeIds);
        assertThat(ids("globex")).isEqualTo(globexIds);
        assertThat(acme.get("/Users?count=0").json().path("totalResults").asInt()).isEqualTo(creates);
        assertThat(globex.get("/Users?count=0").json().path("totalResults").asInt()).isEqualTo(creates);
    }

    @Test
    void anOktaPatchWhoseFilterMatchesNothingIsRefusedWhileEntraIdGetsItsWorkaround() {
        ScimClient.Client okta = server.client("Okta", "directory_okta");
        ScimClient.Client entra = server.client("Microsoft Entra ID", "directory_entra");
        String body = """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "%s",
                 "emails": [{"value": "ann@work.test", "type": "work", "primary": true}]}
                """;
        String oktaUser = okta.post("/Users", body.formatted("ann@okta.test")).json().path("id").asText();
        String entraUser = entra.post("/Users", body.formatted("ann@entra.test")).json().path("id").asText();
        String addHomeEmail = """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "path": "emails[type eq \\"home\\"].value", "value": "ann@home.test"}]}
                """;

        // Entra ID sends this to add a value (SCIM-SDK's MsAzure filter workaround, switched on for Entra ID only)
        ScimClient.Answer entraAnswer = entra.patch("/Users/" + entraUser, addHomeEmail);
        assertThat(entraAnswer.status()).as(entraAnswer.toString()).isEqualTo(200);
        assertThat(entraAnswer.json().path("emails").findValuesAsText("value")).contains("ann@home.test");
        // RFC 7644 3.5.2.3: a filter that matches nothing is an error for every other client
        ScimClient.Answer oktaAnswer = okta.patch("/Users/" + oktaUser, addHomeEmail);
        GenericRfcClientTest.assertError(oktaAnswer, 400, "noTarget");
        assertThat(okta.get("/Users/" + oktaUser).json().path("emails").findValuesAsText("value"))
                .containsExactly("ann@work.test");
    }

    private List<String> titles(String org) {
        return server.sync.directoryUsers(org).stream().map(u -> u.user().title()).toList();
    }

    private Set<String> ids(String org) {
        return server.sync.directoryUsers(org).stream().map(MirrorUser::user).map(u -> u.id())
                .collect(Collectors.toSet());
    }
}
