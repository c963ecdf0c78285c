/**
 * AWS IoT Core policies: {@link io.thingstead.policy.api.PolicyDocument#parse parsing and validation}, {@link
 * io.thingstead.policy.api.PolicyEvaluator#compile compilation} and {@link
 * io.thingstead.policy.api.BoundPolicies#authorize evaluation}, with AWS's semantics:
 *
 * <ul>
 *   <li>The IAM policy grammar ({@code Version}, {@code Id}, {@code Statement} with {@code Sid}, {@code Effect},
 *       {@code Action}/{@code NotAction}, {@code Resource}/{@code NotResource}, {@code Condition}); at most 2048
 *       characters not counting white space.
 *   <li>{@code *} and {@code ?} wildcards; MQTT's {@code +} and {@code #} are ordinary characters. Actions match
 *       ignoring case, resources case-sensitively and part by part ({@code arn:partition:service:region:account:}).
 *   <li>Policy variables ({@code 2012-10-17} only) in resources and in string, ARN and Bool conditions. A variable that
 *       does not resolve makes its resource match nothing and its condition value equal nothing. Substituted values
 *       are literal: a client id of {@code *} is not a wildcard.
 *   <li>An explicit {@code Deny} in any policy wins; otherwise an {@code Allow} allows; otherwise the request is
 *       implicitly denied.
 * </ul>
 */
package io.thingstead.policy.api;
