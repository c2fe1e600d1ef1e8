package dev.perimeter.hardening;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 keep-alive client over one plain socket to 127.0.0.1, for the fuzz test: it sends the request
 * target exactly as given (no normalisation, no validation) and costs far less CPU per request than java.net.http —
 * which matters when client and server share two cores. Not thread-safe: one per thread.
 */
final class RawHttp implements Closeable {
    record Response(int status, Map<String, String> headers, byte[] body) {
        /** First value of a header (name case-insensitive), or null. */
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    RawHttp(int port) {
        this.port = port;
    }

    private void open() throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream(), 32 * 1024);
        out = socket.getOutputStream();
    }

    /**
     * One request. A kept-alive connection the server has meanwhile closed (it does after refusing a request) fails
     * before any answer byte: then the request is sent once more on a new connection.
     */
    Response send(String method, String target, Map<String, String> headers, byte[] body) throws IOException {
        boolean reused = socket != null && !socket.isClosed();
        try {
            return sendOnce(method, target, headers, body);
        } catch (NoAnswer e) {
            close();
            if (!reused) throw e;
            return sendOnce(method, target, headers, body);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private static final class NoAnswer extends IOException {
        NoAnswer(String m, Throwable cause) {
            super(m, cause);
        }
    }

    private Response sendOnce(String method, String target, Map<String, String> headers, byte[] body) throws IOException {
        if (socket == null || socket.isClosed()) open();
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1:")
                .append(port).append("\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        if (body != null) head.append("Content-Length: ").append(body.length).append("\r\n");
        head.append("\r\n");
        String status;
        IOException writeFailed = null;
        try {
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            if (body != null) out.write(body);
            out.flush();
        } catch (IOException e) {
            // The server may have answered (e.g. 414) and closed before the whole request was written: read that answer.
            writeFailed = e;
        }
        try {
            status = line();
        } catch (IOException e) {
            throw new NoAnswer("no answer: " + (writeFailed != null ? writeFailed : e), e);
        }
        if (status == null) throw new NoAnswer("no answer: connection closed", null);
        if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) throw new IOException("not an HTTP status line: " + status);
        int code = Integer.parseInt(status.substring(9, 12));
        Map<String, String> h = new HashMap<>();
        for (String l; !(l = headerLine()).isEmpty(); ) {
            int c = l.indexOf(':');
            if (c > 0) h.putIfAbsent(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim());
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        String te = h.getOrDefault("transfer-encoding", "");
        String cl = h.get("content-length");
        boolean close = h.getOrDefault("connection", "").toLowerCase(Locale.ROOT).contains("close");
        if (method.equals("HEAD") || code == 204 || code == 304) {
            // no body
        } else if (te.toLowerCase(Locale.ROOT).contains("chunked")) {
            while (true) {
                long size = Long.parseLong(headerLine().split(";")[0].trim(), 16);
                if (size == 0) {
                    while (!headerLine().isEmpty()) { /* trailers */ }
                    break;
                }
                copy(size, b);
                line();
            }
        } else if (cl != null) {
            copy(Long.parseLong(cl), b);
        } else {
            close = true;
            in.transferTo(b);
        }
        if (close) close();
        return new Response(code, h, b.toByteArray());
    }

    private void copy(long n, ByteArrayOutputStream to) throws IOException {
        byte[] buf = new byte[8192];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) throw new IOException("the answer ended early");
            to.write(buf, 0, r);
            n -= r;
        }
    }

    private String headerLine() throws IOException {
        String l = line();
        if (l == null) throw new IOException("the connection closed in the headers");
        return l;
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) != -1; ) {
            if (c == '\n') {
                int len = b.length();
                if (len > 0 && b.charAt(len - 1) == '\r') b.setLength(len - 1);
                return b.toString();
            }
            b.append((char) c);
        }
        if (b.length() == 0) return null;
        throw new IOException("the connection closed mid-line");
    }

    @Override
    public void close() {
        try {
            if (socket != null) socket.close();
        } catch (IOException e) {
            // closing: nothing to do
        }
        socket = null;
    }
}
