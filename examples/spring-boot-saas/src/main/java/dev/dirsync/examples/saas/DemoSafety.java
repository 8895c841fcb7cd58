package dev.dirsync.examples.saas;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses to start the demo with no secrets, or with the public local-only ones on a reachable address: someone who
 * deploys it as is must not get a server whose webhook secret and admin token are printed in the README. Runs
 * before any bean is made, so the message is the first failure, not a missing-secret error further down.
 */
@Component
public class DemoSafety implements BeanFactoryPostProcessor, EnvironmentAware {
    /** The Spring profile with public local-only defaults (application-local.yml). */
    public static final String LOCAL_PROFILE = "local";
    static final String PUBLIC_WEBHOOK_SECRET = "whsec_demo_local_only";
    static final String PUBLIC_ADMIN_TOKEN = "demo-admin-token";

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        check(environment);
    }

    /** Throws {@link IllegalStateException} saying what to set, if the demo would start unsafely. */
    static void check(Environment env) {
        String secret = env.getProperty("dirsync.workos.webhook-secret", "");
        String token = env.getProperty("dirsync.demo.admin-token", "");
        List<String> missing = new ArrayList<>();
        if (secret.isBlank()) {
            missing.add("DIRSYNC_WORKOS_WEBHOOK_SECRET (the webhook signing secret from the WorkOS Dashboard)");
        }
        if (token.isBlank()) {
            missing.add("DIRSYNC_DEMO_ADMIN_TOKEN (a long random token, e.g. `openssl rand -hex 32`)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The dirsync demo has no secrets configured, so it will not start. Set "
                    + String.join(" and ", missing) + "; or, to try it on this machine only, run it with the Spring "
                    + "profile '" + LOCAL_PROFILE + "' (examples/run-demo.sh does: --spring.profiles.active="
                    + LOCAL_PROFILE + "), which uses public local-only defaults and listens on 127.0.0.1 only.");
        }
        boolean publicSecrets = secret.equals(PUBLIC_WEBHOOK_SECRET) || token.equals(PUBLIC_ADMIN_TOKEN);
        String address = env.getProperty("server.address", "");
        if (publicSecrets && !loopback(address)) {
            throw new IllegalStateException("The dirsync demo uses the public local-only "
                    + (secret.equals(PUBLIC_WEBHOOK_SECRET) ? "webhook secret" : "admin token") + " but would listen on "
                    + (address.isBlank() ? "every network interface" : address) + ". Set DIRSYNC_WORKOS_WEBHOOK_SECRET "
                    + "and DIRSYNC_DEMO_ADMIN_TOKEN to your own values, or keep server.address=127.0.0.1 (the '"
                    + LOCAL_PROFILE + "' profile's).");
        }
        if (env.acceptsProfiles(Profiles.of(LOCAL_PROFILE)) && !loopback(address)) {
            throw new IllegalStateException("The '" + LOCAL_PROFILE + "' profile is for this machine only, but "
                    + "server.address is " + (address.isBlank() ? "unset (every interface)" : address)
                    + ": remove the override, or run without the profile and with your own secrets.");
        }
    }

    /** True for a loopback IP literal or "localhost"; never resolves other names. */
    static boolean loopback(String address) {
        if (address.isBlank()) {
            return false;
        }
        if (address.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!address.matches("[0-9a-fA-F:.\\[\\]%]+")) {
            return false; // a host name: would need DNS, and is not ours to trust
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
