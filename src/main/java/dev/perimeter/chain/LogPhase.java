package dev.perimeter.chain;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Request 1 (last in its batch, at "latest"): two eth_getLogs over the whole history — the approvals the wallet made
 * (owner = the wallet: ERC-20 Approval, ERC-721/1155 ApprovalForAll, Permit2's Approval and Permit, one query for all of
 * them) and the Transfer logs to the wallet — parsed by {@link TokenEvents}. What they tell: the pairs whose allowance
 * is confirmed at the scan's block by {@link AllowancePhase} (ERC-20 token and spender; NFT collection and operator;
 * Permit2's token and spender), and the tokens the wallet received (the unlisted ones are read by
 * {@link UnlistedTokenPhase}). Entries after the scan's block are left out; a provider that refuses the whole range gets
 * it in halves ({@link ChainSession#logs}), and what could not be read is said in a problem.
 */
final class LogPhase implements ScanPhase {
    private final ChainSession session;
    private final boolean on;
    private final String wallet;
    private final String walletTopic;
    private Batch.Handle<JsonRpcClient.Result> approvalLogs;
    private Batch.Handle<JsonRpcClient.Result> transferLogs;

    private final Set<EvmChainReader.TokenSpender> approved = new LinkedHashSet<>();
    private final Set<EvmChainReader.TokenSpender> operators = new LinkedHashSet<>();
    private final Set<EvmChainReader.TokenSpender> permit2 = new LinkedHashSet<>();
    private final Set<String> received = new LinkedHashSet<>();
    private boolean complete = true;

    /** @param on read the logs (a scan that asks for approvals or unlisted tokens); off: no call, nothing found */
    LogPhase(ChainSession session, String wallet, boolean on) {
        this.session = session;
        this.on = on;
        this.wallet = wallet;
        this.walletTopic = Abi.topicAddress(wallet);
    }

    @Override
    public String name() {
        return "logs";
    }

    /** eth_getLogs over a block range; a topic is one value, a list of values (any of them), or null (any). */
    static JsonRpcClient.Call logsCall(Object topic0, String topic1, String topic2, String from, String to) {
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
        approvalLogs = round.call(logsCall(TokenEvents.OWNER_APPROVALS, walletTopic, null, "0x0", "latest"), r -> r);
        transferLogs = round.call(logsCall(TokenEvents.TRANSFER, null, walletTopic, "0x0", "latest"), r -> r);
    }

    @Override
    public void read(Round round) {
        if (!on || round.number() != 1) return;
        long block = round.block();
        String incomplete = "approval/transfer history is incomplete";
        ChainSession.Logs approvals = session.logs(approvalLogs.get(),
                (from, to) -> logsCall(TokenEvents.OWNER_APPROVALS, walletTopic, null, from, to), 0, block, incomplete);
        ChainSession.Logs transfers = session.logs(transferLogs.get(),
                (from, to) -> logsCall(TokenEvents.TRANSFER, null, walletTopic, from, to), 0, block, incomplete);
        for (JsonNode l : approvals.logs()) {
            if (ChainSession.after(l, block)) continue;
            TokenEvent e = TokenEvents.parse(l).orElse(null);
            if (e instanceof TokenEvent.Approval a && a.owner().equals(wallet)) {
                approved.add(new EvmChainReader.TokenSpender(a.contract(), a.spender()));
            } else if (e instanceof TokenEvent.ApprovalForAll a && a.owner().equals(wallet) && a.approved()) {
                // A pair only ever set to false needs no read; one set to true is read (a later false shows as false there).
                operators.add(new EvmChainReader.TokenSpender(a.contract(), a.operator()));
            } else if (e instanceof TokenEvent.Permit2Approval a && a.owner().equals(wallet) && a.contract().equals(AllowancePhase.PERMIT2)) {
                permit2.add(new EvmChainReader.TokenSpender(a.token(), a.spender()));
            } else if (e instanceof TokenEvent.Permit2Permit a && a.owner().equals(wallet) && a.contract().equals(AllowancePhase.PERMIT2)) {
                permit2.add(new EvmChainReader.TokenSpender(a.token(), a.spender()));
            }
        }
        for (JsonNode l : transfers.logs()) {
            if (ChainSession.after(l, block)) continue;
            if (TokenEvents.parse(l).orElse(null) instanceof TokenEvent.Transfer t && t.to().equals(wallet)) received.add(t.contract());
        }
        complete = approvals.complete() && transfers.complete();
    }

    /** (token, spender) pairs of the wallet's ERC-20 Approval logs up to the scan's block. */
    Set<EvmChainReader.TokenSpender> approved() {
        return approved;
    }

    /** (collection, operator) pairs the wallet set ApprovalForAll to true for, up to the scan's block. */
    Set<EvmChainReader.TokenSpender> operators() {
        return operators;
    }

    /** (token, spender) pairs of the wallet's Permit2 Approval and Permit logs (emitted by Permit2), up to the scan's block. */
    Set<EvmChainReader.TokenSpender> permit2() {
        return permit2;
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
