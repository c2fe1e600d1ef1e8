package dev.perimeter.bench;

import dev.perimeter.TestApp;
import dev.perimeter.token.Token;
import dev.perimeter.token.TokenRegistry;
import dev.perimeter.testchain.Anvil;
import dev.perimeter.util.DataFiles;

import java.math.BigInteger;
import java.util.Map;

/**
 * A demo instance for looking at the pages by hand (not a test): a local anvil with a few real-address tokens held by a
 * demo wallet, and the app on it. Run: mvn -B -q test-compile exec:java -Dexec.mainClass=dev.perimeter.bench.DemoServer
 * -Dexec.classpathScope=test -Ddemo.seconds=600 ; then open the printed URL.
 */
public final class DemoServer {
    public static void main(String[] args) throws Exception {
        long seconds = Long.getLong("demo.seconds", 600);
        TokenRegistry registry = TokenRegistry.load(DataFiles.bundled());
        String wallet = "0x9999999999999999999999999999999999999991";
        try (Anvil anvil = new Anvil(1)) {
            TestApp app = new TestApp(Map.of("PERIMETER_CHAINS", "ethereum", "PERIMETER_RPC_ETHEREUM", anvil.url(),
                    "PERIMETER_SCAN_RATE_PER_MINUTE", "1000"));
            anvil.placeMulticall();
            String usdc = dev.perimeter.TestData.registryToken(registry, "ethereum", t -> t.symbol().equals("USDC") && t.kind().equals("plain"));
            String rseth = "0xa1290d69c65a6fe4df752f95823fae25cb99e5a7";
            String portal = registry.all().stream().filter(t -> t.chain().equals("ethereum"))
                    .filter(t -> app.wiring.infrastructure.catalog().forToken(t).contains("wormhole-portal")).map(Token::address).sorted()
                    .findFirst().orElseThrow();
            anvil.placeToken(usdc, "USD Coin", "USDC", 6);
            anvil.placeToken(rseth, "rsETH", "rsETH", 18);
            Token p = registry.find("ethereum", portal).orElseThrow();
            anvil.placeToken(portal, p.name(), p.symbol(), p.decimals());
            anvil.placeToken("0x4444444444444444444444444444444444444444", "Free Airdrop <b>claim</b>", "FREE", 18);
            anvil.mint(usdc, wallet, new BigInteger("2500000000"));
            anvil.mint(rseth, wallet, new BigInteger("1500000000000000000"));
            anvil.mint(portal, wallet, BigInteger.valueOf(10).pow(p.decimals()));
            anvil.mint("0x4444444444444444444444444444444444444444", wallet, BigInteger.TEN.pow(20));
            anvil.approve(usdc, wallet, app.wiring.exposure.snapshot().exploitedContracts("ethereum").get(0), BigInteger.TWO.pow(256).subtract(BigInteger.ONE));
            anvil.setNativeBalance(wallet, new BigInteger("3000000000000000000"));
            // Aave's receipt for deposited rsETH: a layer above KelpDAO's rsETH.
            String aEthRsEth = dev.perimeter.TestData.registryToken(registry, "ethereum", t -> rseth.equals(t.underlying()) && "receipt".equals(t.kind()));
            anvil.placeToken(aEthRsEth, "Aave Ethereum rsETH", "aEthrsETH", 18);
            anvil.mint(aEthRsEth, wallet, new BigInteger("2000000000000000000"));
            String feed = dev.perimeter.token.PriceBook.load(DataFiles.bundled()).feeds("ethereum").get(0);
            System.out.println("DEMO " + app.base + "/wallet/" + wallet + "  (feed sample " + feed + ")");
            Thread.sleep(seconds * 1000);
            app.close();
        }
    }
}
