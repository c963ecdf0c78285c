package io.thingstead.pki.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.security.auth.x500.X500Principal;

/** Small conversions between certificates and the PKI tables' columns. */
final class Rows {
    private Rows() {}

    /** Serial numbers are stored as lower-case hexadecimal, the form CRL tools print. */
    static String serial(BigInteger serial) {
        return serial.toString(16);
    }

    static BigInteger serial(String hex) {
        return new BigInteger(hex, 16);
    }

    /** Names are compared in RFC 4514 canonical form (case and white space folded). */
    static String name(X500Principal principal) {
        return principal.getName(X500Principal.CANONICAL);
    }

    static String subject(X509Certificate certificate) {
        return name(certificate.getSubjectX500Principal());
    }

    static BigDecimal numeric(BigInteger value) {
        return new BigDecimal(value);
    }

    static BigInteger bigInteger(ResultSet row, String column) throws SQLException {
        BigDecimal value = row.getBigDecimal(column);
        return value == null ? null : value.toBigIntegerExact();
    }
}
