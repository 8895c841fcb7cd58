package dev.dirsync.examples.saas;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** The app's own API: its users as dirsync left them, and demo helpers that create sessions and API keys. */
@RestController
public class UsersController {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;

    public UsersController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One user of the app. {@code externalId} is the directory user id; status is active|deactivated|read_only. */
    public record UserView(String id, String externalId, String email, String firstName, String lastName, String title,
                           String department, String role, List<String> workspaces, String status,
                           int activeSessions, int activeApiKeys) {
    }

    @GetMapping("/api/users")
    public List<UserView> users(@RequestParam("organization") String organization) {
        Map<String, List<String>> workspaces = new LinkedHashMap<>();
        jdbc.query("select w.user_id, w.workspace from app_user_workspaces w join app_users u on u.id = w.user_id "
                + "where u.organization_id = ? order by w.workspace", rs -> {
                    workspaces.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }, organization);
        return jdbc.query("select u.*, "
                        + "(select count(*) from app_sessions s where s.user_id = u.id and s.revoked_at is null) sessions, "
                        + "(select count(*) from app_api_keys k where k.user_id = u.id and k.revoked_at is null) api_keys "
                        + "from app_users u where u.organization_id = ? order by u.member_since, u.id",
                (rs, i) -> new UserView(rs.getString("id"), rs.getString("directory_user_id"), rs.getString("email"),
                        rs.getString("first_name"), rs.getString("last_name"), rs.getString("title"),
                        rs.getString("department"), rs.getString("role"),
                        workspaces.getOrDefault(rs.getString("id"), List.of()),
                        rs.getString("status").toLowerCase(Locale.ROOT), rs.getInt("sessions"), rs.getInt("api_keys")),
                organization);
    }

    /** Demo helper: signs the user in (a server-side session), so offboarding can be seen to end it. */
    @PostMapping("/api/users/{id}/sessions")
    public ResponseEntity<Map<String, Object>> createSession(@PathVariable("id") String userId) {
        ResponseEntity<Map<String, Object>> refused = refuseUnlessActive(userId, "sign in");
        if (refused != null) {
            return refused;
        }
        String id = "ses_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        Instant now = Instant.now();
        jdbc.update("insert into app_sessions (id, user_id, created_at) values (?, ?, ?)", id, userId,
                Timestamp.from(now));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", id, "userId", userId,
                "createdAt", now.toString()));
    }

    /** Demo helper: issues an API key (shown once; only its hash is kept), so offboarding can be seen to revoke it. */
    @PostMapping("/api/users/{id}/api-keys")
    public ResponseEntity<Map<String, Object>> createApiKey(@PathVariable("id") String userId) throws Exception {
        ResponseEntity<Map<String, Object>> refused = refuseUnlessActive(userId, "create API keys");
        if (refused != null) {
            return refused;
        }
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        String key = "sk_demo_" + HexFormat.of().formatHex(secret);
        String hash = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        String id = "key_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        jdbc.update("insert into app_api_keys (id, user_id, prefix, key_hash, created_at) values (?, ?, ?, ?, ?)",
                id, userId, key.substring(0, 12), hash, Timestamp.from(Instant.now()));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", id, "userId", userId, "key", key));
    }

    /**
     * Demo helper: changes a user's role directly in the app, as an in-app admin (or a script, or a bug) would,
     * without the directory: dirsync's drift check then finds the difference ({@code GET /dirsync/api/organizations/
     * {org}/drift}). Body {@code {"role": "admin"}}; a null role removes it.
     */
    @PostMapping("/api/users/{id}/role")
    public ResponseEntity<Map<String, Object>> setRoleInApp(@PathVariable("id") String userId,
                                                            @RequestBody Map<String, String> body) {
        if (!body.containsKey("role")) {
            return ResponseEntity.badRequest().body(Map.of("error", "invalid_request",
                    "message", "send {\"role\": \"<role>\"} (null removes the role)"));
        }
        String role = body.get("role");
        if (jdbc.update("update app_users set role = ? where id = ?", role, userId) == 0) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "not_found",
                    "message", "no user " + userId));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", userId);
        out.put("role", role);
        return ResponseEntity.ok(out);
    }

    /** Admin inbox: what dirsync's Notifier told the organization's admins. */
    @GetMapping("/api/notices")
    public List<Map<String, Object>> notices(@RequestParam("organization") String organization) {
        return jdbc.query("select kind, message, created_at from app_notices where organization_id = ? order by id",
                (rs, i) -> Map.<String, Object>of("kind", rs.getString(1), "message", rs.getString(2),
                        "at", rs.getTimestamp(3).toInstant().toString()), organization);
    }

    private ResponseEntity<Map<String, Object>> refuseUnlessActive(String userId, String what) {
        List<String> status = jdbc.queryForList("select status from app_users where id = ?", String.class, userId);
        if (status.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "not_found",
                    "message", "no user " + userId));
        }
        if (!"ACTIVE".equals(status.get(0))) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", "not_active",
                    "message", "user " + userId + " is " + status.get(0).toLowerCase(Locale.ROOT)
                            + " and cannot " + what));
        }
        return null;
    }
}
