package dev.perimeter.testchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A local Solana JSON-RPC for tests: tools/solana/rpc.mjs, a litesvm bank running the real SPL Token, Token-2022 and
 * Stake programs, set up from a scenario (see that file's header) and answering getBalance, getTokenAccountsByOwner,
 * getProgramAccounts, getMultipleAccounts and getSlot. Closed with its stdin.
 */
public final class LocalSolana implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final JsonNode started;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static Path script() {
        Path dir = Anvil.root().resolve("tools/solana");
        if (!Files.exists(dir.resolve("node_modules/litesvm/package.json"))) {
            throw new IllegalStateException("litesvm not found in " + dir + ": run `mvn -B verify` (it installs tools/solana) or `cd tools/solana && npm ci`");
        }
        return dir.resolve("rpc.mjs");
    }

    /** Starts the RPC with the scenario (a JSON-able map) and waits until it listens. */
    public LocalSolana(Map<String, ?> scenario) {
        try {
            Path file = Files.createTempFile("solana-scenario", ".json");
            file.toFile().deleteOnExit();
            Files.writeString(file, JSON.writeValueAsString(scenario));
            process = new ProcessBuilder("node", script().toString(), file.toString()).directory(script().getParent().toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get(120, TimeUnit.SECONDS);
            if (line == null) throw new IllegalStateException("the local Solana RPC exited before it listened");
            started = JSON.readTree(line);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("the local Solana RPC did not start", e);
        }
    }

    public int port() {
        return started.path("port").asInt();
    }

    public String url() {
        return "http://127.0.0.1:" + port() + "/";
    }

    public long slot() {
        return started.path("slot").asLong();
    }

    /** The address of a wallet the scenario named. */
    public String wallet(String name) {
        return started.path("wallets").path(name).asText();
    }

    /** A token account ("wallet:mint") or stake account ("wallet:stake0") the scenario made. */
    public String account(String key) {
        return started.path("accounts").path(key).asText(null);
    }

    /** HTTP requests and calls per method since the start (or the last reset). */
    public JsonNode stats() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "stats")).GET().build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public void resetStats() {
        try {
            http.send(HttpRequest.newBuilder(URI.create(url() + "reset-stats")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process == null) return;
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // closing stdin ends it; destroy below if not
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
