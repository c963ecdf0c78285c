package io.thingstead.provisioning.internal;

import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.paging.KeysetPages;
import io.thingstead.common.api.paging.Page;
import io.thingstead.common.api.paging.PageSizes;
import io.thingstead.common.api.paging.PageTokens;
import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.migrations.api.Datasources;
import io.thingstead.pki.api.CaCertificateInfo;
import io.thingstead.pki.api.CaCertificates;
import io.thingstead.provisioning.api.CreateProvisioningTemplate;
import io.thingstead.provisioning.api.ProvisioningHook;
import io.thingstead.provisioning.api.ProvisioningTemplateInfo;
import io.thingstead.provisioning.api.ProvisioningTemplateSummary;
import io.thingstead.provisioning.api.ProvisioningTemplateVersionInfo;
import io.thingstead.provisioning.api.ProvisioningTemplates;
import io.thingstead.provisioning.api.TemplateType;
import io.thingstead.provisioning.api.UpdateProvisioningTemplate;
import io.thingstead.provisioning.internal.template.TemplateException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Provisioning templates and their versions in {@code provisioning_template} and {@code
 * provisioning_template_version}, with AWS's rules: up to {@value ProvisioningTemplates#MAX_VERSIONS} versions, the
 * default version cannot be deleted, version ids are never reused, a template named by a CA's registration config
 * cannot be deleted. Every template body is parsed and checked before it is stored.
 */
@ApplicationScoped
public class TemplateStore implements ProvisioningTemplates {
    private static final String COLUMNS = "t.name, t.template_type, t.description, t.enabled, t.provisioning_role_arn,"
            + " t.hook_target, t.hook_payload_version, t.default_version_id, t.created_at, t.updated_at";

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Inject
    PlatformIdentity platform;

    @Inject
    CaCertificates caCertificates;

    @Inject
    Clock clock;

    private Jdbc jdbc;

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    @Override
    @Transactional
    public ProvisioningTemplateInfo create(CreateProvisioningTemplate request) {
        String name = TemplateRules.name(request.templateName());
        TemplateType type =
                request.type().map(value -> TemplateType.parse("type", value)).orElse(TemplateType.FLEET_PROVISIONING);
        Optional<String> description = TemplateRules.description(request.description());
        String roleArn = TemplateRules.roleArn(request.provisioningRoleArn());
        Optional<ProvisioningHook> hook = request.preProvisioningHook().map(value -> TemplateRules.hook(value, type));
        TemplateRules.body(request.templateBody(), type);
        int templates = jdbc.queryOne("SELECT count(*) FROM provisioning_template", row -> row.getInt(1))
                .orElse(0);
        if (templates >= MAX_TEMPLATES) {
            throw new IotException(
                    ErrorCode.LIMIT_EXCEEDED, "At most " + MAX_TEMPLATES + " provisioning templates can exist.");
        }
        Instant now = clock.instant();
        int inserted = jdbc.update(
                "INSERT INTO provisioning_template (name, template_type, description, enabled,"
                        + " provisioning_role_arn, hook_target, hook_payload_version, default_version_id,"
                        + " last_version_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 1, ?, ?)"
                        + " ON CONFLICT (name) DO NOTHING",
                name,
                type.name(),
                description,
                request.enabled(),
                roleArn,
                hook.map(ProvisioningHook::targetArn),
                hook.map(ProvisioningHook::payloadVersion),
                now,
                now);
        if (inserted == 0) {
            throw IotException.alreadyExists("The provisioning template " + name + " already exists.", name, arn(name));
        }
        jdbc.update(
                "INSERT INTO provisioning_template_version (template_name, version_id, template_body, created_at)"
                        + " VALUES (?, 1, ?, ?)",
                name,
                request.templateBody(),
                now);
        return describe(name);
    }

    @Override
    public ProvisioningTemplateInfo describe(String templateName) {
        return find(TemplateRules.name(templateName)).orElseThrow(() -> notFound(templateName));
    }

    /** The template with the body of its default version, when it exists. */
    public Optional<ProvisioningTemplateInfo> find(String templateName) {
        return jdbc.queryOne(
                "SELECT " + COLUMNS + ", v.template_body FROM provisioning_template t"
                        + " JOIN provisioning_template_version v ON v.template_name = t.name"
                        + " AND v.version_id = t.default_version_id WHERE t.name = ?",
                this::info,
                templateName);
    }

