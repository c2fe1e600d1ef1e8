package dev.perimeter.testchain;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.function.Supplier;

/**
 * One anvil per test class behind a {@link FaultProxy}: started before the class's own {@code @BeforeAll} (which places
 * its contracts on {@link #anvil()}), the proxy set back to pass-through before each test, both closed after the class.
 * Register it as {@code @RegisterExtension static final ProxiedChain CHAIN = new ProxiedChain(() -> new Anvil(1));}.
 */
public final class ProxiedChain implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private final Supplier<Anvil> start;
    private Anvil anvil;
    private FaultProxy proxy;

    public ProxiedChain(Supplier<Anvil> start) {
        this.start = start;
    }

    public Anvil anvil() {
        return anvil;
    }

    public FaultProxy proxy() {
        return proxy;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        anvil = start.get();
        proxy = new FaultProxy(anvil.url());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        proxy.reset(FaultProxy.Mode.PASS);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (proxy != null) proxy.close();
        if (anvil != null) anvil.close();
    }
}
