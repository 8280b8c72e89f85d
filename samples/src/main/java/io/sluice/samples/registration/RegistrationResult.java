package io.sluice.samples.registration;

import java.util.List;
import java.util.Map;

/**
 * What a run of {@link RegistrationApp} did.
 *
 * <p>Immutable.
 *
 * @param userIds the users registered, in order
 * @param usersRegisteredWhileSmsWasDown those registered while the SMS service was stopped
 * @param couponsPerUser how many coupons each user got (users of this run only)
 * @param smsPerUser how many SMS each user got (users of this run only)
 */
public record RegistrationResult(
        List<String> userIds,
        List<String> usersRegisteredWhileSmsWasDown,
        Map<String, Integer> couponsPerUser,
        Map<String, Integer> smsPerUser) {}
