package io.thingstead.jobs.internal;

import io.thingstead.common.api.Arn;
import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.paging.KeysetPages;
import io.thingstead.common.api.paging.Page;
import io.thingstead.common.api.paging.PageSizes;
import io.thingstead.common.api.paging.PageTokens;
import io.thingstead.jobs.api.JobTemplates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Job templates (CreateJobTemplate, DescribeJobTemplate, ListJobTemplates, DeleteJobTemplate): a document and
 * configurations to create jobs from ({@code jobTemplateArn} in CreateJob; the job's own members win). A template is
 * made from a document or from an existing job ({@code jobArn}), and never changes.
 */
@ApplicationScoped
public class TemplateStore implements JobTemplates {
    @PersistenceContext(unitName = "jobs")
    EntityManager em;

    @Inject
    JobStore jobs;

    @Inject
    FirmwareStore firmware;

    @Inject
    Targets targets;

    @Inject
    Clock clock;

    /** A template as CreateJob uses it. */
    record Template(Optional<String> document, Optional<String> documentSource, JobConfiguration configuration) {}

    @Override
    @Transactional
    public JsonObject create(String templateId, JsonObject request) {
        Members.require("jobTemplateId", templateId, Members.JOB_ID, "[a-zA-Z0-9_-]+", 64);
        String description = ControlPlane.description(request)
                .orElseThrow(() -> IotException.invalidRequest("1 validation error detected: Value null at"
                        + " 'description' failed to satisfy constraint: Member must not be null"));
        if (request.containsKey("schedulingConfig")) {
            throw IotException.invalidRequest("A job template takes maintenanceWindows, not a schedulingConfig.");
        }
        JobConfiguration configuration = JobConfiguration.parse(request, null);
        Optional<String> document = Members.string(request, "document");
        Optional<String> documentSource = Members.string(request, "documentSource");
        Optional<String> jobArn = Members.string(request, "jobArn");
        if (jobArn.isPresent()) {
            Arn arn = Arn.parse(jobArn.get());
            if (!arn.resourceType().equals("job")) {
                throw IotException.invalidRequest("jobArn must name a job: " + Members.cut(jobArn.get()));
            }
            JobEntity job = jobs.find(arn.resourceId())
                    .orElseThrow(() -> IotException.notFound("Job " + arn.resourceId() + " does not exist."));
            document = Optional.of(job.document);
            documentSource = Optional.ofNullable(job.documentSource);
            configuration = configuration.withDefaultsFrom(job.config());
        }
        if (documentSource.isPresent()) {
            throw IotException.invalidRequest("documentSource names an S3 object; Thingstead keeps job documents"
                    + " itself: pass the document inline.");
        }
        String text =
                document.orElseThrow(() -> IotException.invalidRequest("A job template needs a document or a jobArn."));
        JobDocument.parse(text);
        for (String name : JobDocument.firmwareNames(text)) {
            if (firmware.find(name).isEmpty()) {
                throw IotException.notFound("The job document names firmware " + name + ", which does not exist.");
            }
        }
        if (em.find(JobTemplateEntity.class, templateId) != null) {
            throw new IotException(ErrorCode.CONFLICT, "Job template " + templateId + " already exists.");
        }
        JobTemplateEntity template =
                new JobTemplateEntity(templateId, description, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        template.document = text;
        // a template keeps no schedule of a job it was made from, only maintenance windows
        template.configuration = new JobConfiguration(
                        configuration.presignedUrl(),
                        configuration.rollout(),
                        configuration.abort(),
                        configuration.inProgressTimeoutMinutes(),
                        configuration.retry(),
                        Optional.empty(),
                        configuration.templateMaintenanceWindows(),
                        Optional.empty(),
                        Optional.empty(),
                        configuration.tags(),
                        configuration.destinationPackageVersions(),
                        Optional.empty())
                .toJson()
                .toString();
        em.persist(template);
        return Json.createObjectBuilder()
                .add("jobTemplateArn", targets.templateArn(templateId))
                .add("jobTemplateId", templateId)
                .build();
    }

    @Override
    @Transactional
    public JsonObject describe(String templateId) {
        JobTemplateEntity template = find(templateId);
        JsonObject configuration =
                JobConfiguration.stored(template.configuration).toJson();
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("jobTemplateArn", targets.templateArn(templateId))
                .add("jobTemplateId", templateId)
                .add("description", template.description);
        Optional.ofNullable(template.documentSource).ifPresent(s -> json.add("documentSource", s));
        Optional.ofNullable(template.document).ifPresent(d -> json.add("document", d));
        json.add("createdAt", ExecutionView.epoch(template.createdAt));
        for (String member : List.of(
                "presignedUrlConfig",
                "jobExecutionsRolloutConfig",
                "abortConfig",
                "timeoutConfig",
                "jobExecutionsRetryConfig",
                "maintenanceWindows",
                "destinationPackageVersions")) {
            if (configuration.containsKey(member)) {
                json.add(member, configuration.get(member));
            }
        }
        return json.build();
    }

    @Override
    @Transactional
    public JsonObject list(Optional<String> nextToken, int maxResults) {
        int limit = PageSizes.check("maxResults", maxResults, 50, ControlPlane.MAX_RESULTS);
        Optional<String> after = PageTokens.decode("job-templates", nextToken, "nextToken");
        List<JobTemplateEntity> rows = em.createQuery(
                        "select t from JobTemplateEntity t where t.templateId > :after order by t.templateId",
                        JobTemplateEntity.class)
                .setParameter("after", after.orElse(""))
                .setMaxResults(limit + 1)
                .getResultList();
        Page<JobTemplateEntity> page = KeysetPages.of("job-templates", rows, limit, t -> t.templateId);
        JsonArrayBuilder list = Json.createArrayBuilder();
        page.items()
                .forEach(t -> list.add(Json.createObjectBuilder()
                        .add("jobTemplateArn", targets.templateArn(t.templateId))
                        .add("jobTemplateId", t.templateId)
                        .add("description", t.description)
                        .add("createdAt", ExecutionView.epoch(t.createdAt))));
        JsonObjectBuilder answer = Json.createObjectBuilder().add("jobTemplates", list);
        page.nextToken().ifPresent(token -> answer.add("nextToken", token));
        return answer.build();
    }

    @Override
    @Transactional
    public void delete(String templateId) {
        em.remove(find(templateId));
    }

    @Transactional
    public Template byArn(String arnText) {
        Arn arn = Arn.parse(arnText);
        if (!arn.resourceType().equals("jobtemplate")) {
            throw IotException.invalidRequest("jobTemplateArn must name a job template: " + Members.cut(arnText));
        }
        JobTemplateEntity template = find(arn.resourceId());
        return new Template(
                Optional.ofNullable(template.document),
                Optional.ofNullable(template.documentSource),
                JobConfiguration.stored(template.configuration));
    }

    private JobTemplateEntity find(String templateId) {
        Members.require("jobTemplateId", templateId, Members.JOB_ID, "[a-zA-Z0-9_-]+", 64);
        JobTemplateEntity template = em.find(JobTemplateEntity.class, templateId);
        if (template == null) {
            throw IotException.notFound("Job template " + templateId + " does not exist.");
        }
        return template;
    }
}
