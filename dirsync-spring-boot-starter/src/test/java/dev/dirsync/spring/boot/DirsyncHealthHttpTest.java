package dev.dirsync.spring.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.SessionRevoker;
import dev.dirsync.core.testkit.InMemoryUserStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /actuator/health/dirsync} of an application that shows health details to everyone (as the demo does):
 * counts per status, never a customer's organization id.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // state in memory: this test is about the HTTP answer, DirsyncHealthTest about the rules
        "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "management.endpoints.web.exposure.include=health",
        "management.endpoint.health.show-details=always"})
class DirsyncHealthHttpTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class HostApp {
        @Bean
        InMemoryUserStore userStore() {
            return new InMemoryUserStore();
        }

        @Bean
        SessionRevoker sessionRevoker() {
            return SessionRevoker.NONE;
        }

        @Bean
        ApiKeyRevoker apiKeyRevoker() {
            return ApiKeyRevoker.NONE;
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    DirectorySync sync;

    @Test
    void anonymousCallersSeeCountsButNoOrganizationId() throws Exception {
        sync.createOrganization("org_tenant_secret", "Tenant");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health/dirsync")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode h = new ObjectMapper().readTree(r.body());
        assertThat(h.path("status").asText()).isEqualTo("UP");
        assertThat(h.at("/details/counts/not_connected").asInt()).isEqualTo(1);
        assertThat(r.body()).doesNotContain("org_tenant_secret");
    }
}
