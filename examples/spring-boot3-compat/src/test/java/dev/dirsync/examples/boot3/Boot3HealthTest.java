package dev.dirsync.examples.boot3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.SessionRevoker;
import dev.dirsync.core.testkit.InMemoryUserStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's {@code dirsync} health indicator on Spring Boot 3.5, whose Actuator API (package
 * {@code org.springframework.boot.actuate.health}) Boot 4 moved: same answer as on Boot 4.
 */
@SpringBootTest(classes = Boot3HealthTest.Host.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                // state in memory: this test is about the indicator, Boot3HostTest about the JDBI store
                "spring.autoconfigure.exclude=org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
                "management.endpoint.health.show-details=always"})
class Boot3HealthTest {

    @SpringBootApplication
    static class Host {
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
    @Autowired
    ApplicationContext context;

    private String get(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    @Test
    void theHealthIndicatorAnswersOnSpringBoot35() throws Exception {
        assertThat(SpringBootVersion.getVersion()).startsWith("3.5");
        assertThat(context.getBean("dirsyncHealthIndicator")).isInstanceOf(HealthIndicator.class);
        sync.createOrganization("org_tenant_secret", "Tenant");

        String body = get("/actuator/health/dirsync");
        JsonNode h = new ObjectMapper().readTree(body);
        assertThat(h.path("status").asText()).isEqualTo("UP");
        assertThat(h.at("/details/counts/not_connected").asInt()).as(body).isEqualTo(1);
        assertThat(h.at("/details/counts/healthy").asInt()).isZero();
        assertThat(body).as("details go to everyone here: no organization ids").doesNotContain("org_tenant_secret");
        assertThat(new ObjectMapper().readTree(get("/actuator/health")).at("/components/dirsync/status").asText())
                .isEqualTo("UP");
    }
}
