package dev.dirsync.servlet.scim;

/** EntraIdConformance against dirsync's SCIM servlet on a Jetty harness. */
class EntraIdConformanceTest extends EntraIdConformance {
    @Override
    protected ScimHost newHost() throws Exception {
        return new ScimServer();
    }
}
