package dev.dirsync.core.audit;

import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.outcome.Change;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Test mode's pending changes read as what would happen, not as what happened. */
class ProposedSentenceTest {
    private static final DirectoryUserKey DANA = new DirectoryUserKey("acme", "dir_1", "dana");

    @Test
    void aPendingRoleChangeAndProvisioningReadInTheConditional() {
        Change role = Change.field(AuditAction.ROLE_CHANGED, DANA, "u1", "dana@acme.test", "role", "admin", "member");
        assertThat(AuditSentence.proposed(role)).isEqualTo("Role of dana@acme.test would change: admin → member");
        Change added = new Change(AuditAction.USER_PROVISIONED, "acme", DANA, null, "dana@acme.test", Map.of(),
                Map.of("role", "admin", "workspaces", "engineering,design"), "");
        assertThat(AuditSentence.proposed(added)).isEqualTo("dana@acme.test would be added as admin to engineering, design");
    }

    @Test
    void everyActionAPersonsPreviewCanHoldIsWorded() {
        Set<AuditAction> personal = EnumSet.of(AuditAction.USER_PROVISIONED, AuditAction.USER_LINKED,
                AuditAction.USER_UPDATED, AuditAction.USER_DEACTIVATED, AuditAction.USER_MADE_READ_ONLY,
                AuditAction.USER_REACTIVATED, AuditAction.USER_PURGED, AuditAction.ROLE_CHANGED,
                AuditAction.WORKSPACE_ADDED, AuditAction.WORKSPACE_REMOVED, AuditAction.DEACTIVATION_BLOCKED,
                AuditAction.ROLE_CHANGE_BLOCKED, AuditAction.ADMIN_AUTO_PROMOTED);
        for (AuditAction a : personal) {
            String s = AuditSentence.proposed(new Change(a, "acme", DANA, "u1", "dana@acme.test",
                    Map.of("role", "admin", "workspace", "eng"), Map.of("role", "member", "workspace", "ops"), ""));
            assertThat(s).as(a.code()).contains("would").contains("dana@acme.test").doesNotContain(" was ");
        }
    }
}
