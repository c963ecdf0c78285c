package io.thingstead.registry.internal;

import io.thingstead.common.api.Arn;
import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.paging.KeysetPages;
import io.thingstead.common.api.paging.Page;
import io.thingstead.common.api.paging.PageSizes;
import io.thingstead.common.api.paging.PageTokens;
import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.migrations.api.Datasources;
import io.thingstead.registry.api.AttachmentsChanged;
import io.thingstead.registry.api.PrincipalValidator;
import io.thingstead.registry.api.ThingPrincipals;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Principals attached to things. A principal is a certificate ARN ({@code arn:aws:iot:...:cert/<64 hex>}) or a
 * Cognito-style identity id ({@code region:uuid}); the module that owns the principal kind validates that it exists
 * ({@link PrincipalValidator}).
 */
@ApplicationScoped
public class PrincipalService implements ThingPrincipals {
    private static final Pattern CERTIFICATE_ID = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern IDENTITY_ID = Pattern.compile("[a-z0-9-]+:[0-9a-f-]{36}");
    private static final int MAX_LIST_RESULTS = 250;

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Inject
    Clock clock;

    @Inject
    @Any
    Instance<PrincipalValidator> validators;

    @Inject
    Event<AttachmentsChanged> attachments;

    private Jdbc jdbc;

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    @Override
    @Transactional
    public void attach(String thingName, String principalArn) {
        String principal = validPrincipal(principalArn);
        UUID thing = thingId(thingName);
        for (PrincipalValidator validator : validators) {
            Optional<Boolean> exists = validator.exists(principal);
            if (exists.isPresent() && !exists.get()) {
                throw IotException.notFound("Principal " + principal + " does not exist.");
            }
        }
        jdbc.update(
                "INSERT INTO registry_thing_principal (thing_id, principal, attached_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT DO NOTHING",
                thing,
                principal,
                clock.instant());
        attachments.fire(new AttachmentsChanged(thingName));
    }

    @Override
    @Transactional
    public void detach(String thingName, String principalArn) {
        String principal = validPrincipal(principalArn);
        jdbc.update(
                "DELETE FROM registry_thing_principal WHERE thing_id = ? AND principal = ?",
                thingId(thingName),
                principal);
        attachments.fire(new AttachmentsChanged(thingName));
    }

    @Override
    public Page<String> listPrincipals(String thingName, Optional<String> nextToken, int maxResults) {
        int limit = PageSizes.check("maxResults", maxResults, MAX_LIST_RESULTS, MAX_LIST_RESULTS);
        UUID thing = thingId(thingName);
        Optional<String> after = PageTokens.decode("principals", nextToken, "nextToken");
        List<Object> parameters = new ArrayList<>(List.of(thing));
        StringBuilder sql = new StringBuilder("SELECT principal FROM registry_thing_principal WHERE thing_id = ?");
        after.ifPresent(last -> {
            sql.append(" AND principal > ?");
            parameters.add(last);
        });
        sql.append(" ORDER BY principal LIMIT ?");
        parameters.add(limit + 1);
        List<String> rows = jdbc.query(sql.toString(), parameters, row -> row.getString(1));
        return KeysetPages.of("principals", rows, limit, p -> p);
    }

    @Override
    public Page<String> listThings(String principalArn, Optional<String> nextToken, int maxResults) {
        int limit = PageSizes.check("maxResults", maxResults, MAX_LIST_RESULTS, MAX_LIST_RESULTS);
        String principal = validPrincipal(principalArn);
        Optional<String> after = PageTokens.decode("principal-things", nextToken, "nextToken");
        List<Object> parameters = new ArrayList<>(List.of(principal));
        StringBuilder sql = new StringBuilder("SELECT t.name FROM registry_thing_principal p JOIN registry_thing t"
                + " ON t.id = p.thing_id WHERE p.principal = ?");
        after.ifPresent(last -> {
            sql.append(" AND t.name > ?");
            parameters.add(last);
        });
        sql.append(" ORDER BY t.name LIMIT ?");
        parameters.add(limit + 1);
        List<String> rows = jdbc.query(sql.toString(), parameters, row -> row.getString(1));
        return KeysetPages.of("principal-things", rows, limit, name -> name);
    }

    @Override
    public List<String> thingsOf(String principalArn) {
        return jdbc.query(
                "SELECT t.name FROM registry_thing_principal p JOIN registry_thing t ON t.id = p.thing_id"
                        + " WHERE p.principal = ? ORDER BY t.name LIMIT 100",
                row -> row.getString(1),
                principalArn);
    }

    static String validPrincipal(String principal) {
        if (principal == null || principal.isBlank()) {
            throw IotException.invalidRequest("The principal (x-amzn-principal header) is required.");
        }
        if (principal.length() > 2048) {
            throw IotException.invalidRequest("The principal is longer than 2048 characters.");
        }
        if (IDENTITY_ID.matcher(principal).matches()) {
            return principal;
        }
        Arn arn = Arn.parse(principal);
        if (!Arn.IOT.equals(arn.service())
                || !"cert".equals(arn.resourceType())
                || !CERTIFICATE_ID.matcher(arn.resourceId()).matches()) {
            throw IotException.invalidRequest("The principal " + Names.printable(principal)
                    + " is neither a certificate ARN (arn:aws:iot:<region>:<account>:cert/<certificate id>) nor an"
                    + " identity id.");
        }
        return principal;
    }

    private UUID thingId(String thingName) {
        String name = Names.name("thingName", thingName);
        return jdbc.queryOne("SELECT id FROM registry_thing WHERE name = ?", row -> row.getObject(1, UUID.class), name)
                .orElseThrow(() -> IotException.notFound("Thing " + name + " cannot be found."));
    }
}
