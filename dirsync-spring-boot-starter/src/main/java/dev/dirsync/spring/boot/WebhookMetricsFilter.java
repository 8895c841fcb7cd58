package dev.dirsync.spring.boot;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.jspecify.annotations.Nullable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Counts and times WorkOS webhook deliveries around the webhook servlet, reading the event type from the request
 * and the result from the servlet's JSON answer: the HTTP exchange is where deliveries that never become events
 * (bad signatures, ignored types) are visible too; the engine's own metrics come through its OutcomeListener. The
 * bytes are passed through untouched (the signature covers them).
 */
public final class WebhookMetricsFilter implements Filter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();
    // only WorkOS-shaped names become tag values, so nobody can grow the metric's cardinality
    private static final Pattern TYPE = Pattern.compile("[a-z_]{1,32}(\\.[a-z_]{1,32}){0,3}");
    private static final int MAX_RESPONSE_CAPTURE = 8 * 1024;

    private final List<DirsyncObserver> observers;
    private final int maxBodyBytes;

    public WebhookMetricsFilter(List<DirsyncObserver> observers, int maxBodyBytes) {
        this.observers = List.copyOf(observers);
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse resp)) {
            chain.doFilter(request, response);
            return;
        }
        long t0 = System.nanoTime();
        CapturingRequest in = new CapturingRequest(req, maxBodyBytes + 1);
        CapturingResponse out = new CapturingResponse(resp);
        try {
            chain.doFilter(in, out);
        } finally {
            out.flushCaptured();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            int status = out.getStatus();
            String result = result(status, out.captured());
            // the type of an unauthenticated body is not trusted, even as a tag
            boolean authentic = status < 300 || status == 422 || status == 503;
            String type = authentic ? eventType(in.captured()) : "unknown";
            for (DirsyncObserver o : observers) {
                o.webhook(type, result, status, took);
            }
        }
    }

    static String result(int status, byte[] body) {
        switch (status) {
            case 401: return "unauthorized";
            case 405: return "method_not_allowed";
            case 413: return "too_large";
            case 422: return "rejected";
            case 429: return "throttled";
            case 503: return "failed";
            default: break;
        }
        if (status == 200 || status == 202) {
            String s = field(body, "status");
            if (s != null && TYPE.matcher(s).matches()) {
                return s;
            }
        }
        return "status_" + status;
    }

    static String eventType(byte[] body) {
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return "unknown";
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if ("event".equals(name) && v == JsonToken.VALUE_STRING) {
                    String t = p.getText();
                    return TYPE.matcher(t).matches() ? t : "unknown";
                }
                p.skipChildren();
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: the servlet already answered for it
        }
        return "unknown";
    }

    private static @Nullable String field(byte[] body, String name) {
        try {
            JsonNode n = JSON.readTree(body);
            return n != null && n.path(name).isTextual() ? n.path(name).asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Keeps a copy of what the servlet reads, up to a limit. */
    private static final class CapturingRequest extends HttpServletRequestWrapper {
        private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
        private final int limit;
        private @Nullable ServletInputStream stream;

        CapturingRequest(HttpServletRequest request, int limit) {
            super(request);
            this.limit = limit;
        }

        byte[] captured() {
            return copy.toByteArray();
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream s = super.getInputStream();
                stream = new ServletInputStream() {
                    @Override
                    public int read() throws IOException {
                        int b = s.read();
                        if (b >= 0 && copy.size() < limit) {
                            copy.write(b);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buf, int off, int len) throws IOException {
                        int n = s.read(buf, off, len);
                        if (n > 0) {
                            copy.write(buf, off, Math.min(n, Math.max(0, limit - copy.size())));
                        }
                        return n;
                    }

                    @Override
                    public boolean isFinished() { return s.isFinished(); }

                    @Override
                    public boolean isReady() { return s.isReady(); }

                    @Override
                    public void setReadListener(ReadListener l) { s.setReadListener(l); }

                    @Override
                    public void close() throws IOException { s.close(); }
                };
            }
            return stream;
        }
    }

    /** Keeps a copy of the first bytes the servlet writes. */
    private static final class CapturingResponse extends HttpServletResponseWrapper {
        private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
        private @Nullable ServletOutputStream stream;
        private @Nullable PrintWriter writer;

        CapturingResponse(HttpServletResponse response) {
            super(response);
        }

        byte[] captured() {
            return copy.toByteArray();
        }

        void flushCaptured() {
            if (writer != null) {
                writer.flush();
            }
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                ServletOutputStream s = super.getOutputStream();
                stream = new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        s.write(b);
                        if (copy.size() < MAX_RESPONSE_CAPTURE) {
                            copy.write(b);
                        }
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        s.write(b, off, len);
                        copy.write(b, off, Math.min(len, Math.max(0, MAX_RESPONSE_CAPTURE - copy.size())));
                    }

                    @Override
                    public void flush() throws IOException { s.flush(); }

                    @Override
                    public boolean isReady() { return s.isReady(); }

                    @Override
                    public void setWriteListener(WriteListener l) { s.setWriteListener(l); }
                };
            }
            return stream;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (writer == null) {
                String enc = getCharacterEncoding();
                writer = new PrintWriter(new OutputStreamWriter(getOutputStream(),
                        enc == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(enc)));
            }
            return writer;
        }

        @Override
        public void flushBuffer() throws IOException {
            flushCaptured();
            super.flushBuffer();
        }
    }
}
