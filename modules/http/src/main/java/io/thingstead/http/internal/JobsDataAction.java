package io.thingstead.http.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The AWS IoT Jobs device action (e.g. {@code iotjobsdata:UpdateJobExecution}) a resource method implements for a
 * caller that signed for the {@code iot-jobs-data} service. The control plane and the Jobs device API share paths
 * ({@code GET /things/{thing}/jobs/{jobId}} is DescribeJobExecution in both, with different answers): the service the
 * request was signed for decides which one it is, and {@link AuthorizationFilter} checks this action for it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface JobsDataAction {
    String value();
}
