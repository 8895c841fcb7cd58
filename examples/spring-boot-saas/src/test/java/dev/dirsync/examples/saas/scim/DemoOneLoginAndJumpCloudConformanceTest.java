package dev.dirsync.examples.saas.scim;

import dev.dirsync.examples.saas.SaasApplication;
import dev.dirsync.servlet.scim.OneLoginAndJumpCloudConformance;
import dev.dirsync.servlet.scim.ScimHost;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** dirsync's OneLoginAndJumpCloudConformance suite replayed over real HTTP against the demo app. */
@SpringBootTest(classes = SaasApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.datasource.url=jdbc:h2:mem:saas_scim_suites;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
                "dirsync.demo.admin-token=" + DemoOneLoginAndJumpCloudConformanceTest.TOKEN})
class DemoOneLoginAndJumpCloudConformanceTest extends OneLoginAndJumpCloudConformance {
    static final String TOKEN = "scim-suites-admin-token";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Override
    protected ScimHost newHost() {
        return new DemoScimHost(port, TOKEN, jdbc);
    }
}
