package io.thingstead.policy.internal.service;

import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.migrations.api.Datasources;
import io.thingstead.policy.api.CompiledPolicy;
import io.thingstead.policy.api.ConnectedThing;
import io.thingstead.policy.api.PolicyChanged;
import io.thingstead.policy.api.PolicyEvaluator;
import io.thingstead.policy.api.PrincipalPolicies;
import io.thingstead.registry.api.AttachmentsChanged;
import io.thingstead.registry.api.ThingChanged;
import io.thingstead.registry.api.ThingGroups;
import io.thingstead.registry.api.ThingPrincipals;
import io.thingstead.registry.api.Things;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Effective policies per principal, compiled once and cached. Any change to a policy, an attachment, a thing or a
 * membership empties the cache after its transaction commits: correctness first, and such changes are rare next to
 * the message rate the gateway authorizes.
 */
@ApplicationScoped
public class CachedPrincipalPolicies implements PrincipalPolicies {
    private final Map<String, List<CompiledPolicy>> byPrincipal = new ConcurrentHashMap<>();
    private final Map<String, CompiledPolicy> byVersion = new ConcurrentHashMap<>();

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Inject
    PolicyEvaluator evaluator;

    @Inject
    ThingPrincipals principals;

    @Inject
    Things things;

    @Inject
    ThingGroups groups;

    private Jdbc jdbc;

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    @Override
    public List<CompiledPolicy> forPrincipal(String principal) {
        List<CompiledPolicy> cached = byPrincipal.get(principal);
        if (cached != null) {
            return cached;
        }
        List<CompiledPolicy> loaded = load(principal);
        byPrincipal.put(principal, loaded);
        return loaded;
    }

    @Override
    public Optional<ConnectedThing> attachedThing(String principal) {
        return principals.thingsOf(principal).stream()
                .findFirst()
                .flatMap(things::find)
                .map(thing -> new ConnectedThing(
                        thing.thingName(), thing.thingTypeName().orElse(null), thing.attributes()));
    }

    private List<CompiledPolicy> load(String principal) {
        Set<String> targets = new LinkedHashSet<>();
        targets.add(principal);
        for (String thing : principals.thingsOf(principal)) {
            for (ThingGroups.GroupRef group :
                    groups.listGroupsForThing(thing, Optional.empty(), 0).items()) {
                targets.add(group.groupArn());
                groups.describe(group.groupName()).rootToParentThingGroups().forEach(a -> targets.add(a.groupArn()));
            }
        }
        List<String[]> rows = jdbc.query(
                "SELECT DISTINCT p.name, p.default_version, v.document FROM policy_attachment a"
                        + " JOIN policy_policy p ON p.name = a.policy_name"
                        + " JOIN policy_version v ON v.policy_name = p.name AND v.version_id = p.default_version"
                        + " WHERE a.target = ANY(?::text[]) ORDER BY p.name",
                List.of(new ArrayList<>(targets)),
                row -> new String[] {row.getString(1), row.getString(2), row.getString(3)});
        List<CompiledPolicy> compiled = new ArrayList<>(rows.size());
        for (String[] row : rows) {
            compiled.add(byVersion.computeIfAbsent(row[0] + "#" + row[1], key -> evaluator.compile(row[0], row[2])));
        }
        return List.copyOf(compiled);
    }

    void onPolicyChanged(@Observes(during = TransactionPhase.AFTER_COMPLETION) PolicyChanged change) {
        byPrincipal.clear();
        byVersion.keySet().removeIf(key -> key.startsWith(change.policyName() + "#"));
    }

    void onAttachmentsChanged(@Observes(during = TransactionPhase.AFTER_COMPLETION) AttachmentsChanged change) {
        byPrincipal.clear();
    }

    void onThingChanged(@Observes(during = TransactionPhase.AFTER_COMPLETION) ThingChanged change) {
        byPrincipal.clear();
    }
}
