package dev.dirsync.examples.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

/**
 * SCIM reads and member PATCHes against the demo, one request at a time over 127.0.0.1 (JDK HttpClient, HTTP/1.1),
 * on a directory seeded by {@link ScimSeed}: issues a SCIM token through the demo's admin API, then for each
 * scenario sends {@code --warmup} requests and measures {@code --samples}, each on a random user, printing
 * {@code RESULT scenario=... p50_ms=... p99_ms=... status=...} per scenario. Unfiltered pages of 100 are asked at
 * the start, around the middle and near the end of the directory, and at a random startIndex ({@code page_any}).
 *
 * <p>Options: {@code --url} (demo, default http://127.0.0.1:38080), {@code --admin-token} (default the local profile's
 * demo-admin-token), {@code --organization} (acme), {@code --directory} (bench-scim), {@code --users} (as seeded),
 * {@code --members} (as seeded), {@code --warmup} (30), {@code --samples} (200).
 */
public final class ScimReadLoad {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String scim;
    private String token;

    private ScimReadLoad(String base) {
        this.scim = base + "/scim/v2";
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = Args.parse(argv);
        String base = a.getOrDefault("url", "http://127.0.0.1:38080");
        int users = Integer.parseInt(a.getOrDefault("users", "1000"));
        int members = Integer.parseInt(a.getOrDefault("members", String.valueOf(Math.min(users, 50_000))));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "30"));
        int samples = Integer.parseInt(a.getOrDefault("samples", "200"));
        ScimReadLoad load = new ScimReadLoad(base);
        load.token = load.issueToken(base, a.getOrDefault("admin-token", "demo-admin-token"),
                a.getOrDefault("organization", "acme"), a.getOrDefault("directory", "bench-scim"));

        Map<String, IntFunction<HttpRequest>> scenarios = new java.util.LinkedHashMap<>();
        scenarios.put("userName_eq", i -> load.get("/Users?filter=" + q("userName eq \"user" + i + "@bench.test\"")));
        scenarios.put("externalId_eq", i -> load.get("/Users?filter=" + q("externalId eq \"ext-" + i + "\"")));
        scenarios.put("get_user", i -> load.get("/Users/u%06d".formatted(i)));
        scenarios.put("page_start", i -> load.get("/Users?startIndex=1&count=100"));
        // startIndex varies within the region (by up to 100), so that no database answers from a cached result
        scenarios.put("page_middle", i -> load.get("/Users?startIndex=" + Math.max(1, users / 2 - 50 + i % 100)
                + "&count=100"));
        scenarios.put("page_end", i -> load.get("/Users?startIndex=" + Math.max(1, users - 99 - i % 100)
                + "&count=100"));
        scenarios.put("page_any", i -> load.get("/Users?startIndex=" + (1 + i) + "&count=100"));
        scenarios.put("emails_value_eq", i -> load.get("/Users?filter=" + q("emails.value eq \"user" + i
                + "@bench.test\"")));
        scenarios.put("displayName_eq", i -> load.get("/Users?filter=" + q("displayName eq \"User " + i + "\"")));
        scenarios.put("title_eq", i -> load.get("/Users?count=100&filter=" + q("title eq \"Title " + (i % 10) + "\"")));
        scenarios.put("active_eq_true", i -> load.get("/Users?count=100&filter=" + q("active eq true")));
        scenarios.put("lastModified_gt", i -> load.get("/Users?count=100&filter=" + q("meta.lastModified gt \""
                + ScimSeed.T0.plusSeconds(Math.max(0, users - 50)) + "\"")));
        boolean[] removed = new boolean[members];
        scenarios.put("group_patch_add_remove", i -> {
            int m = i % members;
            boolean remove = !removed[m];
            removed[m] = remove;
            String op = remove ? "{\"op\":\"remove\",\"path\":\"members[value eq \\\"u%06d\\\"]\"}".formatted(m)
                    : "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"u%06d\"}]}".formatted(m);
            return load.request("/Groups/g-big").header("Content-Type", "application/scim+json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"schemas\":[\"" + PATCH_OP
                            + "\"],\"Operations\":[" + op + "]}")).build();
        });
        scenarios.put("get_group_without_members", i -> load.get("/Groups/g-big?excludedAttributes=members"));

        System.out.printf("SCIM read load: users=%d members=%d warmup=%d samples=%d%n", users, members, warmup, samples);
        for (Map.Entry<String, IntFunction<HttpRequest>> s : scenarios.entrySet()) {
            boolean patch = s.getKey().startsWith("group_patch");
            List<Double> ms = new ArrayList<>();
            Map<Integer, Integer> statuses = new TreeMap<>();
            String detail = "";
            int[] sequence = new int[warmup + samples];
            for (int k = 0; k < sequence.length; k++) {
                // a PATCH removes a member, the next one adds it back: pairs on the same random member
                sequence[k] = patch ? (k % 2 == 1 ? sequence[k - 1] : ThreadLocalRandom.current().nextInt(members))
                        : ThreadLocalRandom.current().nextInt(users);
            }
            for (int k = 0; k < sequence.length; k++) {
                HttpRequest r = s.getValue().apply(sequence[k]);
                long t0 = System.nanoTime();
                HttpResponse<String> resp = load.http.send(r, HttpResponse.BodyHandlers.ofString());
                double took = (System.nanoTime() - t0) / 1e6;
                if (k >= warmup) {
                    ms.add(took);
                    statuses.merge(resp.statusCode(), 1, Integer::sum);
                }
                if (resp.statusCode() >= 300 && detail.isEmpty()) {
                    detail = " first_error=" + resp.body().replaceAll("\\s+", " ");
                    detail = detail.substring(0, Math.min(detail.length(), 200));
                }
            }
            Collections.sort(ms);
            System.out.printf("RESULT scenario=%s p50_ms=%.1f p99_ms=%.1f max_ms=%.1f statuses=%s%s%n", s.getKey(),
                    pct(ms, 50), pct(ms, 99), ms.get(ms.size() - 1), statuses, detail);
        }
    }

    private static double pct(List<Double> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static String q(String filter) {
        return URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(scim + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Accept", "application/scim+json");
    }

    private HttpRequest get(String path) {
        return request(path).GET().build();
    }

    private String issueToken(String base, String adminToken, String org, String directory) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/dirsync/api/organizations/" + org
                        + "/scim-credentials")).header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"provider\":\"Okta\",\"directoryId\":\"" + directory
                        + "\"}")).build();
        HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 201) {
            throw new IllegalStateException("issuing a SCIM token: " + resp.statusCode() + " " + resp.body());
        }
        JsonNode body = JSON.readTree(resp.body());
        return body.path("token").asText();
    }
}
