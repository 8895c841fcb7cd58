package dev.dirsync.servlet;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection to a loopback test server that sends the same request again and again, for
 * floods of 1,000+ requests per second that a general-purpose client cannot make on a small machine.
 */
final class RawHttpFlood implements AutoCloseable {
    private final Socket socket = new Socket();
    private final byte[] request;
    private final OutputStream out;
    private final InputStream in;

    RawHttpFlood(String base, String method, String path, String body, String... headers) throws IOException {
        URI u = URI.create(base);
        if (!"127.0.0.1".equals(u.getHost())) {
            throw new IllegalArgumentException("floods go to loopback test servers only: " + base);
        }
        socket.connect(new InetSocketAddress(u.getHost(), u.getPort()), 5_000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + u.getPort()
                + "\r\nContent-Length: " + b.length + "\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            h.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        h.append("\r\n");
        byte[] head = h.toString().getBytes(StandardCharsets.UTF_8);
        request = new byte[head.length + b.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(b, 0, request, head.length, b.length);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream());
    }

    /** Sends the request once more and reads the whole answer; returns its status. */
    int send() throws IOException {
        out.write(request);
        out.flush();
        String status = line();
        long length = 0;
        boolean chunked = false;
        for (String l = line(); !l.isEmpty(); l = line()) {
            String lower = l.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(l.substring("content-length:".length()).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line().trim(), 16); size > 0; size = Long.parseLong(line().trim(), 16)) {
                in.skipNBytes(size);
                line();
            }
            line();
        } else {
            in.skipNBytes(length);
        }
        return Integer.parseInt(status.split(" ")[1]);
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
