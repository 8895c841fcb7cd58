package dev.dirsync.core.workos;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.SessionRevoker;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The webhook signature check: tampered body, wrong secret, stale timestamp are refused and nothing is stored. */
class WorkosSignatureTest {
    static final String CURRENT = "wh_secret_current";
    static final String OLD = "wh_secret_old";

    HostUsers host;
    final InMemoryStateStore state = new InMemoryStateStore();
    DirectorySync sync;
    WebhookReceiver receiver;
    String body;
    long now;

    @BeforeEach
    void setUp() {
        host = new HostUsers();
        sync = DirectorySync.builder().userStore(host).sessionRevoker(SessionRevoker.NONE)
                .apiKeyRevoker(ApiKeyRevoker.NONE).stateStore(state).build();
        receiver = WorkosSource.create(sync, WorkosConfig.builder().webhookSecret(CURRENT).webhookSecret(OLD).build())
                .webhooks();
        Map<String, Object> okta = WorkosSamples.load("okta");
        sync.createOrganization("t", "T", (String) okta.get("workos_organization_id"), OrganizationSettings.defaults());
        body = WorkosSamples.json(WorkosSamples.events(okta).get(2)); // dsync.user.created
        now = System.currentTimeMillis();
    }

    WebhookResult receive(String payload, String header) {
        return receiver.receive(payload.getBytes(StandardCharsets.UTF_8), header);
    }

    void assertNothingStored() {
        assertThat(host.all()).isEmpty();
        assertThat(sync.directoryUsers("t")).isEmpty();
        boolean recorded = state.inTransaction(tx -> tx.ledger().contains("t", "event_01HXXXXXX0003"));
        assertThat(recorded).isFalse();
    }

    @Test
    void aCorrectlySignedDeliveryIsTaken() {
        WebhookResult r = receive(body, WebhookVerifier.sign(body, CURRENT, now));

        assertThat(r).isInstanceOf(WebhookResult.Accepted.class);
        assertThat(r.httpStatus()).isEqualTo(200);
        assertThat(host.all()).hasSize(1);
    }

    @Test
    void aTamperedBodyIsRefusedWith401AndNothingStored() {
        String header = WebhookVerifier.sign(body, CURRENT, now);
        String tampered = body.replace("alice@acme-okta.test", "mallory@acme-okta.test");

        WebhookResult r = receive(tampered, header);

        assertThat(r).isEqualTo(new WebhookResult.Unauthorized(WebhookVerifier.Reason.BAD_SIGNATURE,
                "signature matches none of the 2 configured signing secret(s)"));
        assertThat(r.httpStatus()).isEqualTo(401);
        assertNothingStored();
        assertThat(receiver.signatureFailures()).isEqualTo(1);
    }

    @Test
    void aBodyChangedOnlyInWhitespaceIsRefused() {
        WebhookResult r = receive(body + "\n", WebhookVerifier.sign(body, CURRENT, now));

        assertThat(r.httpStatus()).isEqualTo(401);
        assertNothingStored();
    }

    @Test
    void aWrongSecretIsRefused() {
        WebhookResult r = receive(body, WebhookVerifier.sign(body, "someone_elses_secret", now));

        assertThat(((WebhookResult.Unauthorized) r).reason()).isEqualTo(WebhookVerifier.Reason.BAD_SIGNATURE);
        assertNothingStored();
    }

    @Test
    void aStaleTimestampIsRefusedEvenWithTheRightSecret() {
        WebhookResult r = receive(body, WebhookVerifier.sign(body, CURRENT, now - Duration.ofMinutes(4).toMillis()));

        assertThat(((WebhookResult.Unauthorized) r).reason()).isEqualTo(WebhookVerifier.Reason.STALE_TIMESTAMP);
        assertNothingStored();
    }

    @Test
    void aTimestampFromTheFutureBeyondToleranceIsRefused() {
        WebhookResult r = receive(body, WebhookVerifier.sign(body, CURRENT, now + Duration.ofMinutes(4).toMillis()));

        assertThat(((WebhookResult.Unauthorized) r).reason()).isEqualTo(WebhookVerifier.Reason.STALE_TIMESTAMP);
    }

    @Test
    void theToleranceIsConfigurable() {
        WebhookVerifier lenient = new WebhookVerifier(List.of(CURRENT), Duration.ofMinutes(10), Clock.systemUTC());
        String header = WebhookVerifier.sign(body, CURRENT, now - Duration.ofMinutes(4).toMillis());

        assertThat(lenient.verify(body.getBytes(StandardCharsets.UTF_8), header))
                .isInstanceOf(WebhookVerifier.Check.Valid.class);
    }

