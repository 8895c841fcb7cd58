package dev.dirsync.core.policy;

import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.Email;
import dev.dirsync.core.model.OrganizationSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The sensitive-data policy called with plain values: names, shapes, typed fields, identity, groups. */
class SensitiveAttributeFilterTest {

    private static final Set<String> DEFAULTS = OrganizationSettings.DEFAULT_SENSITIVE_ATTRIBUTES;
    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

    private static Set<String> defaultsPlus(String... names) {
        Set<String> s = new TreeSet<>(DEFAULTS);
        s.addAll(List.of(names));
        return s;
    }

    private static DirectoryUser.Builder bob() {
        return DirectoryUser.builder("u1", "dir").idpId("okta-00u1").userName("bob@acme.test").email("bob@acme.test")
                .givenName("Bob").familyName("Tester").formattedName("Bob Tester");
    }

    // ------------------------------------------------------------------------------------------- value shapes

    @ParameterizedTest
    @ValueSource(strings = {
            "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----",
            "-----BEGIN OPENSSH PRIVATE KEY-----",
            "-----BEGIN PGP PRIVATE KEY BLOCK-----",
            JWT,
            "Authorization was " + JWT + " at the time",
            "sk_live_51H8abcdefghijklmnopqrstuv",
            "rk_test_51H8abcdefghijklmnopqrstuv",
            "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
            "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz",
            "xoxb-2048-4096-abcdefghijkl",
            "xoxp-123456789012-abcdef",
            "AKIAIOSFODNN7EXAMPLE",
            "key=AKIAIOSFODNN7EXAMPLE;",
            "AIzaSyA-abcdefghijklmnopqrstuvwxyz01234",
            "glpat-abcdefghij0123456789",
            "npm_abcdefghijklmnopqrstuvwxyz0123456789",
            "sk-proj-abcdefghijklmnopqrstuvwxyz012345",
            "dsync_scim_abcdefghijklmnopqrstuvwxyz012345",
            "Bearer abcdefghijklmnopqrstuvwxyz.0123456789",
            "SSN: 078-05-1120",
            "card 4111 1111 1111 1111 exp 12/28"})
    void secretShapedValuesAreSensitive(String value) {
        assertThat(SensitiveAttributeFilter.looksSensitive(value)).isTrue();
        assertThat(SensitiveAttributeFilter.redact("before " + value + " after")).contains("[redacted]");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "directory_user_01HXYZABCDEFGHJKMNPQRSTVWX", // WorkOS ids are long and opaque, not secrets
            "123e4567-e89b-12d3-a456-426614174000",
            "1767603604000", // a time in milliseconds
            "1000000000000008", "7992739871300008", "9000000000000019", // Luhn-valid but no card issuer digit
            "+1 (415) 555-0100",
            "2026-01-05T09:00:00Z",
            "978-3-16-148410-0",
            "task-abcdefghijklmnopqrstuvwxyz",
            "eyJhbGciOiJIUzI1NiJ9", // a JWT header alone
            "sk_live_short",
            "akiaiosfodnn7example",
            "Bearer of this badge",
            "Keys are kept in the vault"})
    void ordinaryValuesAreNotSensitive(String value) {
        assertThat(SensitiveAttributeFilter.looksSensitive(value)).isFalse();
        assertThat(SensitiveAttributeFilter.redact(value)).isEqualTo(value);
    }

    @Test
    void noUuidIsTakenForACardNumberButCardsBetweenWordsAndPunctuationAre() {
        // a UUID's digit runs joined by its hyphens can be 13-19 Luhn-valid digits starting 2-6 (about 1 in 10 of
        // random UUIDs): a manager id must not be dropped as a card number
        java.util.Random random = new java.util.Random(20261202L);
        List<String> flagged = new java.util.ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String uuid = new java.util.UUID(random.nextLong(), random.nextLong()).toString();
            for (String id : List.of(uuid, uuid.replace("-", "").substring(0, 20) + "-" + uuid.substring(24))) {
                if (SensitiveAttributeFilter.looksSensitive(id) || !SensitiveAttributeFilter.redact(id).equals(id)) {
                    flagged.add(id);
                }
            }
        }
        assertThat(flagged).isEmpty();
        // digits-only UUID groups, the worst case: 12345678-1234-5678-... is 16 Luhn-checkable digits
        for (int i = 0; i < 2_000; i++) {
            String g = String.format("%08d-%04d-%04d-%04d-%012d", random.nextInt(100_000_000), random.nextInt(10_000),
                    random.nextInt(10_000), random.nextInt(10_000), Math.floorMod(random.nextLong(), 1_000_000_000_000L));
            assertThat(SensitiveAttributeFilter.looksSensitive(g)).as(g).isFalse();
        }
        // real card-shaped values (Luhn-valid, issuer digit 2-6) are still found wherever a person would write them
        for (int i = 0; i < 2_000; i++) {
            String card = luhnCard(random);
            String grouped = card.substring(0, 4) + " " + card.substring(4, 8) + " " + card.substring(8, 12) + " "
                    + card.substring(12);
            for (String v : List.of(card, grouped, grouped.replace(' ', '-'), "card: " + card + ".",
                    "(" + grouped + ")", "paid with " + card + ", thanks", "card=" + card)) {
                assertThat(SensitiveAttributeFilter.looksSensitive(v)).as(v).isTrue();
                assertThat(SensitiveAttributeFilter.redact(v)).as(v).doesNotContain(card.substring(4, 12));
            }
        }
    }

    /** A 16-digit number starting 2-6 with a valid Luhn check digit. */
    private static String luhnCard(java.util.Random random) {
        StringBuilder b = new StringBuilder().append(2 + random.nextInt(5));
        while (b.length() < 15) {
            b.append(random.nextInt(10));
        }
        for (int check = 0; check < 10; check++) {
            if (SensitiveValues.luhn(b + Integer.toString(check))) {
                return b.append(check).toString();
            }
        }
        throw new AssertionError();
    }

    @Test
    void redactingRemovesAWholePrivateKeyAndLeavesTheRestOfTheText() {
        String text = "import failed for bob: -----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n"
                + "-----END RSA PRIVATE KEY----- (retrying), token ghp_abcdefghijklmnopqrstuvwxyz0123456789";

        assertThat(SensitiveAttributeFilter.redact(text))
                .isEqualTo("import failed for bob: [redacted] (retrying), token [redacted]");
    }

    @Test
    void theKindOfAValueNamesAShapeNeverTheValue() {
        assertThat(SensitiveAttributeFilter.sensitiveKind(JWT)).isEqualTo("a JWT");
        assertThat(SensitiveAttributeFilter.sensitiveKind("4111-1111-1111-1111")).isEqualTo("a payment card number");
        assertThat(SensitiveAttributeFilter.sensitiveKind("078-05-1120")).isEqualTo("an SSN");
        assertThat(SensitiveAttributeFilter.sensitiveKind("E-10023")).isNull();
    }

    // ------------------------------------------------------------------------------------------- names

    @ParameterizedTest
    @ValueSource(strings = {"password", "Password", "userPassword", "unicodePwd", "client_secret", "x-api-key",
            "API_KEY", "githubAccessToken", "refresh-token", "id token", "employee_ssn", "SSN", "ssnLast4",
            "urn:ietf:params:scim:schemas:extension:acme:2.0:User:ssn", "national_identifier", "NIN", "sin",
            "tax-id", "passport_number", "DriversLicense", "iban", "bank_account_number", "accountNumber",
            "routing-number", "sort_code", "date-of-birth", "birthDate", "baseSalary", "privateKey",
            "secretAccessKey"})
    void theDefaultListCoversCredentialsNationalIdsBankDataAndBirthDates(String name) {
        assertThat(SensitiveAttributeFilter.isSensitiveName(name, SensitiveAttributeFilter.normalizedNames(DEFAULTS)))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"business", "austin", "position", "birthplace", "tokenization", "secretary", "team",
            "department", "employeeNumber", "nickname", "keyboardLayout", "passwordless"})
    void ordinaryNamesAreNotOnTheDefaultList(String name) {
        assertThat(SensitiveAttributeFilter.isSensitiveName(name, SensitiveAttributeFilter.normalizedNames(DEFAULTS)))
                .isFalse();
    }

    @Test
    void genericWordsMatchOnlyAWholeNameOrPathSegment() {
        Set<String> names = SensitiveAttributeFilter.normalizedNames(Set.of("number"));
        assertThat(SensitiveAttributeFilter.isSensitiveName("number", names)).isTrue();
        assertThat(SensitiveAttributeFilter.isSensitiveName("urn:acme:User:number", names)).isTrue();
        assertThat(SensitiveAttributeFilter.isSensitiveName("phoneNumber", names)).isFalse();
    }

    // ------------------------------------------------------------------------------------------- typed fields

    @Test
    void aListedTypedFieldIsDroppedWithItsCopiesUnderTheSourcesNames() {
        DirectoryUser u = bob().costCenter("CC-4471").title("Engineer")
                .customAttributes(Map.of("cost_center_name", "CC-4471", "job_title", "Engineer"))
                .rawAttributes(Map.of("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                        Map.of("costCenter", "CC-4471", "division", "Labs")))
                .build();

        SensitiveAttributeFilter.Result r = SensitiveAttributeFilter.filter(u, defaultsPlus("costCenter", "jobTitle"), true);

        assertThat(r.user().costCenter()).isNull();
        assertThat(r.user().title()).as("listed as the name WorkOS uses for it").isNull();
        assertThat(r.user().customAttributes()).isEmpty();
        assertThat(r.user().rawAttributes()).isEqualTo(Map.of(
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", Map.of("division", "Labs")));
        assertThat(r.dropped()).extracting(SensitiveAttributeFilter.Dropped::attribute)
                .contains("costCenter", "title", "customAttributes.cost_center_name", "customAttributes.job_title",
                        "rawAttributes.urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.costCenter");
    }

    @Test
    void everyTypedFieldCanBeListed() {
        DirectoryUser u = bob().title("t").department("d").employeeNumber("e").locale("l").timezone("z")
                .managerId("m").costCenter("c").division("v").organization("o").idpRoles(List.of("admin")).build();

        DirectoryUser f = SensitiveAttributeFilter.filter(u, Set.of("title", "department", "employeeNumber", "locale",
                "timezone", "manager", "costCenter", "division", "organization", "roles"), false).user();

        assertThat(f).isEqualTo(bob().build());
    }

    @Test
    void listingNameDropsThePersonsNamesAndTheDisplayNameFallsBackToTheUserName() {
        DirectoryUser u = bob().rawAttributes(Map.of("name", Map.of("givenName", "Bob"), "displayName", "Bob T."))
                .customAttributes(Map.of("first_name", "Bob", "department_name", "R&D")).build();

        SensitiveAttributeFilter.Result r = SensitiveAttributeFilter.filter(u, Set.of("name"), false);

        assertThat(r.user().givenName()).isNull();
        assertThat(r.user().familyName()).isNull();
        assertThat(r.user().formattedName()).isNull();
        assertThat(r.user().displayName()).isEqualTo("bob@acme.test");
        assertThat(r.user().rawAttributes()).isEmpty();
        assertThat(r.user().customAttributes()).as("'name' is generic: departmentName is not a person's name")
                .containsOnlyKeys("department_name");
    }

    @Test
    void valuesShapedLikeSecretsAreDroppedFromTypedFieldsRolesAndAttributesAtAnyDepth() {
        DirectoryUser u = bob().employeeNumber("078-05-1120").title(JWT).idpRoles(List.of("member", JWT))
                .customAttributes(Map.of("accounts", List.of(Map.of("kind", "aws", "ref", "AKIAIOSFODNN7EXAMPLE"),
                        Map.of("kind", "blog", "ref", "https://bob.example")))).build();

        SensitiveAttributeFilter.Result r = SensitiveAttributeFilter.filter(u, Set.of(), true);

        assertThat(r.user().employeeNumber()).isNull();
        assertThat(r.user().title()).isNull();
        assertThat(r.user().idpRoles()).containsExactly("member");
        assertThat(r.user().customAttributes()).isEqualTo(Map.of("accounts",
                List.of(Map.of("kind", "aws"), Map.of("kind", "blog", "ref", "https://bob.example"))));
        assertThat(r.dropped()).extracting(SensitiveAttributeFilter.Dropped::attribute, SensitiveAttributeFilter.Dropped::reason)
                .contains(org.assertj.core.groups.Tuple.tuple("customAttributes.accounts[0].ref",
                        "value shaped like an AWS access key"));
        assertThat(r.dropped().toString()).doesNotContain("078-05-1120").doesNotContain("AKIA").doesNotContain("eyJ");
    }

    @Test
    void withoutValueDetectionOnlyNamesCount() {
        DirectoryUser u = bob().employeeNumber("078-05-1120").build();

        assertThat(SensitiveAttributeFilter.filter(u, DEFAULTS, false).user().employeeNumber()).isEqualTo("078-05-1120");
    }

    // ------------------------------------------------------------------------------------------- identity

    @Test
    void listingIdentityFieldsHasNoEffect() {
        DirectoryUser u = bob().rawAttributes(Map.of("userName", "bob@acme.test",
                "emails", List.of(Map.of("value", "bob@acme.test")), "id", "u1")).build();

        SensitiveAttributeFilter.Result r = SensitiveAttributeFilter.filter(u, Set.of("userName", "emails", "email", "id"), true);

        assertThat(r.user()).isEqualTo(u);
        assertThat(r.dropped()).isEmpty();
    }

    @Test
    void aListedExternalIdIsKeptForMatchingButNotStoredAsAnAttributeNorMapped() {
        DirectoryUser u = bob().rawAttributes(Map.of("externalId", "okta-00u1", "userName", "bob@acme.test"))
                .customAttributes(Map.of("idp_id", "okta-00u1")).build();

        SensitiveAttributeFilter.Result r = SensitiveAttributeFilter.filter(u, Set.of("externalId"), true);

        assertThat(r.user().idpId()).isEqualTo("okta-00u1");
        assertThat(r.user().rawAttributes()).containsOnlyKeys("userName");
        assertThat(r.user().customAttributes()).isEmpty();
        assertThat(SensitiveAttributeFilter.mayMap("idpId", Set.of("externalId"))).isFalse();
        assertThat(SensitiveAttributeFilter.mayMap("idpId", DEFAULTS)).isTrue();
        assertThat(SensitiveAttributeFilter.mayMap("userName", Set.of("userName"))).isTrue();
    }

    @Test
    void theUserNameIsNeverCheckedByShape() {
        DirectoryUser u = DirectoryUser.builder("u1", "dir").userName("078-05-1120")
                .emails(List.of(new Email("078-05-1120@acme.test", "work", true)))
                .rawAttributes(Map.of("userName", "078-05-1120")).build();

        assertThat(SensitiveAttributeFilter.filter(u, DEFAULTS, true).user()).isEqualTo(u);
    }

    // ------------------------------------------------------------------------------------------- groups

    @Test
    void groupRawAttributesAreFilteredButTheGroupsIdentityStays() {
        DirectoryGroup g = new DirectoryGroup("g1", "dir", "okta-g1", "Engineering", Map.of(
                "displayName", "Engineering", "description", JWT,
                "hooks", List.of(Map.of("url", "https://hooks.example", "client_secret", "s3cr3t"))));

        SensitiveAttributeFilter.GroupResult r = SensitiveAttributeFilter.filter(g, defaultsPlus("displayName"), true);

        assertThat(r.group().id()).isEqualTo("g1");
        assertThat(r.group().idpId()).isEqualTo("okta-g1");
        assertThat(r.group().displayName()).isEqualTo("Engineering");
        assertThat(r.group().rawAttributes()).isEqualTo(Map.of("displayName", "Engineering",
                "hooks", List.of(Map.of("url", "https://hooks.example"))));
        assertThat(r.dropped()).extracting(SensitiveAttributeFilter.Dropped::attribute)
                .containsExactlyInAnyOrder("rawAttributes.description", "rawAttributes.hooks[0].client_secret");
    }

    // ------------------------------------------------------------------------------------------- mapping

    @Test
    void aListedAttributeIsNotMappedEvenFromAMirrorRowStoredBeforeItWasListed() {
        OrganizationSettings s = OrganizationSettings.defaults()
                .withSensitiveAttributes(defaultsPlus("employeeNumber", "badgeId"), true)
                .withAttributeMappings(Map.of("employeeNumber", "employeeNumber", "department", "department",
                        "profile.badgeId", "badge", "profile.token", "token", "notes", "notes"));
        DirectoryUser stored = bob().employeeNumber("E-10023").department("R&D")
                .customAttributes(Map.of("profile", Map.of("badgeId", "B-1", "token", "t"), "notes", JWT)).build();

        assertThat(AttributeMapper.map(stored, s)).isEqualTo(Map.of("department", "R&D"));
    }
}
