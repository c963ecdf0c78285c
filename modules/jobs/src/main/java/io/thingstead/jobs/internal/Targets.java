package io.thingstead.jobs.internal;

import io.thingstead.common.api.Arn;
import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.paging.Page;
import io.thingstead.registry.api.ThingGroups;
import io.thingstead.registry.api.Things;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A job's targets: thing and thing group ARNs of this installation (at most 100, as AWS), resolved through the
 * registry into the things a rollout reaches — the things named, then the members of each group and of its child
 * groups, static and dynamic, each thing once.
 */
@ApplicationScoped
public class Targets {
    static final int MAX_TARGETS = 100;

    @Inject
    PlatformIdentity platform;

    @Inject
    Things things;

    @Inject
    ThingGroups groups;

    /** The targets as named: things and groups. */
    record Named(List<String> arns, List<String> things, List<String> groups) {}

    Named parse(List<String> arns) {
        if (arns.isEmpty()) {
            throw IotException.invalidRequest("1 validation error detected: Value at 'targets' failed to satisfy"
                    + " constraint: Member must have length greater than or equal to 1");
        }
        if (arns.size() > MAX_TARGETS) {
            throw IotException.invalidRequest(
                    "A job can have at most " + MAX_TARGETS + " targets, not " + arns.size() + ".");
        }
        Set<String> thingNames = new LinkedHashSet<>();
        Set<String> groupNames = new LinkedHashSet<>();
        for (String text : arns) {
            Arn arn = Arn.parse(text);
            if (!arn.service().equals("iot")
                    || !arn.region().equals(platform.region())
                    || !arn.account().equals(platform.accountId())) {
                throw IotException.invalidRequest("The target " + Members.cut(text) + " is not a thing or thing group"
                        + " of this region and account (" + platform.region() + ", " + platform.accountId() + ").");
            }
            switch (arn.resourceType()) {
                case "thing" -> thingNames.add(Members.requireThingName(arn.resourceId()));
                case "thinggroup" ->
                    groupNames.add(
                            Members.require("targets", arn.resourceId(), Members.THING_NAME, "[a-zA-Z0-9:_-]+", 128));
                default ->
                    throw IotException.invalidRequest(
                            "A job target is a thing or a thing group ARN, not " + Members.cut(text) + ".");
            }
        }
        return new Named(List.copyOf(arns), List.copyOf(thingNames), List.copyOf(groupNames));
    }

    /** Checks that every named thing and group exists (ResourceNotFoundException otherwise). */
    void requireExisting(Named targets) {
        for (String thing : targets.things()) {
            if (things.find(thing).isEmpty()) {
                throw IotException.notFound("Thing " + thing + " cannot be found.");
            }
        }
        for (String group : targets.groups()) {
            groups.describe(group);
        }
    }

    /** Every thing the targets reach, things named first, each once. */
    List<String> resolve(Named targets) {
        Set<String> resolved = new LinkedHashSet<>(targets.things());
        for (String group : targets.groups()) {
            Optional<String> token = Optional.empty();
            do {
                Page<String> page = groups.listThings(group, true, token, 250);
                resolved.addAll(page.items());
                token = page.nextToken();
            } while (token.isPresent());
        }
        return new ArrayList<>(resolved);
    }

    /** The groups a thing belongs to, directly or through a child group. */
    Set<String> groupsOf(String thing) {
        Set<String> all = new LinkedHashSet<>();
        Optional<String> token = Optional.empty();
        do {
            Page<ThingGroups.GroupRef> page = groups.listGroupsForThing(thing, token, 250);
            for (ThingGroups.GroupRef ref : page.items()) {
                all.add(ref.groupName());
                groups.describe(ref.groupName()).rootToParentThingGroups().forEach(p -> all.add(p.groupName()));
            }
            token = page.nextToken();
        } while (token.isPresent());
        return all;
    }

    String thingArn(String thing) {
        return platform.iotArn("thing", thing).toString();
    }

    String jobArn(String jobId) {
        return platform.iotArn("job", jobId).toString();
    }

    String templateArn(String templateId) {
        return platform.iotArn("jobtemplate", templateId).toString();
    }
}
