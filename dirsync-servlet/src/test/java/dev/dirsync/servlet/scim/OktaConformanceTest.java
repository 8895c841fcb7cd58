package dev.dirsync.servlet.scim;

/** OktaConformance against dirsync's SCIM servlet on a Jetty harness. */
class OktaConformanceTest extends OktaConformance {
    @Override
    protected ScimHost newHost() throws Exception {
        return new ScimServer();
    }
}
