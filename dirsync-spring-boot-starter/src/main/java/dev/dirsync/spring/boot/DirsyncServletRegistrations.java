package dev.dirsync.spring.boot;

import dev.dirsync.servlet.DirsyncServlets;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.boot.web.servlet.ServletRegistrationBean;

import java.util.ArrayList;
import java.util.List;

/**
 * Registers each servlet {@link DirsyncServlets#mounts()} enables as a {@link ServletRegistrationBean} in the
 * embedded container, inside the host's context, so the host's own filters (Spring Security) apply to them.
 */
public final class DirsyncServletRegistrations implements ServletContextInitializer {
    private static final Logger log = LoggerFactory.getLogger(DirsyncServletRegistrations.class);

    private final DirsyncServlets servlets;
    private final List<DirsyncServlets.Mount> mounted = new ArrayList<>();

    public DirsyncServletRegistrations(DirsyncServlets servlets) {
        this.servlets = servlets;
    }

    @Override
    public void onStartup(ServletContext context) throws jakarta.servlet.ServletException {
        List<DirsyncServlets.Mount> mounts = servlets.mounts();
        for (DirsyncServlets.Mount m : mounts) {
            ServletRegistrationBean<HttpServlet> r = new ServletRegistrationBean<>(m.servlet(), m.urlPattern());
            r.setName(m.name());
            r.onStartup(context);
        }
        synchronized (mounted) {
            mounted.clear();
            mounted.addAll(mounts);
        }
        log.info("dirsync mounted: {}", mounts.isEmpty() ? "nothing (no webhook secret, admin API off)"
                : String.join(", ", mounts.stream().map(m -> m.name() + " at " + m.urlPattern()).toList()));
    }

    /** What the last {@link #onStartup} registered. */
    public List<DirsyncServlets.Mount> mounted() {
        synchronized (mounted) {
            return List.copyOf(mounted);
        }
    }
}
