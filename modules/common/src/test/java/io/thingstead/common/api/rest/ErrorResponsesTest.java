package io.thingstead.common.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.common.api.error.ErrorCode;
import org.junit.jupiter.api.Test;

class ErrorResponsesTest {
    @Test
    void httpLayerStatusesMapToAwsTypes() {
        assertThat(ErrorResponses.codeForStatus(400)).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(ErrorResponses.codeForStatus(404)).isEqualTo(ErrorCode.RESOURCE_NOT_FOUND);
        assertThat(ErrorResponses.codeForStatus(405)).isEqualTo(ErrorCode.METHOD_NOT_ALLOWED);
        assertThat(ErrorResponses.codeForStatus(415)).isEqualTo(ErrorCode.UNSUPPORTED_DOCUMENT_ENCODING);
        assertThat(ErrorResponses.codeForStatus(413)).isEqualTo(ErrorCode.REQUEST_ENTITY_TOO_LARGE);
        assertThat(ErrorResponses.codeForStatus(429)).isEqualTo(ErrorCode.THROTTLING);
        assertThat(ErrorResponses.codeForStatus(502)).isEqualTo(ErrorCode.INTERNAL_FAILURE);
        assertThat(ErrorResponses.codeForStatus(503)).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
    }
}
