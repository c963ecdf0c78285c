package io.thingstead.jobs.api;

import jakarta.json.JsonObject;
import java.util.Optional;

/** AWS IoT job templates: CreateJobTemplate, DescribeJobTemplate, ListJobTemplates, DeleteJobTemplate. */
public interface JobTemplates {
    /** {@code {jobTemplateArn, jobTemplateId}}; from a document or from an existing job ({@code jobArn}). */
    JsonObject create(String templateId, JsonObject request);

    JsonObject describe(String templateId);

    JsonObject list(Optional<String> nextToken, int maxResults);

    void delete(String templateId);
}
