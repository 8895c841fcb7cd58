package dev.dirsync.spring.boot;

import dev.dirsync.core.workos.WebhookVerifier;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** WorkOS-shaped webhook bodies and a signed POST, for tests. */
public final class TestEvents {
    static final String DIRECTORY = "directory_01HSTARTER0000000000000";

    private TestEvents() {
    }

    public static String activated(String eventId, String workosOrg) {
        return """
                {"object":"event","id":"%s","event":"dsync.activated","created_at":"2026-03-02T09:00:00.000Z",
                 "data":{"object":"directory","id":"%s","organization_id":"%s","name":"Okta","state":"active",
                         "type":"okta scim v2.0","created_at":"2026-03-02T09:00:00.000Z",
                         "updated_at":"2026-03-02T09:00:00.000Z","domains":[]}}
                """.formatted(eventId, DIRECTORY, workosOrg);
    }

    public static String userCreated(String eventId, String workosOrg, String userId, String email) {
        return """
                {"object":"event","id":"%s","event":"dsync.user.created","created_at":"2026-03-02T09:05:00.000Z",
                 "data":{"object":"directory_user","id":"%s","idp_id":"00u%s","directory_id":"%s",
                         "organization_id":"%s","first_name":"Ada","last_name":"Lovelace","email":"%s",
                         "state":"active","username":"%s","created_at":"2026-03-02T09:01:00.000Z",
                         "updated_at":"2026-03-02T09:05:00.000Z",
                         "emails":[{"primary":true,"type":"work","value":"%s"}],"raw_attributes":{},
                         "custom_attributes":{}}}
                """.formatted(eventId, userId, userId, DIRECTORY, workosOrg, email, email, email);
    }

    public static HttpResponse<String> post(HttpClient client, String url, String body, String secret) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            r.header("WorkOS-Signature", WebhookVerifier.sign(body, secret, System.currentTimeMillis()));
        }
        return client.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }
}
