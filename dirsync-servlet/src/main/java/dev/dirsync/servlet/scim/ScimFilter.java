package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A SCIM filter (RFC 7644 §3.4.2.2) and the PATCH path grammar built on it (§3.5.2), parsed by dirsync: a parse
 * error is the client's, answered 400 with {@code invalidFilter} (or {@code invalidPath} for a PATCH path) and a
 * message that says where the filter went wrong.
 */
sealed interface ScimFilter {

    /** {@code attrPath op value}, or {@code attrPath pr} (value null). */
    record Compare(AttrPath path, Op op, @Nullable JsonNode value) implements ScimFilter {
    }

    record And(ScimFilter left, ScimFilter right) implements ScimFilter {
    }

    record Or(ScimFilter left, ScimFilter right) implements ScimFilter {
    }

    record Not(ScimFilter filter) implements ScimFilter {
    }

    /** {@code emails[type eq "work"]}: matches if an element of the complex attribute matches the inner filter. */
    record ValuePath(AttrPath path, ScimFilter filter) implements ScimFilter {
    }

    /** An attribute path: an optional schema URN, an attribute name and an optional sub-attribute name. */
    record AttrPath(@Nullable String urn, String name, @Nullable String sub) {
        /** The path as written in a request, e.g. {@code urn:...:User:manager.value}. */
        String text() {
            return (urn == null ? "" : urn + ":") + name + (sub == null ? "" : "." + sub);
        }

        /** The path of the attribute itself, without the sub-attribute. */
        String attributeText() {
            return (urn == null ? "" : urn + ":") + name;
        }
    }

    /** A PATCH path: {@code attrPath}, or {@code attrPath[filter]} optionally followed by {@code .subAttr}. */
    record PatchPath(AttrPath attribute, @Nullable ScimFilter filter, @Nullable String sub) {
    }

    enum Op {
        EQ, NE, CO, SW, EW, GT, LT, GE, LE, PR;

        static @Nullable Op of(String word) {
            for (Op o : values()) {
                if (o.name().equalsIgnoreCase(word)) {
                    return o;
                }
            }
            return null;
        }
    }

    /** Parses a list filter; malformed is 400 invalidFilter. */
    static ScimFilter parse(String filter) {
        Parser p = new Parser(filter, "invalidFilter", "filter");
        ScimFilter f = p.or(false);
        p.end();
        return f;
    }

    /** Parses a PATCH path; malformed is 400 invalidPath. */
    static PatchPath parsePath(String path) {
        Parser p = new Parser(path, "invalidPath", "path");
        AttrPath attr = p.attrPath();
        ScimFilter filter = null;
        String sub = null;
        if (p.peek() == '[') {
            if (attr.sub() != null) {
                throw p.error("a value filter applies to an attribute, not to a sub-attribute");
            }
            p.pos++;
            filter = p.or(true);
            p.expect(']');
            if (p.peek() == '.') {
                p.pos++;
                sub = p.name();
            }
        }
        p.end();
        return new PatchPath(attr, filter, sub);
    }

    /** A recursive-descent parser of the RFC 7644 §3.4.2.2 grammar; precedence not, and, or. */
    final class Parser {
        private static final Pattern NAME = Pattern.compile("[A-Za-z$][A-Za-z0-9_$-]*");
        private final String text;
        private final String scimType;
        private final String what;
        private int pos;

        private Parser(String text, String scimType, String what) {
            this.text = text;
            this.scimType = scimType;
            this.what = what;
        }

