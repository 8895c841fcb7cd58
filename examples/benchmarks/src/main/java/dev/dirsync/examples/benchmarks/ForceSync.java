package dev.dirsync.examples.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Starts a force sync of the demo's organization from WorkOS through the admin API and waits for it to finish
 * (run.sh heap, against a {@link StandInServer}). Prints the job's last status and how long it took.
 *
 * <pre>ForceSync --url=http://127.0.0.1:38080 [--token=demo-admin-token] [--org=acme]</pre>
 */
public final class ForceSync {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ForceSync() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Args.parse(args);
        String base = a.getOrDefault("url", "http://127.0.0.1:38080") + a.getOrDefault("api", "/dirsync/api")
                + "/organizations/" + a.getOrDefault("org", "acme") + "/sync";
        String token = "Bearer " + a.getOrDefault("token", "demo-admin-token");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(60)).build();
        long t0 = System.nanoTime();
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(base)).header("Authorization", token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            throw new IllegalStateException("force sync answered " + started.statusCode() + ": " + started.body());
        }
        String job = JSON.readTree(started.body()).path("jobId").asText();
        JsonNode status;
        do {
            Thread.sleep(2000);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/" + job))
                    .header("Authorization", token).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("job " + job + " answered " + r.statusCode() + ": " + r.body());
            }
            status = JSON.readTree(r.body());
        } while (!status.path("finished").asBoolean());
        double imported = (System.nanoTime() - t0) / 1e9;
        // the import ends by re-projecting the organization as a background job: the host's users exist only once
        // it finished, so that is when the first sync is done
        String jobs = a.getOrDefault("url", "http://127.0.0.1:38080") + a.getOrDefault("api", "/dirsync/api")
                + "/organizations/" + a.getOrDefault("org", "acme") + "/jobs?status=running";
        JsonNode running;
        do {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(jobs)).header("Authorization", token)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("jobs answered " + r.statusCode() + ": " + r.body());
            }
            running = JSON.readTree(r.body()).path("items");
            if (!running.isEmpty()) {
                Thread.sleep(1000);
            }
        } while (!running.isEmpty());
        System.out.println(String.format(Locale.ROOT, "SYNCED seconds=%.1f mirror_seconds=%.1f status=%s",
                (System.nanoTime() - t0) / 1e9, imported, status));
    }
}
