package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static dev.dirsync.servlet.scim.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random filters and PATCH bodies, valid and broken, against real HTTP: every answer is a 2xx or a SCIM 4xx error,
 * never a 5xx. A fixed seed makes failures reproducible; two more seeds per run widen the search (the seed is in
 * the test name).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScimFuzzTest {
    private static final int REQUESTS_PER_SEED = 120;
    private static final String[] ATTRIBUTES = {"userName", "title", "active", "emails", "emails.value", "emails.type",
            "emails.primary", "name.givenName", "name", "meta.lastModified", "meta.created", "id", "externalId",
            "displayName", "members", "members.value", "nickName", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "roles", "password", "x.y.z", "",
            "emails[type eq \"work\"].value", "members[value eq \"nope\"]", "emails[", "]", "name..givenName"};
    private static final String[] OPERATORS = {"eq", "ne", "co", "sw", "ew", "pr", "gt", "ge", "lt", "le", "EQ", "xx", ""};
    private static final String[] VALUES = {"\"ann\"", "\"\"", "true", "false", "null", "42", "-1.5", "\"2026-01-01T00:00:00Z\"",
            "\"not a date\"", "\"\\\"quoted\\\"\"", "ann", "\"unterminated", "[1]", "{}"};
    private static final String[] OPS = {"add", "replace", "remove", "Add", "Replace", "Remove", "copy", "", "null"};
    private static final String[] JSON_VALUES = {"\"x\"", "true", "\"False\"", "null", "1", "[]", "{}", "[{\"value\":\"v\"}]",
            "{\"givenName\":\"G\"}", "{\"name.familyName\":\"F\",\"active\":\"True\"}", "[\"a\",\"b\"]",
            "{\"value\":null,\"$ref\":null}", "\"\"", "{\"password\":\"p\"}"};

    private ScimServer server;
    private ScimClient.Client client;
    private ScimClient.Client entra;
    private final List<String> userIds = new ArrayList<>();
    private String groupId;

    @BeforeAll
    void start() throws Exception {
        server = new ScimServer(b -> b.scim().scimRateLimit(100_000, 100_000));
        client = server.client("Okta", "directory_fuzz");
        entra = server.client("Microsoft Entra ID", "directory_fuzz");
        for (String name : List.of("ann", "bob", "cid")) {
            userIds.add(client.post("/Users", """
                    {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "%s", "title": "T %s",
                     "emails": [{"value": "%s@x.test", "type": "work", "primary": true}]}
                    """.formatted(name, name, name)).json().path("id").asText());
        }
        groupId = client.post("/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"G\",\"members\":[{\"value\":\"" + userIds.get(0) + "\"}]}").json().path("id").asText();
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    static Stream<Long> seeds() {
        Random r = new Random();
        return Stream.concat(Stream.of(20260302L), LongStream.generate(r::nextLong).limit(2).boxed());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomFiltersAndPatchesNeverCauseA5xx(long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < REQUESTS_PER_SEED; i++) {
            ScimClient.Client c = r.nextBoolean() ? client : entra;
            ScimClient.Answer a;
            String request;
            if (r.nextInt(3) == 0) {
                String resource = r.nextBoolean() ? "/Users" : "/Groups";
                String url = resource + "?filter=" + q(filter(r, 0)) + "&sortBy=" + q(pick(r, ATTRIBUTES))
                        + "&startIndex=" + (r.nextInt(5) - 1) + "&count=" + (r.nextInt(5) - 1)
                        + (r.nextBoolean() ? "&excludedAttributes=" + q(pick(r, ATTRIBUTES)) : "");
                request = "GET " + java.net.URLDecoder.decode(url, java.nio.charset.StandardCharsets.UTF_8);
                a = c.get(url);
            } else {
                boolean user = r.nextInt(4) > 0;
                String path = user ? "/Users/" + userIds.get(r.nextInt(userIds.size())) : "/Groups/" + groupId;
                String body = patch(r);
                request = "PATCH " + path + " " + body;
                a = c.patch(path, body);
            }
            assertThat(a.status()).as(request + "\n-> " + a).isBetween(200, 499);
            if (a.status() >= 400) {
                JsonNode e = a.json();
                assertThat(e.path("schemas").get(0).asText()).as(request + "\n-> " + a)
                        .isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
            }
        }
    }

    private static String filter(Random r, int depth) {
        int shape = depth > 2 ? 0 : r.nextInt(6);
        return switch (shape) {
            case 1 -> filter(r, depth + 1) + " and " + filter(r, depth + 1);
            case 2 -> filter(r, depth + 1) + " or " + filter(r, depth + 1);
            case 3 -> "not (" + filter(r, depth + 1) + ")";
            case 4 -> "emails[type eq " + pick(r, VALUES) + " and " + filter(r, depth + 1) + "]";
            default -> {
                String op = pick(r, OPERATORS);
                yield pick(r, ATTRIBUTES) + " " + op + (op.equalsIgnoreCase("pr") ? "" : " " + pick(r, VALUES));
            }
        };
    }

    private static String patch(Random r) {
        StringBuilder ops = new StringBuilder();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                ops.append(',');
            }
            ops.append("{\"op\":\"").append(pick(r, OPS)).append('"');
            if (r.nextInt(4) > 0) {
                ops.append(",\"path\":").append(ScimClient.json(pick(r, ATTRIBUTES)));
            }
            if (r.nextInt(4) > 0) {
                ops.append(",\"value\":").append(pick(r, JSON_VALUES));
            }
            ops.append('}');
        }
        String body = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[" + ops + "]}";
        return r.nextInt(20) == 0 ? body.substring(0, r.nextInt(body.length())) : body;
    }

    private static String pick(Random r, String[] options) {
        return options[r.nextInt(options.length)];
    }
}
