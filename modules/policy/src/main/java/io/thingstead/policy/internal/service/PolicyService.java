package io.thingstead.policy.internal.service;

import io.thingstead.common.api.Arn;
import io.thingstead.common.api.Ids;
import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.paging.KeysetPages;
import io.thingstead.common.api.paging.Page;
import io.thingstead.common.api.paging.PageSizes;
import io.thingstead.common.api.paging.PageTokens;
import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.migrations.api.Datasources;
import io.thingstead.policy.api.Policies;
import io.thingstead.policy.api.PolicyChanged;
import io.thingstead.policy.api.PolicyDocument;
import io.thingstead.registry.api.ThingGroups;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** Policies, versions and attachments in PostgreSQL, with AWS's rules and messages. */
@ApplicationScoped
public class PolicyService implements Policies {
    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1,128}");
    private static final int MAX_PAGE = 250;

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Inject
    PlatformIdentity platform;

    @Inject
    Clock clock;

    @Inject
    ThingGroups groups;

    @Inject
    Event<PolicyChanged> changes;

    private Jdbc jdbc;

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    @Override
    @Transactional
    public PolicyInfo create(String policyName, String policyDocument) {
        String name = name(policyName);
        PolicyDocument.parse(required(policyDocument));
        Instant now = clock.instant();
        int inserted = jdbc.update(
                "INSERT INTO policy_policy (name, default_version, generation_id, created_at, updated_at)"
                        + " VALUES (?, 1, ?, ?, ?) ON CONFLICT (name) DO NOTHING",
                name,
                generationId(),
                now,
                now);
        if (inserted == 0) {
            throw IotException.alreadyExists(
                    "Policy cannot be created - name already exists (name=" + name + ")", name, arn(name));
        }
        jdbc.update(
                "INSERT INTO policy_version (policy_name, version_id, document, created_at) VALUES (?, 1, ?, ?)",
                name,
                policyDocument,
                now);
        return get(name);
    }

    @Override
    public PolicyInfo get(String policyName) {
        String name = name(policyName);
        return jdbc.queryOne(
                        "SELECT p.name, p.default_version, p.generation_id, p.created_at, p.updated_at, v.document"
                                + " FROM policy_policy p JOIN policy_version v ON v.policy_name = p.name"
                                + " AND v.version_id = p.default_version WHERE p.name = ?",
                        row -> new PolicyInfo(
                                row.getString("name"),
                                arn(row.getString("name")),
                                row.getString("document"),
                                Integer.toString(row.getInt("default_version")),
                                Jdbc.instant(row, "created_at"),
                                Jdbc.instant(row, "updated_at"),
                                row.getString("generation_id")),
                        name)
                .orElseThrow(() -> notFound(name));
    }

    @Override
    public Page<PolicyRef> list(Optional<String> marker, int pageSize, boolean ascending) {
        int limit = pageSize(pageSize);
        Optional<String> after = PageTokens.decode("policies", marker, "marker");
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT name FROM policy_policy WHERE true");
        after.ifPresent(last -> {
            sql.append(ascending ? " AND name > ?" : " AND name < ?");
            parameters.add(last);
        });
        sql.append(ascending ? " ORDER BY name" : " ORDER BY name DESC").append(" LIMIT ?");
        parameters.add(limit + 1);
        List<PolicyRef> rows = jdbc.query(sql.toString(), parameters, row -> ref(row.getString(1)));
        return KeysetPages.of("policies", rows, limit, PolicyRef::policyName);
    }

    @Override
    @Transactional
    public void delete(String policyName) {
        String name = name(policyName);
        lock(name);
        if (jdbc.queryOne("SELECT 1 FROM policy_attachment WHERE policy_name = ? LIMIT 1", row -> true, name)
                .isPresent()) {
            throw new IotException(
                    ErrorCode.DELETE_CONFLICT,
                    "The policy cannot be deleted as the policy is attached to one or more principals (name=" + name
                            + ")");
        }
        if (jdbc.queryOne("SELECT count(*) FROM policy_version WHERE policy_name = ?", row -> row.getInt(1), name)
                        .orElse(0)
                > 1) {
            throw new IotException(
                    ErrorCode.DELETE_CONFLICT,
                    "The policy cannot be deleted as versions other than the default version exist (name=" + name
                            + ")");
        }
        jdbc.update("DELETE FROM policy_policy WHERE name = ?", name);
        changes.fire(new PolicyChanged(name));
    }

    @Override
    @Transactional
    public PolicyVersionInfo createVersion(String policyName, String policyDocument, boolean setAsDefault) {
        String name = name(policyName);
        PolicyDocument.parse(required(policyDocument));
        int next = lock(name);
        int versions = jdbc.queryOne(
                        "SELECT count(*) FROM policy_version WHERE policy_name = ?", row -> row.getInt(1), name)
                .orElse(0);
        if (versions >= MAX_VERSIONS) {
            throw new IotException(
                    ErrorCode.VERSIONS_LIMIT_EXCEEDED,
                    "The policy " + name + " already has the maximum number of versions (" + MAX_VERSIONS + ")");
        }
        Instant now = clock.instant();
        jdbc.update(
                "INSERT INTO policy_version (policy_name, version_id, document, created_at) VALUES (?, ?, ?, ?)",
                name,
                next,
                policyDocument,
                now);
        jdbc.update(
                "UPDATE policy_policy SET next_version = next_version + 1, updated_at = ?, generation_id = ?"
                        + (setAsDefault ? ", default_version = ?" : "") + " WHERE name = ?",
                setAsDefault
                        ? new Object[] {now, generationId(), next, name}
                        : new Object[] {now, generationId(), name});
        if (setAsDefault) {
            changes.fire(new PolicyChanged(name));
        }
        return getVersion(name, Integer.toString(next));
    }

    @Override
    public PolicyVersionInfo getVersion(String policyName, String versionId) {
        String name = name(policyName);
        int version = versionId(versionId);
        return jdbc.queryOne(
                        "SELECT p.name, p.default_version, p.generation_id, p.updated_at, v.version_id, v.document,"
                                + " v.created_at FROM policy_policy p JOIN policy_version v ON v.policy_name = p.name"
                                + " WHERE p.name = ? AND v.version_id = ?",
                        row -> new PolicyVersionInfo(
                                row.getString("name"),
                                arn(row.getString("name")),
                                row.getString("document"),
                                Integer.toString(row.getInt("version_id")),
                                row.getInt("version_id") == row.getInt("default_version"),
                                Jdbc.instant(row, "created_at"),
                                Jdbc.instant(row, "updated_at"),
                                row.getString("generation_id")),
                        name,
                        version)
                .orElseThrow(() -> IotException.notFound(
                        "The policy version " + versionId + " of policy " + name + " does not exist."));
    }

    @Override
    public List<PolicyVersionInfo> listVersions(String policyName) {
        String name = name(policyName);
        get(name);
        return jdbc.query(
                "SELECT p.name, p.default_version, p.generation_id, p.updated_at, v.version_id, v.document,"
                        + " v.created_at FROM policy_policy p JOIN policy_version v ON v.policy_name = p.name"
                        + " WHERE p.name = ? ORDER BY v.version_id DESC",
                row -> new PolicyVersionInfo(
                        row.getString("name"),
                        arn(row.getString("name")),
                        row.getString("document"),
                        Integer.toString(row.getInt("version_id")),
                        row.getInt("version_id") == row.getInt("default_version"),
                        Jdbc.instant(row, "created_at"),
                        Jdbc.instant(row, "updated_at"),
                        row.getString("generation_id")),
                name);
    }

    @Override
    @Transactional
    public void setDefaultVersion(String policyName, String versionId) {
        String name = name(policyName);
        int version = versionId(versionId);
        lock(name);
        getVersion(name, versionId);
        jdbc.update(
                "UPDATE policy_policy SET default_version = ?, updated_at = ?, generation_id = ? WHERE name = ?",
                version,
                clock.instant(),
                generationId(),
                name);
        changes.fire(new PolicyChanged(name));
    }

    @Override
    @Transactional
    public void deleteVersion(String policyName, String versionId) {
        String name = name(policyName);
        int version = versionId(versionId);
        lock(name);
        PolicyVersionInfo existing = getVersion(name, versionId);
        if (existing.isDefaultVersion()) {
            throw new IotException(ErrorCode.DELETE_CONFLICT, "Cannot delete the default version of a policy");
        }
        jdbc.update("DELETE FROM policy_version WHERE policy_name = ? AND version_id = ?", name, version);
    }

    @Override
    @Transactional
    public void attach(String policyName, String target) {
        String name = name(policyName);
        String checked = target(target);
        get(name);
        jdbc.update(
                "INSERT INTO policy_attachment (policy_name, target, attached_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT DO NOTHING",
                name,
                checked,
                clock.instant());
        changes.fire(new PolicyChanged(name));
    }

    @Override
    @Transactional
    public void detach(String policyName, String target) {
        String name = name(policyName);
        String checked = target(target);
        get(name);
        jdbc.update("DELETE FROM policy_attachment WHERE policy_name = ? AND target = ?", name, checked);
        changes.fire(new PolicyChanged(name));
    }

    @Override
    public Page<PolicyRef> listAttached(String target, boolean recursive, Optional<String> marker, int pageSize) {
        String checked = target(target);
        int limit = pageSize(pageSize);
        Set<String> targets = new LinkedHashSet<>(List.of(checked));
        if (recursive) {
            Arn arn = Arn.parse(checked);
            if ("thinggroup".equals(arn.resourceType())) {
                groups.describe(arn.resourceId()).rootToParentThingGroups().forEach(g -> targets.add(g.groupArn()));
            }
        }
        Optional<String> after = PageTokens.decode("policies", marker, "marker");
        List<Object> parameters = new ArrayList<>();
        parameters.add(List.copyOf(targets));
        StringBuilder sql =
                new StringBuilder("SELECT DISTINCT policy_name FROM policy_attachment WHERE target = ANY(?::text[])");
        after.ifPresent(last -> {
            sql.append(" AND policy_name > ?");
            parameters.add(last);
        });
        sql.append(" ORDER BY policy_name LIMIT ?");
        parameters.add(limit + 1);
        List<PolicyRef> rows = jdbc.query(sql.toString(), parameters, row -> ref(row.getString(1)));
        return KeysetPages.of("policies", rows, limit, PolicyRef::policyName);
    }

    @Override
    public Page<String> listTargets(String policyName, Optional<String> marker, int pageSize) {
        String name = name(policyName);
        get(name);
        int limit = pageSize(pageSize);
        Optional<String> after = PageTokens.decode("policies", marker, "marker");
        List<Object> parameters = new ArrayList<>(List.of(name));
        StringBuilder sql = new StringBuilder("SELECT target FROM policy_attachment WHERE policy_name = ?");
        after.ifPresent(last -> {
            sql.append(" AND target > ?");
            parameters.add(last);
        });
        sql.append(" ORDER BY target LIMIT ?");
        parameters.add(limit + 1);
        List<String> rows = jdbc.query(sql.toString(), parameters, row -> row.getString(1));
        return KeysetPages.of("policies", rows, limit, t -> t);
    }

    /** Locks the policy row for the rest of the transaction and returns its next version id. */
    private int lock(String name) {
        return jdbc.queryOne(
                        "SELECT next_version FROM policy_policy WHERE name = ? FOR UPDATE", row -> row.getInt(1), name)
                .orElseThrow(() -> notFound(name));
    }

    String arn(String name) {
        return platform.iotArn("policy", name).toString();
    }

    private PolicyRef ref(String name) {
        return new PolicyRef(name, arn(name));
    }

    static String name(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw IotException.invalidRequest(
                    "policyName must be 1 to 128 characters of letters, digits and _ + = , . @ -");
        }
        return name;
    }

    static String target(String target) {
        if (target == null || target.isBlank()) {
            throw IotException.invalidRequest("target is required.");
        }
        if (target.length() > 2048) {
            throw IotException.invalidRequest("target is longer than 2048 characters.");
        }
        if (!target.startsWith("arn:") && !target.matches("[a-z0-9-]+:[0-9a-f-]{36}")) {
            throw IotException.invalidRequest("target must be a certificate or thing group ARN or an identity id.");
        }
        if (target.startsWith("arn:")) {
            Arn.parse(target);
        }
        return target;
    }

    private static int versionId(String versionId) {
        if (versionId == null || !versionId.matches("[0-9]{1,9}")) {
            throw IotException.invalidRequest("policyVersionId must be a number.");
        }
        return Integer.parseInt(versionId);
    }

    private static String required(String document) {
        if (document == null || document.isBlank()) {
            throw new IotException(ErrorCode.MALFORMED_POLICY, "Policy document is required.");
        }
        return document;
    }

    private static int pageSize(int pageSize) {
        return PageSizes.check("pageSize", pageSize, MAX_PAGE, MAX_PAGE);
    }

    private static String generationId() {
        return Ids.sha256Hex(Ids.uuid().getBytes(StandardCharsets.US_ASCII));
    }

    private static IotException notFound(String name) {
        return IotException.notFound("Policy not found (name=" + name + ")");
    }
}
