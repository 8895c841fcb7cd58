package dev.dirsync.examples.saas;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every lookup dirsync makes through {@link SaasUserStore} is answered from an index of schema.sql, never a scan. */
@SpringBootTest(classes = SaasApplication.class, properties =
        "spring.datasource.url=jdbc:h2:mem:saas_indexes;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000")
class SchemaIndexesTest {
    @Autowired
    JdbcTemplate jdbc;

    private String plan(String sql, Object... args) {
        return jdbc.queryForList("explain " + sql, String.class, args).get(0);
    }

    @Test
    void everyUserStoreLookupUsesAnIndex() {
        Map<String, String> plans = Map.of(
                "findByDirectoryUser", plan(SaasUserStore.BY_DIRECTORY_USER, "acme", "directory_1", "directory_user_1"),
                "findLinkableByVerifiedEmail", plan(SaasUserStore.LINKABLE_BY_EMAIL, "acme", "bob@acme.test"),
                "listActiveAdmins", plan(SaasUserStore.ACTIVE_ADMINS, "acme", "admin"),
                "listActiveUsers", plan(SaasUserStore.ACTIVE_USERS, "acme"));
        assertThat(plans.get("findByDirectoryUser")).contains("APP_USERS_DIRECTORY_KEY");
        assertThat(plans.get("findLinkableByVerifiedEmail")).contains("APP_USERS_ORG_EMAIL");
        assertThat(plans.get("listActiveAdmins")).contains("APP_USERS_ORG_STATUS_ROLE");
        assertThat(plans.get("listActiveUsers")).contains("APP_USERS_ORG_STATUS_ROLE");
        plans.forEach((lookup, plan) -> assertThat(plan).as(lookup).doesNotContainIgnoringCase("tableScan"));
    }
}
