package io.sluice.broker.producer;

/** A producer id with one of its epochs, as INIT_PRODUCER_ID hands it out. */
public record ProducerIdentity(long producerId, short epoch) {}
