package io.sluice.protocol.selector;

/**
 * Bounds on the selectors {@link Selector#parse(String, SelectorLimits)} accepts, so that a hostile
 * or machine-generated selector cannot exhaust the broker's stack, heap or time.
 *
 * <p>The nesting depth counts the parentheses, {@code NOT} operators and unary signs that enclose
 * a term: {@code NOT (a = -1)} nests 3 deep. Chains of {@code AND}, {@code OR}, {@code +} and
 * {@code *} do not nest, however long.
 *
 * <p>Immutable; thread-safe.
 *
 * @param maxLengthChars the longest selector text, in UTF-16 chars
 * @param maxNestingDepth the deepest nesting, at most {@link #MAX_NESTING_DEPTH_CAP}
 */
public record SelectorLimits(int maxLengthChars, int maxNestingDepth) {
    /**
     * The largest nesting depth that may be configured. Parsing recurses once per level, at about
     * 2 KiB of stack each, so the deepest selector needs about 256 KiB: a quarter of a default 1 MiB
     * thread stack.
     */
    public static final int MAX_NESTING_DEPTH_CAP = 128;

    /** 16 KiB of text and 64 levels: far beyond any hand-written selector. */
    public static final SelectorLimits DEFAULT = new SelectorLimits(16 * 1024, 64);

    public SelectorLimits {
        if (maxLengthChars < 1) {
            throw new IllegalArgumentException("maxLengthChars must be positive, got " + maxLengthChars);
        }
        if (maxNestingDepth < 1 || maxNestingDepth > MAX_NESTING_DEPTH_CAP) {
            throw new IllegalArgumentException(
                    "maxNestingDepth must be between 1 and " + MAX_NESTING_DEPTH_CAP + ", got " + maxNestingDepth);
        }
    }
}
