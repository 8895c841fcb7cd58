package dev.dirsync.examples.saas;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The demo is safe if someone deploys it as is: no public secrets off the "local" profile, its {@code /api} helpers
 * only for this machine or the admin, health details only for the admin.
 */
@SpringBootTest(classes = SaasApplication.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:saas_safety;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
        "dirsync.workos.webhook-secret=whsec_safety_test", "dirsync.demo.admin-token=safety-admin-token"})
class DemoSafetyTest {
    private static final RequestPostProcessor FROM_ELSEWHERE = r -> {
        r.setRemoteAddr("203.0.113.7");
        return r;
    };

    @Autowired
    WebApplicationContext context;
    @Autowired
    DemoRequestGuard guard;

    private MockMvc mvc() {
        return MockMvcBuilders.webAppContextSetup(context).addFilters(guard).build();
    }

    @Test
    void withoutTheLocalProfileAndWithoutSecretsTheDemoRefusesToStartSayingWhatToSet() {
        assertThatThrownBy(() -> {
            try (ConfigurableApplicationContext ignored = new SpringApplicationBuilder(SaasApplication.class)
                    .web(WebApplicationType.NONE)
                    .run("--spring.profiles.active=production", "--dirsync.workos.webhook-secret=",
                            "--dirsync.demo.admin-token=",
                            "--spring.datasource.url=jdbc:h2:mem:saas_no_secrets;DB_CLOSE_DELAY=-1")) {
                // started: the assertion below fails
            }
        }).hasStackTraceContaining("has no secrets configured")
                .hasStackTraceContaining("DIRSYNC_WORKOS_WEBHOOK_SECRET")
                .hasStackTraceContaining("DIRSYNC_DEMO_ADMIN_TOKEN")
                .hasStackTraceContaining("profile 'local'");
    }

    @Test
    void thePublicLocalSecretsAreRefusedOnAnyAddressButLoopback() {
        MockEnvironment local = new MockEnvironment().withProperty("dirsync.workos.webhook-secret",
                DemoSafety.PUBLIC_WEBHOOK_SECRET).withProperty("dirsync.demo.admin-token", DemoSafety.PUBLIC_ADMIN_TOKEN);
        local.setActiveProfiles(DemoSafety.LOCAL_PROFILE);
        assertThatThrownBy(() -> DemoSafety.check(local)).hasMessageContaining("every network interface");
        local.setProperty("server.address", "0.0.0.0");
        assertThatThrownBy(() -> DemoSafety.check(local)).hasMessageContaining("0.0.0.0");
        local.setProperty("server.address", "127.0.0.1");
        DemoSafety.check(local); // what application-local.yml sets

        MockEnvironment own = new MockEnvironment().withProperty("dirsync.workos.webhook-secret", "whsec_mine")
                .withProperty("dirsync.demo.admin-token", "a-long-random-token");
        DemoSafety.check(own); // own secrets: any address
    }

    @Test
    void theAppsUsersAreRefusedToAnotherMachineWithoutTheAdminToken() throws Exception {
        MockMvc mvc = mvc();
        mvc.perform(get("/api/users").param("organization", "acme").with(FROM_ELSEWHERE))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.message").value(org.hamcrest.Matchers.containsString("DIRSYNC_DEMO_ADMIN_TOKEN")));
        mvc.perform(get("/api/notices").param("organization", "acme").with(FROM_ELSEWHERE))
                .andExpect(status().isUnauthorized());
        mvc.perform(post("/api/users/u1/sessions").with(FROM_ELSEWHERE)).andExpect(status().isUnauthorized());
        mvc.perform(post("/api/users/u1/api-keys").with(FROM_ELSEWHERE)).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/users").param("organization", "acme").with(FROM_ELSEWHERE)
                .header("Authorization", "Bearer not-the-token")).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/users").param("organization", "acme").with(FROM_ELSEWHERE)
                .header("X-Forwarded-For", "127.0.0.1")).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/users").param("organization", "acme").with(r -> {
            r.setRemoteAddr("127.0.0.1");
            r.addHeader("X-Forwarded-For", "203.0.113.7"); // a proxy on this machine relays someone else
            return r;
        })).andExpect(status().isUnauthorized());

        mvc.perform(get("/api/users").param("organization", "acme").with(FROM_ELSEWHERE)
                .header("Authorization", "Bearer safety-admin-token")).andExpect(status().isOk());
        mvc.perform(get("/api/users").param("organization", "acme").with(r -> {
            r.setRemoteAddr("127.0.0.1");
            return r;
        })).andExpect(status().isOk());
        mvc.perform(get("/api/users").param("organization", "acme").with(r -> {
            r.setRemoteAddr("0:0:0:0:0:0:0:1");
            return r;
        })).andExpect(status().isOk());
    }

    @Test
    void healthDetailsAreHiddenFromAnonymousCallersAndShownToTheAdmin() throws Exception {
        MockMvc mvc = mvc();
        String anonymous = mvc.perform(get("/actuator/health").with(FROM_ELSEWHERE))
                .andReturn().getResponse().getContentAsString();
        assertThat(anonymous).contains("\"status\"").doesNotContain("components").doesNotContain("dirsync")
                .doesNotContain("details");
        mvc.perform(get("/actuator/health").with(r -> {
            r.setRemoteAddr("127.0.0.1");
            return r;
        })).andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("components"))));
        mvc.perform(get("/actuator/health").with(FROM_ELSEWHERE).header("Authorization", "Bearer safety-admin-token"))
                .andExpect(jsonPath("$.components.dirsync").exists());
    }
}
