package dev.dirsync.core.model;

import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A person as the customer's directory describes them, normalized across IdPs and sources.
 *
 * <p>{@code id} is the stable directory id (WorkOS directory user id, SCIM {@code id}); {@code idpId}
 * is the IdP's own id (WorkOS {@code idp_id}, SCIM {@code externalId}). Custom and raw attributes hold
 * JSON-like plain values (String, Number, Boolean, List, Map).
 */
public record DirectoryUser(
        String id,
        String directoryId,
        @Nullable String idpId,
        @Nullable String userName,
        List<Email> emails,
        @Nullable String givenName,
        @Nullable String familyName,
        @Nullable String formattedName,
        boolean active,
        @Nullable String title,
        @Nullable String department,
        @Nullable String employeeNumber,
        @Nullable String locale,
        @Nullable String timezone,
        @Nullable String managerId,
        @Nullable String costCenter,
        @Nullable String division,
        @Nullable String organization,
        List<String> idpRoles,
        Map<String, Object> customAttributes,
        Map<String, Object> rawAttributes) {

    public DirectoryUser {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(directoryId, "directoryId");
        emails = List.copyOf(emails);
        idpRoles = List.copyOf(idpRoles);
        customAttributes = JsonValues.copyOf(customAttributes);
        rawAttributes = JsonValues.copyOf(rawAttributes);
    }

    public static Builder builder(String id, String directoryId) {
        return new Builder(id, directoryId);
    }

    public Builder toBuilder() {
        Builder b = new Builder(id, directoryId);
        b.idpId = idpId;
        b.userName = userName;
        b.emails = emails;
        b.givenName = givenName;
        b.familyName = familyName;
        b.formattedName = formattedName;
        b.active = active;
        b.title = title;
        b.department = department;
        b.employeeNumber = employeeNumber;
        b.locale = locale;
        b.timezone = timezone;
        b.managerId = managerId;
        b.costCenter = costCenter;
        b.division = division;
        b.organization = organization;
        b.idpRoles = idpRoles;
        b.customAttributes = customAttributes;
        b.rawAttributes = rawAttributes;
        return b;
    }

    /** The primary email, else the first one, else a userName that looks like an address. */
    public Optional<String> primaryEmail() {
        for (Email e : emails) {
            if (e.primary()) {
                return Optional.of(e.value());
            }
        }
        if (!emails.isEmpty()) {
            return Optional.of(emails.get(0).value());
        }
        if (userName != null && userName.contains("@")) {
            return Optional.of(userName);
        }
        return Optional.empty();
    }

    /** A display name: formatted name, else given + family, else userName, else id. */
    public String displayName() {
        if (formattedName != null && !formattedName.isBlank()) {
            return formattedName;
        }
        String joined = ((givenName == null ? "" : givenName) + " " + (familyName == null ? "" : familyName)).trim();
        if (!joined.isEmpty()) {
            return joined;
        }
        return userName != null ? userName : id;
    }

    public String normalizedUserName() {
        return userName == null ? "" : userName.toLowerCase(Locale.ROOT);
    }

    /** Mutable builder; every field but the ids is optional. */
    public static final class Builder {
        private final String id;
        private final String directoryId;
        private @Nullable String idpId;
        private @Nullable String userName;
        private List<Email> emails = List.of();
        private @Nullable String givenName;
        private @Nullable String familyName;
        private @Nullable String formattedName;
        private boolean active = true;
        private @Nullable String title;
        private @Nullable String department;
        private @Nullable String employeeNumber;
        private @Nullable String locale;
        private @Nullable String timezone;
        private @Nullable String managerId;
        private @Nullable String costCenter;
        private @Nullable String division;
        private @Nullable String organization;
        private List<String> idpRoles = List.of();
        private Map<String, Object> customAttributes = Map.of();
        private Map<String, Object> rawAttributes = Map.of();

        private Builder(String id, String directoryId) {
            this.id = id;
            this.directoryId = directoryId;
        }

        public Builder idpId(@Nullable String v) { this.idpId = v; return this; }
        public Builder userName(@Nullable String v) { this.userName = v; return this; }
        public Builder emails(List<Email> v) { this.emails = v; return this; }
        public Builder email(String primary) { this.emails = List.of(Email.primary(primary)); return this; }
        public Builder givenName(@Nullable String v) { this.givenName = v; return this; }
        public Builder familyName(@Nullable String v) { this.familyName = v; return this; }
        public Builder formattedName(@Nullable String v) { this.formattedName = v; return this; }
        public Builder active(boolean v) { this.active = v; return this; }
        public Builder title(@Nullable String v) { this.title = v; return this; }
        public Builder department(@Nullable String v) { this.department = v; return this; }
        public Builder employeeNumber(@Nullable String v) { this.employeeNumber = v; return this; }
        public Builder locale(@Nullable String v) { this.locale = v; return this; }
        public Builder timezone(@Nullable String v) { this.timezone = v; return this; }
        public Builder managerId(@Nullable String v) { this.managerId = v; return this; }
        public Builder costCenter(@Nullable String v) { this.costCenter = v; return this; }
        public Builder division(@Nullable String v) { this.division = v; return this; }
        public Builder organization(@Nullable String v) { this.organization = v; return this; }
        public Builder idpRoles(List<String> v) { this.idpRoles = v; return this; }
        public Builder customAttributes(Map<String, Object> v) { this.customAttributes = v; return this; }
        public Builder rawAttributes(Map<String, Object> v) { this.rawAttributes = v; return this; }

        public DirectoryUser build() {
            return new DirectoryUser(id, directoryId, idpId, userName, emails, givenName, familyName,
                    formattedName, active, title, department, employeeNumber, locale, timezone, managerId,
                    costCenter, division, organization, idpRoles, customAttributes, rawAttributes);
        }
    }
}
