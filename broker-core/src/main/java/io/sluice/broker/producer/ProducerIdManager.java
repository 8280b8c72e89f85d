package io.sluice.broker.producer;

import io.sluice.broker.meta.ProducerIdStore;
import io.sluice.broker.meta.ProducerIdStore.NamedProducer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands out producer identities (INIT_PRODUCER_ID) and tells the produce path whether an identity
 * on a batch is current, unknown or fenced.
 *
 * <p>Ids are unique across restarts: they are taken from blocks reserved durably in the metadata
 * store, and ids of a block not used before a restart are skipped, never reissued. An id is
 * <em>unknown</em> if it is not below the reservation mark (so it was never issued by this broker),
 * or if its epoch was never issued: an anonymous producer only ever has epoch 0, a named producer
 * epochs up to its current one. An older epoch of a named producer is <em>fenced</em>, as is every
 * id of a named producer whose epochs ran out (it then gets a new id).
 *
 * <p>Thread-safe: issuing is serialized by this object's lock (and blocks on JDBC, so it runs on
 * the metadata executor); {@link #checkIdentity} reads concurrent maps and never blocks.
 */
public final class ProducerIdManager {
    private final ProducerIdStore store;
    private final int blockSize;

    /** Every issued id is below this; volatile because the produce path reads it without the lock. */
    private volatile long reservedUpTo;
    // guarded by this
    private long nextId;
    // guarded by this
    private final Map<String, NamedProducer> byName = new HashMap<>();
    /** Current epoch of each named producer id; read by the produce path. */
    private final Map<Long, Short> namedEpochs = new ConcurrentHashMap<>();
    /** Ids of named producers whose epochs ran out; read by the produce path. */
    private final Set<Long> retired = ConcurrentHashMap.newKeySet();

    public ProducerIdManager(ProducerIdStore store, int blockSize) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("producer id block size must be >= 1: " + blockSize);
        }
        this.store = store;
        this.blockSize = blockSize;
        this.reservedUpTo = store.nextUnreserved();
        this.nextId = reservedUpTo;
        for (NamedProducer p : store.loadNamed().values()) {
            byName.put(p.name(), p);
            namedEpochs.put(p.producerId(), p.epoch());
        }
        retired.addAll(store.loadRetired());
    }

    /**
     * A new identity: for {@code name == null} a fresh id with epoch 0; for a name, its id with the
     * epoch raised by one (a fresh id with epoch 0 the first time, or when the epochs ran out).
     * Durable before it returns.
     */
    public synchronized ProducerIdentity initProducerId(String name) {
        if (name == null) {
            return new ProducerIdentity(allocateId(), (short) 0);
        }
        NamedProducer current = byName.get(name);
        NamedProducer next;
        long retiredId = -1;
        if (current == null) {
            next = new NamedProducer(name, allocateId(), (short) 0);
        } else if (current.epoch() == Short.MAX_VALUE) {
            retiredId = current.producerId();
            next = new NamedProducer(name, allocateId(), (short) 0);
        } else {
            next = new NamedProducer(name, current.producerId(), (short) (current.epoch() + 1));
        }
        store.saveNamed(next, retiredId);
        if (retiredId >= 0) {
            retired.add(retiredId);
            namedEpochs.remove(retiredId);
        }
        byName.put(name, next);
        namedEpochs.put(next.producerId(), next.epoch());
        return new ProducerIdentity(next.producerId(), next.epoch());
    }

    /** The name of a named producer id, or null. */
    public synchronized String nameOf(long producerId) {
        for (NamedProducer p : byName.values()) {
            if (p.producerId() == producerId) {
                return p.name();
            }
        }
        return null;
    }

    private long allocateId() {
        if (nextId == reservedUpTo) {
            long start = store.reserveBlock(blockSize);
            nextId = start;
            reservedUpTo = start + blockSize;
        }
        return nextId++;
    }

    /**
     * Checks the identity a batch carries.
     *
     * @throws UnknownProducerIdException if the id or the epoch was never issued
     * @throws ProducerFencedException if a newer epoch of the producer exists
     */
    public void checkIdentity(long producerId, short epoch) {
        if (producerId >= reservedUpTo) {
            throw new UnknownProducerIdException(
                    "producer id " + producerId + " was not issued by this broker;" + " call INIT_PRODUCER_ID first");
        }
        if (retired.contains(producerId)) {
            throw new ProducerFencedException(
                    "producer id " + producerId + " is retired; a newer instance of its producer has a new id");
        }
        Short current = namedEpochs.get(producerId);
        short newest = current == null ? 0 : current;
        if (epoch > newest || epoch < 0) {
            throw new UnknownProducerIdException("epoch " + epoch + " of producer id " + producerId
                    + " was never issued (newest is " + newest + ")");
        }
        if (epoch < newest) {
            throw new ProducerFencedException(
                    "producer id " + producerId + " epoch " + epoch + " is fenced by epoch " + newest);
        }
    }
}
