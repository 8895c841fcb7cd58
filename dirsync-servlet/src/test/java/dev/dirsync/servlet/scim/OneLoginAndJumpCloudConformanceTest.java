package dev.dirsync.servlet.scim;

/** OneLoginAndJumpCloudConformance against dirsync's SCIM servlet on a Jetty harness. */
class OneLoginAndJumpCloudConformanceTest extends OneLoginAndJumpCloudConformance {
    @Override
    protected ScimHost newHost() throws Exception {
        return new ScimServer();
    }
}