    @Test
    void aToleranceOfMoreThanAnHourIsRefusedSoACapturedDeliveryCannotBeReplayedForLong() {
        assertThatThrownBy(() -> new WebhookVerifier(List.of(CURRENT), Duration.ofHours(2), Clock.systemUTC()))
                .hasMessageContaining("at most 60 minutes");
        assertThatThrownBy(() -> WorkosConfig.builder().signatureTolerance(Duration.ofMinutes(61)))
                .hasMessageContaining("at most 60 minutes");
        assertThat(WorkosConfig.builder().signatureTolerance(Duration.ofHours(1)).build().signatureTolerance())
                .isEqualTo(WebhookVerifier.MAX_TOLERANCE);
        assertThat(WorkosConfig.builder().build().signatureTolerance()).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void anAuthenticDeliveryIsChargedToTheWorkosOrganizationItsSignedBodyNames() {
        Map<String, Object> okta = WorkosSamples.load("okta");
        String org = (String) okta.get("workos_organization_id");
        List<Map<String, Object>> events = WorkosSamples.events(okta);
        for (Map<String, Object> event : events) {
            String json = WorkosSamples.json(event);
            WebhookReceiver.Checked c = receiver.check(json.getBytes(StandardCharsets.UTF_8),
                    WebhookVerifier.sign(json, CURRENT, now));
            assertThat(c).as(String.valueOf(event.get("event"))).isInstanceOf(WebhookReceiver.Checked.Authentic.class);
            assertThat(((WebhookReceiver.Checked.Authentic) c).budgetKey()).isEqualTo("workos-org:" + org);
        }
        WebhookReceiver.Checked forged = receiver.check(body.getBytes(StandardCharsets.UTF_8), "t=1, v1=00");
        WebhookReceiver.Checked notJson = receiver.check("[]".getBytes(StandardCharsets.UTF_8),
                WebhookVerifier.sign("[]", CURRENT, now));

        assertThat(forged).isInstanceOf(WebhookReceiver.Checked.Forged.class);
        assertThat(receiver.signatureFailures()).as("checking alone counts nothing").isZero();
        assertThat(((WebhookReceiver.Checked.Authentic) notJson).budgetKey()).isEqualTo("unattributed");
        assertNothingStored();
    }

    @Test
    void theOldSecretStillVerifiesDuringRotation() {
        WebhookResult r = receive(body, WebhookVerifier.sign(body, OLD, now));

        assertThat(r).isInstanceOf(WebhookResult.Accepted.class);
    }

    @Test
    void missingOrMalformedHeadersAreRefused() {
        assertThat(((WebhookResult.Unauthorized) receiver.receive(body.getBytes(StandardCharsets.UTF_8), null)).reason())
                .isEqualTo(WebhookVerifier.Reason.MISSING_SIGNATURE);
        assertThat(((WebhookResult.Unauthorized) receive(body, "v1=abc")).reason())
                .isEqualTo(WebhookVerifier.Reason.MALFORMED_SIGNATURE);
        assertThat(((WebhookResult.Unauthorized) receive(body, "t=" + now + ", v1=not-hex")).reason())
                .isEqualTo(WebhookVerifier.Reason.BAD_SIGNATURE);
        assertNothingStored();
    }

    @Test
    void aBodyThatIsNotUtf8IsRefusedRatherThanRepaired() {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        byte[] broken = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, broken, 0, bytes.length);
        broken[bytes.length] = (byte) 0xC3; // a truncated two-byte sequence

        WebhookResult r = receiver.receive(broken, WebhookVerifier.sign(body, CURRENT, now));

        assertThat(((WebhookResult.Unauthorized) r).reason()).isEqualTo(WebhookVerifier.Reason.MALFORMED_BODY);
    }

    @Test
    void aSignedBodyThatIsNotJsonIsUnprocessableNotUnauthorized() {
        WebhookResult r = receive("not json", WebhookVerifier.sign("not json", CURRENT, now));

        assertThat(r.httpStatus()).isEqualTo(422);
    }

    @Test
    void configurationRefusesMoreThanTwoSecretsOrNone() {
        assertThatThrownBy(() -> WorkosConfig.builder().webhookSecret("a").webhookSecret("b").webhookSecret("c").build())
                .hasMessageContaining("At most two");
        assertThatThrownBy(() -> WorkosSource.create(sync, WorkosConfig.builder().build()).webhooks())
                .hasMessageContaining("no signing secret configured");
    }
}
