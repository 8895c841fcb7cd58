package dev.dirsync.core.workos;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.SessionRevoker;
import dev.dirsync.core.spi.UserStore;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * JMH: the CPU a WorkOS webhook costs before any database work. One realistic {@code dsync.group.user_added}
 * (the user's and the group's full snapshots, as WorkOS sends them; ~2 KB), verified with dirsync's
 * {@link WebhookVerifier} (workos-java's HMAC-SHA256 check), parsed, and translated by {@link EventTranslator} into
 * a dirsync event. The translator looks the organization and the directory's provider up through
 * {@link DirectorySync}; here over the in-memory store, so that lookup costs what a map read costs (over JDBC it is
 * two short read transactions, measured by the HTTP benchmarks, not here).
 *
 * <p>In the package of {@link EventTranslator} because the translator is package-private (dirsync's API is not
 * widened for a benchmark); run from the class path by {@code run.sh jmh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WorkosWebhookBench {
    static final String SECRET = "whsec_bench";
    static final String WORKOS_ORG = "org_01BENCHACME0000000000000";
    static final String DIRECTORY = "directory_01BENCHOKTA000000000000";

    private byte[] body;
    private String payload;
    private String signature;
    private WebhookVerifier verifier;
    private EventTranslator translator;
    private Map<String, Object> envelope;

    @Setup
    public void setUp() {
        DirectorySync sync = DirectorySync.builder().userStore(untouchedUserStore())
                .sessionRevoker(SessionRevoker.NONE).apiKeyRevoker(ApiKeyRevoker.NONE)
                .stateStore(new InMemoryStateStore()).build();
        sync.createOrganization("acme", "Acme", WORKOS_ORG, OrganizationSettings.defaults());
        translator = new EventTranslator(sync);
        // the directory, so that the provider is looked up as for a real event
        EventTranslator.Translation activated = translator.translate(Json.parseObject(activated()));
        sync.accept(((EventTranslator.Translation.Translated) activated).event());
        payload = membershipAdded();
        body = payload.getBytes(StandardCharsets.UTF_8);
        // the longest tolerance: a trial lasts longer than WorkOS's 3 minutes would allow one signature to live
        verifier = new WebhookVerifier(List.of(SECRET), WebhookVerifier.MAX_TOLERANCE, Clock.systemUTC());
        signature = WebhookVerifier.sign(payload, SECRET, System.currentTimeMillis());
        envelope = Json.parseObject(payload);
        if (!(translator.translate(envelope) instanceof EventTranslator.Translation.Translated)
                || !(verifier.verify(body, signature) instanceof WebhookVerifier.Check.Valid)) {
            throw new IllegalStateException("the sample event does not verify and translate");
        }
    }

    /** The HMAC check alone (UTF-8 decode, workos-java's header parse and HMAC-SHA256, constant-time compare). */
    @Benchmark
    public Object verify() {
        return verifier.verify(body, signature);
    }

    /** Jackson, the body into the map the translator reads. */
    @Benchmark
    public Object parse() {
        return Json.parseObject(payload);
    }

    /** The parsed envelope into a dirsync event (WorkosObjects mapping, organization and provider lookups). */
    @Benchmark
    public Object translate() {
        return translator.translate(envelope);
    }

    /** What a delivery costs before the write: verify, parse, translate. */
    @Benchmark
    public Object verifyParseTranslate() {
        WebhookVerifier.Check c = verifier.verify(body, signature);
        return translator.translate(Json.parseObject(((WebhookVerifier.Check.Valid) c).payload()));
    }

    /** The translator never reaches the host: any call would be a bug of the benchmark. */
    private static UserStore untouchedUserStore() {
        return (UserStore) Proxy.newProxyInstance(UserStore.class.getClassLoader(), new Class<?>[]{UserStore.class},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("hashCode") ? 0 : method.getName().equals("equals") ? false
                                : "untouchedUserStore";
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static String activated() {
        return """
                {"object": "event", "id": "event_bench_activated", "event": "dsync.activated",
                 "created_at": "%s",
                 "data": {"object": "directory", "id": "%s", "organization_id": "%s", "name": "Acme Okta",
                  "state": "active", "type": "okta scim v2.0", "domains": [{"domain": "acme.test"}],
                  "created_at": "2026-01-05T09:00:00.000Z", "updated_at": "2026-01-05T09:00:00.000Z"}}
                """.formatted(Instant.now().minus(Duration.ofMinutes(1)), DIRECTORY, WORKOS_ORG);
    }

    /** As WorkOS sends it (and as WebhookLoad generates it): the user's and the group's current snapshots. */
    static String membershipAdded() {
        return """
                {"object": "event", "id": "event_01BENCH0000000000000000001", "event": "dsync.group.user_added",
                 "created_at": "%1$s",
                 "data": {"directory_id": "%2$s",
                  "user": {"object": "directory_user", "id": "directory_user_01BENCHANN00000000000000",
                   "idp_id": "00u1a2b3c4d5e6f7g8h9", "directory_id": "%2$s", "organization_id": "%3$s",
                   "first_name": "Ann", "last_name": "Lee", "email": "ann.lee@acme.test", "state": "active",
                   "created_at": "2026-01-05T09:00:00.000Z", "updated_at": "%1$s", "username": "ann.lee@acme.test",
                   "job_title": "Senior Engineer",
                   "emails": [{"primary": true, "type": "work", "value": "ann.lee@acme.test"},
                              {"primary": false, "type": "home", "value": "ann@home.test"}],
                   "groups": [{"object": "directory_group", "id": "directory_group_01BENCHENGINEERING",
                               "name": "Engineering"}],
                   "raw_attributes": {"userName": "ann.lee@acme.test", "title": "Senior Engineer", "active": true,
                    "displayName": "Ann Lee", "locale": "en-US", "timezone": "Europe/Berlin",
                    "name": {"givenName": "Ann", "familyName": "Lee", "formatted": "Ann Lee"},
                    "emails": [{"primary": true, "type": "work", "value": "ann.lee@acme.test"}],
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Engineering",
                     "employeeNumber": "10042", "costCenter": "CC-17", "division": "R&D", "organization": "Acme",
                     "manager": {"value": "00u0manager00000000", "displayName": "Bo Chen"}}},
                   "custom_attributes": {"department_name": "Engineering", "employee_number": "10042",
                    "cost_center": "CC-17", "division": "R&D", "manager_id": "00u0manager00000000"},
                   "role": {"slug": "member"}},
                  "group": {"object": "directory_group", "id": "directory_group_01BENCHENGINEERING",
                   "idp_id": "00g1a2b3c4d5e6f7g8h9", "directory_id": "%2$s", "organization_id": "%3$s",
                   "name": "Engineering", "created_at": "2026-01-05T09:00:00.000Z",
                   "updated_at": "2026-01-05T09:00:00.000Z",
                   "raw_attributes": {"displayName": "Engineering"}}}}
                """.formatted(Instant.now().toString(), DIRECTORY, WORKOS_ORG);
    }
}
