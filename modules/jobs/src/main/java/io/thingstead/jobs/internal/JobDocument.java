package io.thingstead.jobs.internal;

import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.json.JsonDocuments;
import io.thingstead.common.api.json.JsonLimits;
import io.thingstead.jobs.api.FirmwareFiles.FirmwareInfo;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Job documents and their placeholders. A document is a JSON object of at most 32,768 bytes (AWS's limit). Strings in
 * it may hold placeholders that are replaced for each execution when a device reads the document:
 *
 * <ul>
 *   <li>{@code ${aws:iot:s3-presigned-url:https://<host>/firmware/<name>}} — AWS's pre-signed URL placeholder; the URL
 *       names a firmware file stored by Thingstead (the path the control plane uploaded it to) and becomes a signed
 *       HTTPS download URL for this execution that expires after {@code presignedUrlConfig.expiresInSec};
 *   <li>{@code ${thingstead:firmware:<name>:sha256}}, {@code :size}, {@code :signature}, {@code :signatureAlgorithm},
 *       {@code :certificate} — the file's SHA-256 (hex), size in bytes, ECDSA signature (base64 DER), {@code
 *       SHA256withECDSA}, and the code-signing certificate with its issuing CA (PEM). A string that is exactly a
 *       {@code :size} placeholder becomes a JSON number.
 * </ul>
 */
final class JobDocument {
    static final int MAX_BYTES = 32_768;
    static final JsonLimits LIMITS = new JsonLimits(MAX_BYTES, 32);

    static final Pattern PRESIGNED = Pattern.compile("\\$\\{aws:iot:s3-presigned-url:([^}]*)}");
    static final Pattern FIRMWARE = Pattern.compile(
            "\\$\\{thingstead:firmware:([a-zA-Z0-9._-]{1,255}):(sha256|size|signature|signatureAlgorithm|certificate)}");
    static final Pattern FIRMWARE_PATH = Pattern.compile("/firmware/([a-zA-Z0-9._-]{1,255})");

    private JobDocument() {}

    /** What the placeholders are replaced with, for one execution. */
    interface Resolver {
        /** A signed download URL for the file. */
        String downloadUrl(String firmwareName);

        FirmwareInfo firmware(String firmwareName);
    }

    /** Parses and checks a document: a JSON object within the limits, placeholders well formed. */
    static JsonObject parse(String document) {
        if (document.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw IotException.invalidRequest("The job document is larger than " + MAX_BYTES + " bytes.");
        }
        JsonObject parsed;
        try {
            parsed = JsonDocuments.readObject(document, LIMITS);
        } catch (IotException e) {
            throw IotException.invalidRequest("The job document must be a JSON object: " + e.getMessage());
        }
        firmwareNames(document);
        return parsed;
    }

    /** The firmware files a document names. */
    static Set<String> firmwareNames(String document) {
        Set<String> names = new LinkedHashSet<>();
        Matcher presigned = PRESIGNED.matcher(document);
        while (presigned.find()) {
            names.add(firmwareOfUrl(presigned.group(1)));
        }
        Matcher firmware = FIRMWARE.matcher(document);
        while (firmware.find()) {
            names.add(firmware.group(1));
        }
        return names;
    }

    static String firmwareOfUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw IotException.invalidRequest("The pre-signed URL placeholder holds no URL: " + Members.cut(url));
        }
        Matcher path = FIRMWARE_PATH.matcher(uri.getPath() == null ? "" : uri.getPath());
        if (!"https".equals(uri.getScheme()) || !path.matches()) {
            throw IotException.invalidRequest("Thingstead pre-signs URLs of its own firmware files:"
                    + " ${aws:iot:s3-presigned-url:https://<endpoint>/firmware/<name>}, not " + Members.cut(url)
                    + ".");
        }
        return path.group(1);
    }

    /** The document with every placeholder replaced. */
    static JsonValue substitute(JsonValue value, Resolver resolver) {
        return switch (value.getValueType()) {
            case OBJECT -> {
                JsonObjectBuilder object = Json.createObjectBuilder();
                for (Map.Entry<String, JsonValue> member : value.asJsonObject().entrySet()) {
                    object.add(member.getKey(), substitute(member.getValue(), resolver));
                }
                yield object.build();
            }
            case ARRAY -> {
                JsonArrayBuilder array = Json.createArrayBuilder();
                for (JsonValue item : (JsonArray) value) {
                    array.add(substitute(item, resolver));
                }
                yield array.build();
            }
            case STRING -> string(((JsonString) value).getString(), resolver);
            default -> value;
        };
    }

    private static JsonValue string(String text, Resolver resolver) {
        if (!text.contains("${")) {
            return Json.createValue(text);
        }
        Matcher whole = FIRMWARE.matcher(text);
        if (whole.matches() && whole.group(2).equals("size")) {
            return Json.createValue(resolver.firmware(whole.group(1)).size());
        }
        String replaced = replace(PRESIGNED, text, m -> resolver.downloadUrl(firmwareOfUrl(m.group(1))));
        replaced = replace(FIRMWARE, replaced, m -> {
            FirmwareInfo firmware = resolver.firmware(m.group(1));
            return switch (m.group(2)) {
                case "sha256" -> firmware.sha256();
                case "size" -> Long.toString(firmware.size());
                case "signature" -> firmware.signature();
                case "signatureAlgorithm" -> firmware.signatureAlgorithm();
                default -> firmware.certificateChainPem();
            };
        });
        return Json.createValue(replaced);
    }

    private static String replace(Pattern pattern, String text, java.util.function.Function<Matcher, String> value) {
        Matcher matcher = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(value.apply(matcher)));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