    @Override
    public Page<ProvisioningTemplateSummary> list(Optional<String> nextToken, int maxResults) {
        int limit = PageSizes.check("maxResults", maxResults, 250, 250);
        Optional<String> after = PageTokens.decode("provisioning-templates", nextToken, "nextToken");
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder(
                "SELECT " + COLUMNS + ", '' AS template_body" + " FROM provisioning_template t WHERE TRUE");
        after.ifPresent(name -> {
            sql.append(" AND t.name > ?");
            parameters.add(name);
        });
        sql.append(" ORDER BY t.name LIMIT ?");
        parameters.add(limit + 1);
        List<ProvisioningTemplateSummary> rows =
                jdbc.query(sql.toString(), parameters, row -> info(row).summary());
        return KeysetPages.of("provisioning-templates", rows, limit, ProvisioningTemplateSummary::templateName);
    }

    @Override
    @Transactional
    public void update(UpdateProvisioningTemplate request) {
        String name = TemplateRules.name(request.templateName());
        if (request.removePreProvisioningHook() && request.preProvisioningHook().isPresent()) {
            throw IotException.invalidRequest("Cannot specify both preProvisioningHook and removePreProvisioningHook.");
        }
        Optional<String> description = TemplateRules.description(request.description());
        Optional<String> roleArn = request.provisioningRoleArn().map(TemplateRules::roleArn);
        TemplateType type = lock(name);
        Optional<ProvisioningHook> hook = request.preProvisioningHook().map(value -> TemplateRules.hook(value, type));
        request.defaultVersionId().ifPresent(version -> requireVersion(name, version));
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("UPDATE provisioning_template SET updated_at = ?");
        parameters.add(clock.instant());
        description.ifPresent(value -> {
            sql.append(", description = ?");
            parameters.add(value);
        });
        request.enabled().ifPresent(value -> {
            sql.append(", enabled = ?");
            parameters.add(value);
        });
        request.defaultVersionId().ifPresent(value -> {
            sql.append(", default_version_id = ?");
            parameters.add(value);
        });
        roleArn.ifPresent(value -> {
            sql.append(", provisioning_role_arn = ?");
            parameters.add(value);
        });
        if (request.removePreProvisioningHook()) {
            sql.append(", hook_target = NULL, hook_payload_version = NULL");
        }
        hook.ifPresent(value -> {
            sql.append(", hook_target = ?, hook_payload_version = ?");
            parameters.add(value.targetArn());
            parameters.add(value.payloadVersion());
        });
        sql.append(" WHERE name = ?");
        parameters.add(name);
        jdbc.update(sql.toString(), parameters.toArray());
    }

    @Override
    @Transactional
    public void delete(String templateName) {
        String name = TemplateRules.name(templateName);
        lock(name);
        List<String> cas = caCertificates.list(Optional.empty(), 1, true, Optional.of(name)).items().stream()
                .map(CaCertificateInfo::certificateId)
                .toList();
        if (!cas.isEmpty()) {
            throw new IotException(
                    ErrorCode.DELETE_CONFLICT,
                    "The provisioning template " + name + " is used by the registration config of CA certificate "
                            + cas.get(0) + "; remove it there first (UpdateCACertificate).");
        }
        jdbc.update("DELETE FROM provisioning_template WHERE name = ?", name);
    }

    @Override
    @Transactional
    public ProvisioningTemplateVersionInfo createVersion(
            String templateName, String templateBody, boolean setAsDefault) {
        String name = TemplateRules.name(templateName);
        TemplateType type = lock(name);
        TemplateRules.body(templateBody, type);
        int versions = jdbc.queryOne(
                        "SELECT count(*) FROM provisioning_template_version WHERE template_name = ?",
                        row -> row.getInt(1),
                        name)
                .orElse(0);
        if (versions >= MAX_VERSIONS) {
            throw new IotException(
                    ErrorCode.VERSIONS_LIMIT_EXCEEDED,
                    "The provisioning template " + name + " already has " + MAX_VERSIONS
                            + " versions; delete one before creating another.");
        }
        Instant now = clock.instant();
        int versionId = jdbc.queryOne(
                        "UPDATE provisioning_template SET last_version_id = last_version_id + 1, updated_at = ?"
                                + " WHERE name = ? RETURNING last_version_id",
                        row -> row.getInt(1),
                        now,
                        name)
                .orElseThrow();
        jdbc.update(
                "INSERT INTO provisioning_template_version (template_name, version_id, template_body, created_at)"
                        + " VALUES (?, ?, ?, ?)",
                name,
                versionId,
                templateBody,
                now);
        if (setAsDefault) {
            jdbc.update("UPDATE provisioning_template SET default_version_id = ? WHERE name = ?", versionId, name);
        }
        return describeVersion(name, versionId);
    }

