package dev.perimeter.solana;

/**
 * Who controls a liquid-staking token's stake pool, as read from the pool account at the scan's slot.
 * @param mint    the LST's mint
 * @param pool    the pool account
 * @param program the program that must own it
 * @param manager the pool's manager authority (fees, staker, manager); null when not read
 * @param staker  the pool's staker authority (which validators); null when not read
 * @param slot    the slot the scan read at
 * @param problem why it was not read (a sentence of Perimeter's); null when read
 */
public record StakePoolReading(String mint, String pool, String program, String manager, String staker, long slot, String problem) {
    public boolean read() {
        return problem == null;
    }
}
