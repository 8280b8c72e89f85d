package io.sluice.samples.flashsale;

/**
 * The answer a buyer got.
 *
 * <p>Immutable.
 *
 * @param buyerId who asked
 * @param outcome GRANTED, SOLD_OUT, SALE_CLOSED, or NOT_ACCEPTED when the broker refused the request
 * @param ticket the ticket number when GRANTED, else 0
 */
public record Answer(String buyerId, String outcome, int ticket) {
    public boolean granted() {
        return TicketDesk.OUTCOME_GRANTED.equals(outcome);
    }
}
