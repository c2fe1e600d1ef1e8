package dev.perimeter.chain;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Request 1 (last in its batch, at "latest"): the wallet's Approval logs (owner = the wallet) and Transfer logs
 * (to = the wallet) over the whole history. What they tell: the allowances the wallet granted at some point (confirmed
 * at the scan's block by {@link AllowancePhase}) and the tokens it received (the unlisted ones are read by
 * {@link UnlistedTokenPhase}). Entries after the scan's block are left out; a provider that refuses the whole range gets
 * it in halves ({@link ChainSession#logs}), and what could not be read is said in a problem.
 */
final class LogPhase implements ScanPhase {
    private final ChainSession session;
    private final boolean on;
    private final String walletTopic;
    private Batch.Handle<JsonRpcClient.Result> approvalLogs;
    private Batch.Handle<JsonRpcClient.Result> transferLogs;

    private final Set<EvmChainReader.TokenSpender> approved = new LinkedHashSet<>();
    private final Set<String> received = new LinkedHashSet<>();
    private boolean complete = true;

    /** @param on read the logs (a scan that asks for approvals or unlisted tokens); off: no call, nothing found */
    LogPhase(ChainSession session, String wallet, boolean on) {
        this.session = session;
        this.on = on;
        this.walletTopic = Abi.topicAddress(wallet);
    }

    @Override
    public String name() {
        return "logs";
    }

    static JsonRpcClient.Call logsCall(String topic0, String topic1, String topic2, String from, String to) {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("fromBlock", from);
        filter.put("toBlock", to);
        List<Object> topics = new ArrayList<>();
        topics.add(topic0);
        topics.add(topic1);
        if (topic2 != null) topics.add(topic2);
        filter.put("topics", topics);
        return new JsonRpcClient.Call("eth_getLogs", List.of(filter));
    }

    @Override
    public void plan(Round round) {
        if (!on || round.number() != 1) return;
        approvalLogs = round.call(logsCall(Abi.APPROVAL_TOPIC, walletTopic, null, "0x0", "latest"), r -> r);
        transferLogs = round.call(logsCall(Abi.TRANSFER_TOPIC, null, walletTopic, "0x0", "latest"), r -> r);
    }

    @Override
    public void read(Round round) {
        if (!on || round.number() != 1) return;
        long block = round.block();
        String incomplete = "approval/transfer history is incomplete";
        ChainSession.Logs approvals = session.logs(approvalLogs.get(),
                (from, to) -> logsCall(Abi.APPROVAL_TOPIC, walletTopic, null, from, to), 0, block, incomplete);
        ChainSession.Logs transfers = session.logs(transferLogs.get(),
                (from, to) -> logsCall(Abi.TRANSFER_TOPIC, null, walletTopic, from, to), 0, block, incomplete);
        for (JsonNode l : approvals.logs()) {
            if (ChainSession.after(l, block)) continue;
            String token = l.path("address").asText("").toLowerCase(Locale.ROOT);
            JsonNode topics = l.path("topics");
            if (topics.size() < 3 || !RpcValues.isAddress(token)) continue; // ERC-721 approvals have 4 topics and no amount; skip only malformed
            String spender = Abi.addressFromTopic(topics.get(2).asText());
            if (spender != null) approved.add(new EvmChainReader.TokenSpender(token, spender));
        }
        for (JsonNode l : transfers.logs()) {
            if (ChainSession.after(l, block)) continue;
            String token = l.path("address").asText("").toLowerCase(Locale.ROOT);
            if (RpcValues.isAddress(token)) received.add(token);
        }
        complete = approvals.complete() && transfers.complete();
    }

    /** (token, spender) pairs of the wallet's Approval logs up to the scan's block. */
    Set<EvmChainReader.TokenSpender> approved() {
        return approved;
    }

    /** Tokens the wallet received up to the scan's block. */
    Set<String> received() {
        return received;
    }

    /** Every range of both queries was read. */
    boolean complete() {
        return complete;
    }
}
