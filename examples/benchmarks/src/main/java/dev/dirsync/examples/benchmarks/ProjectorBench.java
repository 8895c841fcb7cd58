package dev.dirsync.examples.benchmarks;

import dev.dirsync.core.internal.Projector;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.Email;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.model.SourceVersion;
import dev.dirsync.core.policy.AttributeMapper;
import dev.dirsync.core.policy.RoleResolver;
import dev.dirsync.core.policy.WorkspaceResolver;
import dev.dirsync.core.state.MirrorUser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * JMH: the pure policy of one projection, for a user in 20 groups, all of them mapped (role or workspaces: the
 * most work the mapping can ask for). {@link Projector#desired} is what the engine calls per changed user; its parts
 * (role by precedence, workspaces, attribute mapping with the sensitive-attribute filter) are measured alone too,
 * to see which dominates.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProjectorBench {
    static final int GROUPS = 20;

    private OrganizationSettings settings;
    private MirrorUser user;
    private List<String> groupIds;
    private List<GroupMapping> mappings;

    @Setup
    public void setUp() {
        Map<String, GroupMapping> byGroup = new LinkedHashMap<>();
        groupIds = new ArrayList<>();
        String[] roles = {"viewer", "member", "admin", "owner"};
        for (int g = 0; g < GROUPS; g++) {
            String id = "directory_group_bench_" + g;
            groupIds.add(id);
            // every fifth group gives a role, every group a workspace or two
            byGroup.put(id, new GroupMapping(id, g % 5 == 0 ? roles[(g / 5) % roles.length] : null,
                    g % 2 == 0 ? Set.of("ws-" + g) : Set.of("ws-" + g, "ws-shared")));
        }
        mappings = List.copyOf(byGroup.values());
        settings = OrganizationSettings.defaults().withGroupMappings(byGroup);
        DirectoryUser u = DirectoryUser.builder("directory_user_01BENCHANN", "directory_01BENCHOKTA")
                .idpId("00u1a2b3c4d5e6f7g8h9").userName("ann.lee@acme.test")
                .emails(List.of(new Email("ann.lee@acme.test", "work", true), new Email("ann@home.test", "home", false)))
                .givenName("Ann").familyName("Lee").formattedName("Ann Lee").active(true).title("Senior Engineer")
                .department("Engineering").employeeNumber("10042").locale("en-US").timezone("Europe/Berlin")
                .managerId("00u0manager00000000").costCenter("CC-17").division("R&D").organization("Acme")
                .idpRoles(List.of("member"))
                .customAttributes(Map.of("department_name", "Engineering", "employee_number", "10042"))
                .rawAttributes(Map.of("userName", "ann.lee@acme.test", "title", "Senior Engineer", "active", true,
                        "name", Map.of("givenName", "Ann", "familyName", "Lee")))
                .build();
        user = new MirrorUser("acme", u, new SourceVersion(Instant.parse("2026-01-05T09:00:00Z"), "event_1"), false);
        if (Projector.desired(settings, user, groupIds, null).workspaces().size() != GROUPS + 1) {
            throw new IllegalStateException("the user should get every mapped workspace");
        }
    }

    /** The whole desired state: what the engine computes per changed user. */
    @Benchmark
    public Object desiredIn20Groups() {
        return Projector.desired(settings, user, groupIds, null);
    }

    @Benchmark
    public Object roleOf20Mappings() {
        return RoleResolver.resolve(settings, mappings, user.user().idpRoles());
    }

    @Benchmark
    public Object workspacesOf20Mappings() {
        return WorkspaceResolver.resolve(mappings);
    }

    /** The default attribute mappings, through the sensitive-attribute filter. */
    @Benchmark
    public Object attributes() {
        return AttributeMapper.map(user.user(), settings);
    }
}
