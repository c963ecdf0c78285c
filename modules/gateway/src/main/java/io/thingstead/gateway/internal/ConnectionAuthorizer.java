package io.thingstead.gateway.internal;

import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import io.thingstead.gateway.internal.authorization.Permissions;
import io.thingstead.gateway.internal.authorization.PublishRules;
import io.thingstead.gateway.internal.authorization.SubscribeRules;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The broker's authorizer for one connection. For SUBSCRIBE it is where each topic filter is decided ({@link
 * SubscribeRules}). For PUBLISH it decides the will message at CONNECT (a will the policies do not allow refuses the
 * connection, CONNACK Not authorized) and re-checks every other PUBLISH, which {@link PublishGuard} has already
 * decided with MQTT 5 reason codes; a connection without that guard would still be held to its policies here.
 */
public final class ConnectionAuthorizer implements PublishAuthorizer, SubscriptionAuthorizer {
    private static final Logger LOG = Logger.getLogger(ConnectionAuthorizer.class);

    /** Used when the broker asks about a connection the gateway does not know: nothing is allowed. */
    public static final class DenyAll implements PublishAuthorizer, SubscriptionAuthorizer {
        @Override
        public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
            output.failAuthorization(AckReasonCode.NOT_AUTHORIZED, "unknown connection");
        }

        @Override
        public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
            output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, "unknown connection");
        }
    }

    private final Connection connection;
    private final GatewayCore core;

    public ConnectionAuthorizer(Connection connection, GatewayCore core) {
        this.connection = connection;
        this.core = core;
    }

    @Override
    public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
        PublishPacket packet = input.getPublishPacket();
        String topic = packet.getTopic();
        int bytes = packet.getPayload().map(b -> b.remaining()).orElse(0);
        Optional<PublishRules.Refuse> content = core.publishRules().checkContent(topic, packet.getRetain(), bytes);
        if (content.isPresent()) {
            deny(output, content.get().message());
            return;
        }
        Permissions permissions = connection.permissions();
        if (!permissions.canPublish(topic)) {
            deny(output, "not authorized to publish to " + topic);
            return;
        }
        if (packet.getRetain() && !permissions.retainPublish(topic).allowed()) {
            deny(output, "not authorized to retain messages on " + topic);
            return;
        }
        output.authorizeSuccessfully();
    }

    private void deny(PublishAuthorizerOutput output, String reason) {
        LOG.debugf("client %s: %s", connection.clientId(), reason);
        connection.closingBecause("AUTH_ERROR");
        output.failAuthorization(AckReasonCode.NOT_AUTHORIZED, reason);
    }

    @Override
    public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
        String filter = input.getSubscription().getTopicFilter();
        Optional<SubscribeRules.Refusal> refusal = core.subscribeRules().check(connection, filter);
        if (refusal.isEmpty()) {
            output.authorizeSuccessfully();
            return;
        }
        core.metrics().subscriptionDenied();
        if (refusal.get().code() == SubscribeRules.Code.NOT_AUTHORIZED
                && core.connections().counting()) {
            connection.activity().authorizationFailure();
        }
        LOG.debugf(
                "client %s may not subscribe to %s: %s",
                connection.clientId(), filter, refusal.get().message());
        SubackReasonCode code = switch (refusal.get().code()) {
            case TOPIC_FILTER_INVALID -> SubackReasonCode.TOPIC_FILTER_INVALID;
            case NOT_AUTHORIZED -> SubackReasonCode.NOT_AUTHORIZED;
            case QUOTA_EXCEEDED -> SubackReasonCode.QUOTA_EXCEEDED;
        };
        output.failAuthorization(code, refusal.get().message());
    }
}
