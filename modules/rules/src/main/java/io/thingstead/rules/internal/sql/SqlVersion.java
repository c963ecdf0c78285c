package io.thingstead.rules.internal.sql;

import java.util.Optional;

/**
 * The SQL versions of AWS IoT ({@code awsIotSqlVersion}). A rule keeps the version it was created with. {@code beta}
 * is accepted as AWS accepts it and behaves as {@code 2016-03-23} here.
 */
public enum SqlVersion {
    V2015_10_08("2015-10-08"),
    V2016_03_23("2016-03-23"),
    BETA("beta");

    /** What AWS uses when a rule names no version (the CLI, CloudFormation). */
    public static final SqlVersion DEFAULT = V2015_10_08;

    private final String id;

    SqlVersion(String id) {
        this.id = id;
    }

    /** The version as the API spells it, e.g. {@code 2016-03-23}. */
    public String id() {
        return id;
    }

    /** The version named {@code id}, or empty when AWS has no such version. */
    public static Optional<SqlVersion> fromId(String id) {
        for (SqlVersion version : values()) {
            if (version.id.equals(id)) {
                return Optional.of(version);
            }
        }
        return Optional.empty();
    }

    /** Whether the 2016-03-23 features (literals, nested queries, encode/decode, ...) are there. */
    boolean since2016() {
        return this != V2015_10_08;
    }
}
