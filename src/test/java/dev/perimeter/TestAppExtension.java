package dev.perimeter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * One whole app ({@link TestApp}) per test class: started before the class's tests, stopped after them. Register it as
 * <pre>
 * &#64;RegisterExtension
 * static final TestAppExtension app = new TestAppExtension();
 * </pre>
 * A class that needs a test chain or feed server first passes a supplier of the app's PERIMETER_* settings: it runs
 * before the app starts (and before the class's own {@code @BeforeAll} methods, which see the running app), and hands
 * what it starts to {@link #closeAfter} so that it is closed after the app.
 */
public final class TestAppExtension implements BeforeAllCallback, AfterAllCallback {
    private final ObjectMapper json = new ObjectMapper();
    private final Env env;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private TestApp app;

    public TestAppExtension() {
        this(Map::of);
    }

    /** env: extra PERIMETER_* settings, asked for once before the app starts. */
    public TestAppExtension(Env env) {
        this.env = env;
    }

    /** Makes what the app needs (a test chain, a feed server) and answers the PERIMETER_* settings that point at it. */
    @FunctionalInterface
    public interface Env {
        Map<String, String> prepare() throws Exception;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        app = new TestApp(env.prepare());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Exception failure = null;
        if (app != null) {
            try {
                app.close();
            } catch (RuntimeException e) {
                failure = e;
            }
            app = null;
        }
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                if (failure == null) failure = e; else failure.addSuppressed(e);
            }
        }
        if (failure != null) throw failure;
    }

    /** Closes resource after the app stops (last registered, first closed); returns it. */
    public <T extends AutoCloseable> T closeAfter(T resource) {
        resources.push(resource);
        return resource;
    }

    public TestApp testApp() {
        if (app == null) throw new IllegalStateException("the app runs only between the class's @BeforeAll and @AfterAll");
        return app;
    }

    public Wiring wiring() {
        return testApp().wiring;
    }

    /** http://127.0.0.1:port */
    public String base() {
        return testApp().base;
    }

    public int port() {
        return testApp().app.port();
    }

    public HttpResponse<String> get(String path) {
        return testApp().get(path);
    }

    public HttpResponse<String> get(String path, Map<String, String> headers) {
        return testApp().get(path, headers);
    }

    /** The body of GET path as JSON, whatever the status. */
    public JsonNode getJson(String path) {
        return json(get(path));
    }

    /** A response's body as JSON. */
    public JsonNode json(HttpResponse<String> response) {
        return json(response.body());
    }

    public JsonNode json(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }
}
