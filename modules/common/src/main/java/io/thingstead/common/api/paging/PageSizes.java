package io.thingstead.common.api.paging;

import io.thingstead.common.api.error.IotException;

/** AWS's page-size parameters ({@code maxResults}, {@code pageSize}): 0 (absent) means the default. */
public final class PageSizes {
    private PageSizes() {}

    /**
     * @param parameter its name in the request, for the message
     * @return {@code requested}, or {@code fallback} when it is 0
     * @throws IotException InvalidRequestException when it is not between 1 and {@code max}
     */
    public static int check(String parameter, int requested, int fallback, int max) {
        if (requested == 0) {
            return fallback;
        }
        if (requested < 1 || requested > max) {
            throw IotException.invalidRequest(parameter + " must be between 1 and " + max + ".");
        }
        return requested;
    }
}
