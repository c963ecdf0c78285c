package io.thingstead.rules.internal.action;

/**
 * Makes one kind of rule action (Keycloak's provider factory pattern): an {@code @ApplicationScoped} CDI bean, found
 * by the engine through CDI, so adding an action is one class. The factory checks an action's settings when a rule is
 * created or replaced and gives the {@link RuleAction} that runs it.
 *
 * <p>{@link #create} must be cheap and must not reach the target (a rule is checked before it is stored, and AWS does
 * not contact targets at create time either): connections are opened on first use.
 */
public interface ActionFactory {
    /** The AWS member name of the action in a rule's {@code actions}: {@code republish}, {@code http}, ... */
    String id();

    /** The name AWS gives the action in the error action's {@code failedAction}: {@code RepublishAction}, ... */
    String actionName();

    /** One sentence for the docs and the portal: what the action does here. */
    String helpText();

    /**
     * Checks the settings and makes the action.
     *
     * @throws io.thingstead.common.api.error.IotException InvalidRequestException (or SqlParseException for a bad
     *     substitution template) naming the setting
     */
    RuleAction create(ActionSettings settings);
}
