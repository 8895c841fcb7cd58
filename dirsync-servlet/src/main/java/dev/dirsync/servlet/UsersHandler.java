package dev.dirsync.servlet;

import dev.dirsync.core.read.Page;
import dev.dirsync.core.read.UserView;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /organizations/{org}/users}: directory users with what was applied, searched and paged in the store. */
final class UsersHandler {

    void routes(AdminRouter r) {
        r.get("organizations/{org}/users", this::list);
    }

    private void list(ApiCall c) throws IOException {
        Page<UserView> page = c.view().users(Params.userQuery(c.req));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", page.total());
        out.put("offset", page.offset());
        out.put("limit", page.limit());
        out.put("users", page.items().stream().map(AdminJson::user).toList());
        c.json(200, out);
    }
}