    @Override
    public ProvisioningTemplateVersionInfo describeVersion(String templateName, int versionId) {
        String name = TemplateRules.name(templateName);
        return jdbc.queryOne(
                        "SELECT v.version_id, v.created_at, v.template_body, t.default_version_id"
                                + " FROM provisioning_template_version v JOIN provisioning_template t"
                                + " ON t.name = v.template_name WHERE v.template_name = ? AND v.version_id = ?",
                        row -> version(name, row),
                        name,
                        versionId)
                .orElseThrow(() -> {
                    describe(name);
                    return versionNotFound(name, versionId);
                });
    }

    @Override
    public Page<ProvisioningTemplateVersionInfo> listVersions(
            String templateName, Optional<String> nextToken, int maxResults) {
        String name = TemplateRules.name(templateName);
        int limit = PageSizes.check("maxResults", maxResults, 250, 250);
        String listing = "provisioning-template-versions:" + name;
        Optional<Integer> after = PageTokens.decode(listing, nextToken, "nextToken")
                .map(value -> {
                    try {
                        return Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw IotException.invalidRequest("The nextToken is not valid.");
                    }
                });
        describe(name);
        List<ProvisioningTemplateVersionInfo> rows = jdbc.query(
                "SELECT v.version_id, v.created_at, v.template_body, t.default_version_id"
                        + " FROM provisioning_template_version v JOIN provisioning_template t"
                        + " ON t.name = v.template_name WHERE v.template_name = ? AND v.version_id > ?"
                        + " ORDER BY v.version_id LIMIT ?",
                List.of(name, after.orElse(0), limit + 1),
                row -> version(name, row));
        return KeysetPages.of(listing, rows, limit, version -> Integer.toString(version.versionId()));
    }

    @Override
    @Transactional
    public void deleteVersion(String templateName, int versionId) {
        String name = TemplateRules.name(templateName);
        lock(name);
        ProvisioningTemplateVersionInfo version = describeVersion(name, versionId);
        if (version.isDefaultVersion()) {
            throw new IotException(
                    ErrorCode.DELETE_CONFLICT,
                    "Version " + versionId + " is the default version of the provisioning template " + name
                            + "; make another version the default before deleting it.");
        }
        jdbc.update(
                "DELETE FROM provisioning_template_version WHERE template_name = ? AND version_id = ?",
                name,
                versionId);
    }

    /** Locks a template's row for a change; its type. */
    private TemplateType lock(String name) {
        return jdbc.queryOne(
                        "SELECT template_type FROM provisioning_template WHERE name = ? FOR UPDATE",
                        row -> TemplateType.valueOf(row.getString(1)),
                        name)
                .orElseThrow(() -> notFound(name));
    }

    private void requireVersion(String name, int versionId) {
        jdbc.queryOne(
                        "SELECT 1 FROM provisioning_template_version WHERE template_name = ? AND version_id = ?",
                        row -> 1,
                        name,
                        versionId)
                .orElseThrow(() -> versionNotFound(name, versionId));
    }

    private ProvisioningTemplateInfo info(ResultSet row) throws SQLException {
        String name = row.getString("name");
        String target = row.getString("hook_target");
        String payloadVersion = row.getString("hook_payload_version");
        Optional<ProvisioningHook> hook =
                target == null ? Optional.empty() : Optional.of(new ProvisioningHook(target, payloadVersion));
        return new ProvisioningTemplateInfo(
                name,
                arn(name),
                Optional.ofNullable(row.getString("description")),
                Jdbc.instant(row, "created_at"),
                Jdbc.instant(row, "updated_at"),
                row.getInt("default_version_id"),
                row.getString("template_body"),
                row.getBoolean("enabled"),
                row.getString("provisioning_role_arn"),
                hook,
                TemplateType.valueOf(row.getString("template_type")));
    }

    private ProvisioningTemplateVersionInfo version(String name, ResultSet row) throws SQLException {
        int versionId = row.getInt("version_id");
        return new ProvisioningTemplateVersionInfo(
                name,
                arn(name),
                versionId,
                Jdbc.instant(row, "created_at"),
                row.getString("template_body"),
                versionId == row.getInt("default_version_id"));
    }

    String arn(String name) {
        return platform.iotArn("provisioningtemplate", name).toString();
    }

    private static IotException notFound(String name) {
        return IotException.notFound(
                "The provisioning template " + TemplateException.printable(name) + " does not exist.");
    }

    private static IotException versionNotFound(String name, int versionId) {
        return IotException.notFound("The provisioning template " + name + " has no version " + versionId + ".");
    }
}
