package dev.dirsync.examples.saas;

import org.jspecify.annotations.Nullable;

import java.util.List;

/** The demo tenant "Acme" and its Okta directory, as the seeder sets it up and the simulator plays it. */
public final class DemoCompany {
    public static final String ORGANIZATION = "acme";
    public static final String NAME = "Acme Corp";
    public static final String WORKOS_ORGANIZATION = "org_01DEMOACME000000000000000";
    public static final String DIRECTORY = "directory_01DEMOOKTA00000000000000";
    public static final String FOUNDER_EMAIL = "frances.founder@acme.test";

    /** Directory groups: WorkOS id, display name, and what the seeded mapping grants. */
    public record Group(String id, String name, @Nullable String role, List<String> workspaces) {
    }

    public static final Group ADMINS = new Group("directory_group_01DEMOADMINS", "Admins", "admin",
            List.of("engineering", "sales", "support"));
    public static final Group ENGINEERING = new Group("directory_group_01DEMOENGINEERING", "Engineering", null,
            List.of("engineering"));
    public static final Group SALES = new Group("directory_group_01DEMOSALES", "Sales", null, List.of("sales"));
    public static final Group SUPPORT = new Group("directory_group_01DEMOSUPPORT", "Support", null, List.of("support"));
    public static final Group CONTRACTORS = new Group("directory_group_01DEMOCONTRACTORS", "Contractors", "viewer",
            List.of("engineering"));
    public static final List<Group> GROUPS = List.of(ADMINS, ENGINEERING, SALES, SUPPORT, CONTRACTORS);

    /** The app's roles, highest first. */
    public static final List<String> ROLES = List.of("admin", "member", "viewer");

    private DemoCompany() {
    }
}
