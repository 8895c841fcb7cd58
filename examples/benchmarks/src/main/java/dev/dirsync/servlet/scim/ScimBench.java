package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * JMH: SCIM filter parsing and evaluation against one user ({@link ScimFilter}, {@link ScimMatcher}: what a list
 * with a filter the store cannot answer costs per candidate) and PATCH application ({@link ScimPatch}) on a user
 * and on a group of {@code members} members (one member added: the PATCH an IdP sends per membership change).
 *
 * <p>In the package of the SCIM classes because they are package-private (dirsync's API is not widened for a
 * benchmark); run from the class path by {@code run.sh jmh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ScimBench {
    /** What Okta, Entra and custom clients send: an indexed eq, and a compound one no index answers. */
    static final String EQ = "userName eq \"ann.lee@acme.test\"";
    static final String COMPOUND = "active eq true and (title co \"Engineer\" or emails[type eq \"work\" and "
            + "value ew \"@acme.test\"]) and meta.lastModified gt \"2026-01-01T00:00:00Z\"";

    private ScimMatcher eq;
    private ScimMatcher compound;
    private ObjectNode user;
    private List<ObjectNode> userOps;

    @Setup
    public void setUp() throws Exception {
        user = (ObjectNode) ScimJson.MAPPER.readTree("""
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "id": "8f14e45f-ceea-467f-a0e6-0b1f2a3c4d5e", "externalId": "00u1a2b3c4d5e6f7g8h9",
                 "userName": "ann.lee@acme.test", "active": true, "title": "Senior Engineer",
                 "displayName": "Ann Lee", "locale": "en-US", "timezone": "Europe/Berlin",
                 "name": {"givenName": "Ann", "familyName": "Lee", "formatted": "Ann Lee"},
                 "emails": [{"value": "ann.lee@acme.test", "type": "work", "primary": true},
                            {"value": "ann@home.test", "type": "home", "primary": false}],
                 "phoneNumbers": [{"value": "+49 30 1234567", "type": "work"}],
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Engineering",
                   "employeeNumber": "10042", "costCenter": "CC-17", "division": "R&D", "organization": "Acme",
                   "manager": {"value": "00u0manager00000000"}},
                 "meta": {"resourceType": "User", "created": "2026-01-05T09:00:00Z",
                          "lastModified": "2026-02-01T10:00:00Z", "version": "W/\\"3\\""}}
                """);
        userOps = ScimPatch.operations(ScimJson.MAPPER.readTree("""
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
                  {"op": "replace", "path": "title", "value": "Staff Engineer"},
                  {"op": "replace", "path": "emails[type eq \\"work\\"].value", "value": "ann@acme.test"},
                  {"op": "add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
                   "value": "Platform"},
                  {"op": "replace", "value": {"active": true, "displayName": "Ann Lee-Chen"}}]}
                """));
        eq = ScimMatcher.of(EQ, ScimResourceType.USER);
        compound = ScimMatcher.of(COMPOUND, ScimResourceType.USER);
        if (!eq.matches(user) || !compound.matches(user)) {
            throw new IllegalStateException("the sample user should match both filters");
        }
    }

    @Benchmark
    public Object parseCompoundFilter() {
        return ScimFilter.parse(COMPOUND);
    }

    /** Parse and check against the User schema: what a list request does once. */
    @Benchmark
    public Object compileCompoundFilter() {
        return ScimMatcher.of(COMPOUND, ScimResourceType.USER);
    }

    /** Per candidate user, when the store cannot answer the filter. */
    @Benchmark
    public boolean matchEq() {
        return eq.matches(user);
    }

    @Benchmark
    public boolean matchCompound() {
        return compound.matches(user);
    }

    /** Four operations on a user (path, value filter, extension, path-less). */
    @Benchmark
    public JsonNode patchUser() {
        return new ScimPatch(ScimResourceType.USER, false).apply(user, userOps);
    }

    /** One member added to a group of {@code members}: apply copies the resource, so this grows with the group. */
    @Benchmark
    public JsonNode patchGroup(Group g) {
        return new ScimPatch(ScimResourceType.GROUP, false).apply(g.group, g.operations);
    }

    /** A group as served with its member list, and a PATCH adding one member. */
    @State(Scope.Benchmark)
    public static class Group {
        @Param({"100", "10000"})
        public int members;

        ObjectNode group;
        List<ObjectNode> operations;

        @Setup
        public void setUp() throws Exception {
            group = ScimJson.MAPPER.createObjectNode();
            group.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:Group");
            group.put("id", "b1946ac9-2492-4dd8-9b2b-5a7e8c9d0e1f").put("displayName", "Engineering");
            ArrayNode m = group.putArray("members");
            for (int i = 0; i < members; i++) {
                m.addObject().put("value", "user-" + i);
            }
            operations = ScimPatch.operations(ScimJson.MAPPER.readTree("""
                    {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
                      {"op": "add", "path": "members", "value": [{"value": "user-new"}]}]}
                    """));
            if (new ScimPatch(ScimResourceType.GROUP, false).apply(group, operations).path("members").size()
                    != members + 1) {
                throw new IllegalStateException("the PATCH should add one member");
            }
        }
    }
}
