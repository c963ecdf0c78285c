package io.thingstead.jobs.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A job template (table {@code jobs_job_template}): never changed after it is created, as AWS's. */
@Entity
@Table(name = "jobs_job_template")
public class JobTemplateEntity {
    @Id
    @Column(name = "template_id", nullable = false)
    String templateId;

    @Column(name = "description", nullable = false)
    String description;

    @Column(name = "document")
    String document;

    @Column(name = "document_source")
    String documentSource;

    @Column(name = "configuration", nullable = false)
    String configuration;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    protected JobTemplateEntity() {}

    JobTemplateEntity(String templateId, String description, Instant createdAt) {
        this.templateId = templateId;
        this.description = description;
        this.createdAt = createdAt;
    }
}