        private ScimError error(String problem) {
            return new ScimError(400, scimType, "the " + what + " '" + text + "' is not valid SCIM (RFC 7644 §3.4.2.2): "
                    + problem + " at position " + (pos + 1));
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private void spaces() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private void expect(char c) {
            spaces();
            if (peek() != c) {
                throw error(pos >= text.length() ? "'" + c + "' is missing" : "'" + c + "' expected");
            }
            pos++;
        }

        private void end() {
            spaces();
            if (pos < text.length()) {
                throw error("unexpected '" + text.substring(pos, Math.min(text.length(), pos + 20)) + "'");
            }
        }

        private ScimFilter or(boolean inValuePath) {
            ScimFilter left = and(inValuePath);
            while (keyword("or")) {
                left = new Or(left, and(inValuePath));
            }
            return left;
        }

        private ScimFilter and(boolean inValuePath) {
            ScimFilter left = unary(inValuePath);
            while (keyword("and")) {
                left = new And(left, unary(inValuePath));
            }
            return left;
        }

        /** Consumes a keyword followed by a space or '(' if it comes next. */
        private boolean keyword(String word) {
            spaces();
            int end = pos + word.length();
            if (text.regionMatches(true, pos, word, 0, word.length()) && end < text.length()
                    && (Character.isWhitespace(text.charAt(end)) || text.charAt(end) == '(')) {
                pos = end;
                return true;
            }
            return false;
        }

        private ScimFilter unary(boolean inValuePath) {
            spaces();
            if (keyword("not")) {
                expect('(');
                ScimFilter inner = or(inValuePath);
                expect(')');
                return new Not(inner);
            }
            if (peek() == '(') {
                pos++;
                ScimFilter inner = or(inValuePath);
                expect(')');
                return inner;
            }
            if (pos >= text.length()) {
                throw error("an attribute expression is missing");
            }
            AttrPath path = attrPath();
            if (peek() == '[') {
                if (inValuePath) {
                    throw error("value filters cannot be nested");
                }
                if (path.sub() != null) {
                    throw error("a value filter applies to an attribute, not to a sub-attribute");
                }
                pos++;
                ScimFilter inner = or(true);
                expect(']');
                return new ValuePath(path, inner);
            }
            spaces();
            int start = pos;
            while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
                pos++;
            }
            String word = text.substring(start, pos);
            Op op = Op.of(word);
            if (op == null) {
                pos = start;
                throw error(word.isEmpty() ? "an operator (eq, ne, co, sw, ew, gt, lt, ge, le, pr) is missing"
                        : "'" + word + "' is not an operator (eq, ne, co, sw, ew, gt, lt, ge, le, pr)");
            }
            if (op == Op.PR) {
                return new Compare(path, op, null);
            }
            spaces();
            return new Compare(path, op, value());
        }

        /** {@code [URI ":"] ATTRNAME ["." subAttr]}; a URN runs up to its last ':' before the name. */
        private AttrPath attrPath() {
            spaces();
            int start = pos;
            while (pos < text.length() && !" []()\t\r\n\"".contains(String.valueOf(text.charAt(pos)))) {
                pos++;
            }
            String token = text.substring(start, pos);
            if (token.isEmpty()) {
                throw error("an attribute name is missing");
            }
            String urn = null;
            String rest = token;
            if (token.regionMatches(true, 0, "urn:", 0, 4)) {
                int colon = token.lastIndexOf(':');
                urn = token.substring(0, colon);
                rest = token.substring(colon + 1);
            }
            // a dotted name such as "2.0:User:name.givenName" has its URN before the last ':' only
            int dot = rest.indexOf('.');
            String name = dot < 0 ? rest : rest.substring(0, dot);
            String sub = dot < 0 ? null : rest.substring(dot + 1);
            if (!NAME.matcher(name).matches() || (sub != null && !NAME.matcher(sub).matches())) {
                pos = start;
                throw error("'" + token + "' is not an attribute path");
            }
            return new AttrPath(urn, name, sub);
        }

        private String name() {
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || "_$-".indexOf(text.charAt(pos)) >= 0)) {
                pos++;
            }
            String name = text.substring(start, pos);
            if (!NAME.matcher(name).matches()) {
                pos = start;
                throw error("a sub-attribute name is missing");
            }
            return name;
        }

        /** {@code false / null / true / number / string}, as JSON. */
        private JsonNode value() {
            int start = pos;
            if (peek() == '"') {
                pos++;
                while (pos < text.length() && text.charAt(pos) != '"') {
                    pos += text.charAt(pos) == '\\' ? 2 : 1;
                }
                if (pos >= text.length()) {
                    pos = start;
                    throw error("the string is not terminated");
                }
                pos++;
            } else {
                while (pos < text.length() && !Character.isWhitespace(text.charAt(pos)) && ")]".indexOf(text.charAt(pos)) < 0) {
                    pos++;
                }
            }
            String literal = text.substring(start, pos);
            if (literal.isEmpty()) {
                throw error("a value is missing");
            }
            String lower = literal.toLowerCase(Locale.ROOT);
            if (lower.equals("true") || lower.equals("false") || lower.equals("null")) {
                literal = lower;
            }
            try {
                JsonNode v = ScimJson.MAPPER.readTree(literal);
                if (v == null || v.isContainerNode() || v.isMissingNode()) {
                    throw new IOException("not a value");
                }
                return v;
            } catch (IOException e) {
                pos = start;
                throw error("'" + literal + "' is not a value (a quoted string, a number, true, false or null)");
            }
        }
    }
}
