package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import java.io.IOException;

/** An error answered in the RFC 7644 error schema; knows how to render itself. */
record ScimError(int status, @Nullable String scimType, String detail) {
    static final String SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

    ObjectNode body() {
        ObjectNode n = ScimJson.MAPPER.createObjectNode();
        n.putArray("schemas").add(SCHEMA);
        n.put("status", Integer.toString(status));
        if (scimType != null) {
            n.put("scimType", scimType);
        }
        n.put("detail", detail);
        return n;
    }

    void write(HttpServletResponse resp) throws IOException {
        ScimServlet.write(resp, status, body());
    }
}
