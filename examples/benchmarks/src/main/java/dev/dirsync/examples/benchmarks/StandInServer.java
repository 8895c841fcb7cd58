package dev.dirsync.examples.benchmarks;

import dev.dirsync.core.workos.WorkosStandIn;

import java.util.HashSet;
import java.util.Map;

/**
 * Serves dirsync-core's {@link WorkosStandIn} (the local WorkOS API the tests use) holding the company
 * {@link WebhookLoad} sends: the demo's directory and groups, {@code users} users, each in one generated group and
 * one of the demo's team groups, one in a thousand in Admins. A demo pointed at it
 * ({@code dirsync.workos.api-base-url}) imports that company by force sync (run.sh heap). Prints its URL, then
 * serves until killed.
 *
 * <pre>StandInServer --users=20000 [--groups=200] [--run=ID]</pre>
 */
public final class StandInServer {
    private StandInServer() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Args.parse(args);
        int users = Integer.parseInt(a.getOrDefault("users", "20000"));
        int groups = Integer.parseInt(a.getOrDefault("groups", "200"));
        String run = a.getOrDefault("run", "bulk");
        int generated = Math.max(1, groups - 1 - WebhookLoad.TEAMS.length);
        WorkosStandIn w = new WorkosStandIn();
        String org = WebhookLoad.WORKOS_ORG;
        String dir = WebhookLoad.DIRECTORY;
        String at = "2026-01-05T10:00:00.000Z";
        w.directories.put(dir, WorkosStandIn.directory(dir, org, "okta scim v2.0", "active"));
        w.groups.put(WebhookLoad.ADMINS, WorkosStandIn.group(WebhookLoad.ADMINS, dir, org, "ADMINS", at));
        for (String t : WebhookLoad.TEAMS) {
            w.groups.put(t, WorkosStandIn.group(t, dir, org, t.substring(t.lastIndexOf('_') + 4), at));
        }
        for (int g = 0; g < generated; g++) {
            String id = WebhookLoad.generatedGroup(g);
            w.groups.put(id, WorkosStandIn.group(id, dir, org, "bench " + g, at));
        }
        for (int i = 0; i < users; i++) {
            String id = "directory_user_bench_" + run + "_u" + i;
            String email = id.replace("directory_user_", "") + "@acme.test";
            w.users.put(id, WorkosStandIn.user(id, dir, org, email, "First" + i, "Last" + i, "active", at));
            w.members.computeIfAbsent(WebhookLoad.generatedGroup(i % generated), k -> new HashSet<>()).add(id);
            w.members.computeIfAbsent(WebhookLoad.TEAMS[i % WebhookLoad.TEAMS.length], k -> new HashSet<>()).add(id);
            if (i % 1000 == 1) {
                w.members.computeIfAbsent(WebhookLoad.ADMINS, k -> new HashSet<>()).add(id);
            }
        }
        System.out.println("STANDIN " + w.baseUrl() + " users=" + users + " groups=" + w.groups.size());
        Thread.currentThread().join();
    }
}
