package io.thingstead.policy.internal;

import io.thingstead.policy.api.AuthorizationContext;
import io.thingstead.policy.api.CertificateFields;
import io.thingstead.policy.api.ConnectedThing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The connection-scoped condition keys and policy variables of AWS IoT Core, read from an {@link
 * AuthorizationContext}. Key names are case-insensitive (the attribute name inside
 * {@code Attributes[...]} excepted). A key the connection does not have is absent: {@link #values} gives {@code null}.
 */
final class ConnectionKeys {
    static final String CLIENT_ID = "iot:ClientId";
    static final String DOMAIN_NAME = "iot:DomainName";
    static final String SOURCE_IP = "aws:SourceIp";
    static final String CERTIFICATE_ID = "iot:CertificateId";
    static final String THING_PREFIX = "iot:Connection.Thing.";
    static final String THING_NAME = "iot:Connection.Thing.ThingName";
    static final String THING_TYPE_NAME = "iot:Connection.Thing.ThingTypeName";
    static final String THING_IS_ATTACHED = "iot:Connection.Thing.IsAttached";
    static final String THING_ATTRIBUTES = "iot:Connection.Thing.Attributes[";
    static final String CERTIFICATE_PREFIX = "iot:Certificate.";
    static final String AVAILABLE_KEYS = "iot:Certificate.AvailableKeys";
    /** The Amazon Cognito identity id of a token connection (AWS's name; Thingstead's OIDC identities use it too). */
    static final String COGNITO_IDENTITY_ID = "cognito-identity.amazonaws.com:sub";

    /** AWS IoT keeps at most this many values of a multi-valued certificate attribute. */
    static final int MAX_CERTIFICATE_VALUES = 5;

    /** A certificate value longer than this is not substituted into policies. */
    static final int MAX_CERTIFICATE_VARIABLE_LENGTH = 1024;

    private final AuthorizationContext context;
    /** Certificate values by attribute name, capped and escaped as AWS IoT presents them. */
    private final Map<String, List<String>> certificate;

    ConnectionKeys(AuthorizationContext context) {
        this.context = context;
        Map<String, List<String>> values = new LinkedHashMap<>();
        context.certificate().forEach((name, raw) -> {
            List<String> escaped = new ArrayList<>();
            for (String value : raw.subList(0, Math.min(raw.size(), MAX_CERTIFICATE_VALUES))) {
                escaped.add(escape(value));
            }
            values.put(name, List.copyOf(escaped));
        });
        this.certificate = values;
    }

    AuthorizationContext context() {
        return context;
    }

    /** Whether {@code key} is read from the connection (and therefore never from the request). */
    static boolean isConnectionKey(String key) {
        return key.equalsIgnoreCase(CLIENT_ID)
                || key.equalsIgnoreCase(DOMAIN_NAME)
                || key.equalsIgnoreCase(SOURCE_IP)
                || key.equalsIgnoreCase(CERTIFICATE_ID)
                || key.equalsIgnoreCase(COGNITO_IDENTITY_ID)
                || startsWithIgnoreCase(key, THING_PREFIX)
                || startsWithIgnoreCase(key, CERTIFICATE_PREFIX);
    }

    /** The values of a connection key, or {@code null} when the connection does not have it. */
    List<String> values(String key) {
        if (key.equalsIgnoreCase(CLIENT_ID)) {
            return single(context.clientId());
        }
        if (key.equalsIgnoreCase(DOMAIN_NAME)) {
            return single(context.domainName());
        }
        if (key.equalsIgnoreCase(SOURCE_IP)) {
            return single(context.sourceIp());
        }
        if (key.equalsIgnoreCase(CERTIFICATE_ID)) {
            return single(context.certificateId());
        }
        if (key.equalsIgnoreCase(COGNITO_IDENTITY_ID)) {
            return single(context.identityId());
        }
        if (startsWithIgnoreCase(key, THING_PREFIX)) {
            return thing(key);
        }
        if (startsWithIgnoreCase(key, CERTIFICATE_PREFIX)) {
            return certificate(key);
        }
        return null;
    }

    /**
     * The value a policy variable naming this key resolves to, or {@code null} when it does not resolve: the key is
     * absent or multi-valued, or (for certificate attributes) the value is too long or holds a wildcard character.
     */
    String variable(String key) {
        List<String> values = values(key);
        if (values == null || values.size() != 1 || isMultiValued(key)) {
            return null;
        }
        String value = values.get(0);
        if (startsWithIgnoreCase(key, CERTIFICATE_PREFIX) && !substitutable(unescape(value))) {
            return null;
        }
        return value;
    }

    private static boolean isMultiValued(String key) {
        return key.equalsIgnoreCase(AVAILABLE_KEYS)
                || (startsWithIgnoreCase(key, CERTIFICATE_PREFIX) && endsWithIgnoreCase(key, ".List"));
    }

    private static boolean substitutable(String value) {
        if (value.length() > MAX_CERTIFICATE_VARIABLE_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '*' || c == '$' || c == '+' || c == '?' || c == '#') {
                return false;
            }
        }
        return true;
    }

    private List<String> thing(String key) {
        ConnectedThing thing = context.thing();
        if (key.equalsIgnoreCase(THING_IS_ATTACHED)) {
            return List.of(thing == null ? "false" : "true");
        }
        if (thing == null) {
            return null;
        }
        if (key.equalsIgnoreCase(THING_NAME)) {
            return single(thing.thingName());
        }
        if (key.equalsIgnoreCase(THING_TYPE_NAME)) {
            return single(thing.thingTypeName());
        }
        if (startsWithIgnoreCase(key, THING_ATTRIBUTES) && key.endsWith("]")) {
            String attribute = key.substring(THING_ATTRIBUTES.length(), key.length() - 1);
            return single(thing.attributes().get(attribute));
        }
        return null;
    }

    private List<String> certificate(String key) {
        String field = key.substring(CERTIFICATE_PREFIX.length());
        if (field.equalsIgnoreCase("AvailableKeys")) {
            if (certificate.isEmpty()) {
                return null;
            }
            List<String> names = new ArrayList<>();
            certificate.keySet().forEach(name -> names.add(CERTIFICATE_PREFIX + name));
            return List.copyOf(names);
        }
        String attribute = field;
        int index = 0;
        boolean list = false;
        int dot = field.lastIndexOf('.');
        if (dot > 0) {
            String suffix = field.substring(dot + 1);
            if (suffix.equalsIgnoreCase("List")) {
                list = true;
                attribute = field.substring(0, dot);
            } else if (!suffix.isEmpty()
                    && suffix.length() <= 3
                    && suffix.chars().allMatch(c -> c >= '0' && c <= '9')) {
                index = Integer.parseInt(suffix);
                attribute = field.substring(0, dot);
            }
        }
        String canonical = CertificateFields.canonical(attribute).orElse(null);
        List<String> values = canonical == null ? null : certificate.get(canonical);
        if (values == null) {
            return null;
        }
        if (list) {
            return values;
        }
        return index < values.size() ? List.of(values.get(index)) : null;
    }

    /**
     * Escapes the characters that are special in a distinguished name with a backslash, as AWS IoT presents
     * certificate values to policies.
     */
    static String escape(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean special =
                    c == ',' || c == '"' || c == '\\' || c == '+' || c == '=' || c == '<' || c == '>' || c == ';';
            if (special && out == null) {
                out = new StringBuilder(value.length() + 8).append(value, 0, i);
            }
            if (out != null) {
                if (special) {
                    out.append('\\');
                }
                out.append(c);
            }
        }
        return out == null ? value : out.toString();
    }

    private static String unescape(String value) {
        if (value.indexOf('\\') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                i++;
                c = value.charAt(i);
            }
            out.append(c);
        }
        return out.toString();
    }

    private static List<String> single(String value) {
        return value == null ? null : List.of(value);
    }

    static boolean startsWithIgnoreCase(String text, String prefix) {
        return text.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static boolean endsWithIgnoreCase(String text, String suffix) {
        return text.length() >= suffix.length()
                && text.regionMatches(true, text.length() - suffix.length(), suffix, 0, suffix.length());
    }
}
