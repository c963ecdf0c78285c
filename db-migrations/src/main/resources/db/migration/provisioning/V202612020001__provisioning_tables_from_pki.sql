-- Device provisioning became its own module (modules/provisioning, issue 13): its tables move out of the pki_
-- namespace. Renaming keeps every row, index, constraint and grant; only names change:
--   pki_provisioning_template         -> provisioning_template
--   pki_provisioning_template_version -> provisioning_template_version
--   pki_ownership_token               -> provisioning_ownership_token
-- The ownership token keeps its foreign key to pki_certificate (ON DELETE CASCADE): deleting a certificate through
-- the PKI still drops its tokens. Owned by modules/provisioning (io.thingstead.provisioning.internal).

ALTER TABLE pki_provisioning_template RENAME TO provisioning_template;
ALTER TABLE pki_provisioning_template_version RENAME TO provisioning_template_version;
ALTER TABLE pki_ownership_token RENAME TO provisioning_ownership_token;

ALTER INDEX pki_ownership_token_certificate RENAME TO provisioning_ownership_token_certificate;
ALTER INDEX pki_ownership_token_expiry RENAME TO provisioning_ownership_token_expiry;

-- constraint (and primary-key index) names follow their table's
DO $$
DECLARE
    c RECORD;
BEGIN
    FOR c IN
        SELECT con.conname, rel.relname
        FROM pg_constraint con
        JOIN pg_class rel ON rel.oid = con.conrelid
        JOIN pg_namespace ns ON ns.oid = rel.relnamespace
        WHERE ns.nspname = current_schema()
          AND rel.relname IN ('provisioning_template', 'provisioning_template_version', 'provisioning_ownership_token')
          AND (con.conname LIKE 'pki\_provisioning\_%' OR con.conname LIKE 'pki\_ownership\_token%')
    LOOP
        EXECUTE format('ALTER TABLE %I RENAME CONSTRAINT %I TO %I', c.relname, c.conname,
                       CASE WHEN c.conname LIKE 'pki\_ownership\_token%'
                            THEN 'provisioning_' || substr(c.conname, 5)
                            ELSE substr(c.conname, 5) END);
    END LOOP;
END $$;
