package io.sluice.broker.delivery;

import io.sluice.protocol.selector.Selector;

/**
 * The distinct selectors of a queue's consumers, each with a bit in the cursor window's match
 * masks: a record's mask says which groups' selectors it matches, so dispatch tests a consumer with
 * one AND. Consumers with the same selector text share a group; consumers without a selector need
 * none. At most 64 groups exist at once.
 *
 * <p>Not thread-safe; confined to its subscription's executor.
 */
final class SelectorGroups {
    static final int MAX_GROUPS = 64;

    private final Selector[] selectors = new Selector[MAX_GROUPS];
    private final int[] members = new int[MAX_GROUPS];
    private int active;

    /** The group of {@code selector}, or -1 if it would be a 65th group. */
    int find(Selector selector) {
        for (int g = 0; g < MAX_GROUPS; g++) {
            if (selectors[g] != null && selectors[g].equals(selector)) {
                return g;
            }
        }
        return -1;
    }

    /**
     * Joins the group of {@code selector}, creating it if needed.
     *
     * @return the group, or -1 when 64 groups exist already
     */
    int join(Selector selector) {
        int g = find(selector);
        if (g >= 0) {
            members[g]++;
            return g;
        }
        for (g = 0; g < MAX_GROUPS; g++) {
            if (selectors[g] == null) {
                selectors[g] = selector;
                members[g] = 1;
                active++;
                return g;
            }
        }
        return -1;
    }

    /** Whether {@code group} has exactly one member (it was just created by a join). */
    boolean isNew(int group) {
        return members[group] == 1;
    }

    void leave(int group) {
        if (group >= 0 && selectors[group] != null && --members[group] == 0) {
            selectors[group] = null;
            active--;
        }
    }

    boolean isEmpty() {
        return active == 0;
    }

    /** The selector of a group, or null if the group is unused. */
    Selector selector(int group) {
        return selectors[group];
    }
}
