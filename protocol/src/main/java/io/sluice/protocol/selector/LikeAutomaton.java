package io.sluice.protocol.selector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The automaton behind a {@link LikePattern}: state {@code j} means "the first {@code j} pattern
 * elements matched"; a {@code %} after element {@code j} is a self-loop on state {@code j}. On
 * each text code point the set of states advances by {@code next = ((states << 1) & mask(c)) |
 * (states & loops)}, where {@code mask(c)} has bit {@code j + 1} set if element {@code j} matches
 * {@code c}. Bit {@code j} of a set lives in word {@code j / 64} ({@code 1L << j} shifts by {@code
 * j % 64}, which is its place in that word).
 *
 * <p>Immutable; thread-safe (the multi-word matcher allocates its working arrays per call).
 */
final class LikeAutomaton {
    /** The element code of {@code _}. */
    static final int ANY_CHARACTER = -1;

    private final int words;
    private final long[] anyMask;
    private final long[] loopMask;
    private final int acceptBit;
    private final boolean acceptLoops;
    /** Single word only: the full transition mask of each ASCII character. */
    private final long[] asciiMasks;
    /** Distinct literal code points, sorted, and for each a dense mask or sparse bit list. */
    private final int[] codePoints;

    private final long[][] dense;
    private final int[][] sparse;

    LikeAutomaton(int[] elements, boolean[] loops) {
        int states = elements.length + 1;
        this.words = (states + 63) >>> 6;
        this.anyMask = new long[words];
        this.loopMask = new long[words];
        this.acceptBit = elements.length;
        this.acceptLoops = loops[elements.length];
        for (int j = 0; j < states; j++) {
            if (loops[j]) {
                loopMask[j >>> 6] |= 1L << j;
            }
            if (j < elements.length && elements[j] == ANY_CHARACTER) {
                anyMask[(j + 1) >>> 6] |= 1L << (j + 1);
            }
        }
        this.codePoints = Arrays.stream(elements)
                .filter(c -> c != ANY_CHARACTER)
                .distinct()
                .sorted()
                .toArray();
        this.dense = new long[codePoints.length][];
        this.sparse = new int[codePoints.length][];
        buildMasks(elements);
        this.asciiMasks = words == 1 ? asciiTable() : null;
    }

    private void buildMasks(int[] elements) {
        List<List<Integer>> positions = new ArrayList<>();
        for (int i = 0; i < codePoints.length; i++) {
            positions.add(new ArrayList<>());
        }
        for (int j = 0; j < elements.length; j++) {
            if (elements[j] != ANY_CHARACTER) {
                positions.get(Arrays.binarySearch(codePoints, elements[j])).add(j + 1);
            }
        }
        for (int i = 0; i < codePoints.length; i++) {
            List<Integer> bits = positions.get(i);
            // Dense when a word-by-word AND is no dearer than visiting the bits one by one;
            // at most elements / words code points qualify, so masks stay O(elements) in size.
            if (bits.size() >= words) {
                long[] mask = new long[words];
                for (int bit : bits) {
                    mask[bit >>> 6] |= 1L << bit;
                }
                dense[i] = mask;
            } else {
                sparse[i] = bits.stream().mapToInt(Integer::intValue).toArray();
            }
        }
    }

    private long[] asciiTable() {
        long[] table = new long[128];
        for (int c = 0; c < 128; c++) {
            table[c] = singleWordMask(c);
        }
        return table;
    }

    private long singleWordMask(int c) {
        int index = Arrays.binarySearch(codePoints, c);
        if (index < 0) {
            return anyMask[0];
        }
        long mask = anyMask[0];
        if (dense[index] != null) {
            return mask | dense[index][0];
        }
        for (int bit : sparse[index]) {
            mask |= 1L << bit;
        }
        return mask;
    }

    boolean matches(String text) {
        return words == 1 ? matchesSingleWord(text) : matchesMultiWord(text);
    }

    private boolean matchesSingleWord(String text) {
        long states = 1L;
        long loops = loopMask[0];
        long accept = 1L << acceptBit;
        for (int i = 0; i < text.length(); ) {
            int c = text.charAt(i);
            long mask;
            if (c < 128) {
                mask = asciiMasks[c];
                i++;
            } else {
                c = text.codePointAt(i);
                i += Character.charCount(c);
                mask = singleWordMask(c);
            }
            states = ((states << 1) & mask) | (states & loops);
            if (states == 0) {
                return false;
            }
            if (acceptLoops && (states & accept) != 0) {
                return true;
            }
        }
        return (states & accept) != 0;
    }

    private boolean matchesMultiWord(String text) {
        long[] states = new long[words];
        long[] shifted = new long[words];
        states[0] = 1L;
        int acceptWord = acceptBit >>> 6;
        long accept = 1L << acceptBit;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            long any = 0;
            for (int w = 0; w < words; w++) {
                shifted[w] = (states[w] << 1) | (w > 0 ? states[w - 1] >>> 63 : 0);
            }
            int index = Arrays.binarySearch(codePoints, c);
            long[] denseMask = index >= 0 ? dense[index] : null;
            for (int w = 0; w < words; w++) {
                long mask = anyMask[w] | (denseMask != null ? denseMask[w] : 0);
                states[w] = (shifted[w] & mask) | (states[w] & loopMask[w]);
                any |= states[w];
            }
            if (index >= 0 && denseMask == null) {
                for (int bit : sparse[index]) {
                    long b = 1L << bit;
                    if ((shifted[bit >>> 6] & b) != 0) {
                        states[bit >>> 6] |= b;
                        any = 1;
                    }
                }
            }
            if (any == 0) {
                return false;
            }
            if (acceptLoops && (states[acceptWord] & accept) != 0) {
                return true;
            }
        }
        return (states[acceptWord] & accept) != 0;
    }
}
