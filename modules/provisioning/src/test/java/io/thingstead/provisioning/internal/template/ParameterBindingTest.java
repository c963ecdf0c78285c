package io.thingstead.provisioning.internal.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.provisioning.api.TemplateType;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterBindingTest {
    private static JsonObject parameters(String name, String value) {
        return Json.createObjectBuilder().add(name, value).build();
    }

    private static void refused(JsonValue parameters, String message) {
        assertThatThrownBy(() -> ParameterBinding.read(parameters, "parameters"))
                .isInstanceOf(TemplateException.class)
                .hasMessage(message);
    }

    @Test
    void readsAnObjectOfStrings() {
        assertThat(ParameterBinding.read(null, "parameters")).isEmpty();
        assertThat(ParameterBinding.read(JsonValue.NULL, "parameters")).isEmpty();
        assertThat(ParameterBinding.read(
                        Json.createObjectBuilder()
                                .add("SerialNumber", "SN-1")
                                .add("Device.Location", "a/b \"quoted\" {json} 'sql'; --")
                                .build(),
                        "parameters"))
                .containsExactly(
                        Map.entry("SerialNumber", "SN-1"),
                        Map.entry("Device.Location", "a/b \"quoted\" {json} 'sql'; --"));
    }

    @Test
    void hostileNamesAreRefused() {
        refused(
                parameters("x'; DROP TABLE registry_thing; --", "v"),
                "parameters: 'x'; DROP TABLE registry_thing; --' is not a valid parameter name: 1 to 128 characters"
                        + " of [A-Za-z0-9_.:-], starting with a letter or digit.");
        refused(
                parameters("a\"}", "v"),
                "parameters: 'a\"}' is not a valid parameter name: 1 to 128 characters of [A-Za-z0-9_.:-], starting"
                        + " with a letter or digit.");
        refused(
                parameters("${Serial}", "v"),
                "parameters: '${Serial}' is not a valid parameter name: 1 to 128 characters of [A-Za-z0-9_.:-],"
                        + " starting with a letter or digit.");
        refused(
                parameters("", "v"),
                "parameters: '' is not a valid parameter name: 1 to 128 characters of [A-Za-z0-9_.:-], starting with a"
                        + " letter or digit.");
        refused(
                parameters("n".repeat(129), "v"),
                "parameters: '" + "n".repeat(64) + "...' is not a valid parameter name: 1 to 128 characters of"
                        + " [A-Za-z0-9_.:-], starting with a letter or digit.");
        refused(
                parameters("AWS::IoT::Certificate::Id", "f".repeat(64)),
                "parameters.AWS::IoT::Certificate::Id: parameters starting with AWS:: are provided by AWS IoT, not by"
                        + " the device.");
        refused(
                parameters("a\u0000b", "v"),
                "parameters: 'a?b' is not a valid parameter name: 1 to 128 characters of [A-Za-z0-9_.:-], starting"
                        + " with a letter or digit.");
    }

    @Test
    void oversizedValuesAndWrongTypesAreRefused() {
        refused(
                parameters("Serial", "x".repeat(ParameterBinding.MAX_VALUE_LENGTH + 1)),
                "parameters.Serial: has 4097 characters; at most 4096 are allowed.");
        refused(parameters("Serial", "a\u0007b"), "parameters.Serial: must not contain control characters.");
        refused(Json.createObjectBuilder().add("Serial", 5).build(), "parameters.Serial: must be a string.");
        refused(Json.createArrayBuilder().add("a").build(), "parameters: must be an object of string values.");
        JsonObjectBuilder many = Json.createObjectBuilder();
        for (int i = 0; i <= ParameterBinding.MAX_PARAMETERS; i++) {
            many.add("p" + i, "v");
        }
        refused(many.build(), "parameters: has 101 members; at most 100 are allowed.");
        assertThat(ParameterBinding.read(
                        parameters("Serial", "x".repeat(ParameterBinding.MAX_VALUE_LENGTH)), "parameters"))
                .hasSize(1);
        assertThat(ParameterBinding.read(parameters("Csr", "line 1\r\nline 2\tend"), "parameters"))
                .containsEntry("Csr", "line 1\r\nline 2\tend");
    }

    @Test
    void bindingAppliesTypesDefaultsAndAllowedValues() {
        Template template = TemplateParser.parse("""
                {"Parameters": {
                    "Count": {"Type": "Number", "Default": 3},
                    "Colour": {"Type": "String", "AllowedValues": ["red", "green"]},
                    "Tags": {"Type": "CommaDelimitedList", "Default": "a, b"}},
                 "Resources": {"thing": {"Type": "AWS::IoT::Thing", "Properties": {"ThingName": "t"}}}}
                """, TemplateType.FLEET_PROVISIONING);

        Map<String, Value> bound = ParameterBinding.bind(
                template, Map.of("Colour", "red", "Unused", "ignored"), SystemParameters.fleet("c".repeat(64)));
        assertThat(bound)
                .containsEntry("Count", new Value.Text("3"))
                .containsEntry("Colour", new Value.Text("red"))
                .containsEntry("Tags", new Value.Texts(List.of("a", "b")))
                .containsEntry(SystemParameters.CERTIFICATE_ID, new Value.Text("c".repeat(64)))
                .doesNotContainKey("Unused");
        assertThatThrownBy(() -> ParameterBinding.bind(template, Map.of(), Map.of()))
                .isInstanceOf(TemplateException.class)
                .hasMessage("Parameters.Colour: has no value: it was not sent and the template declares no Default.");
        assertThatThrownBy(() -> ParameterBinding.bind(template, Map.of("Colour", "blue"), Map.of()))
                .isInstanceOf(TemplateException.class)
                .hasMessage("Parameters.Colour: 'blue' is not one of the AllowedValues [red, green].");
        assertThatThrownBy(() -> ParameterBinding.bind(template, Map.of("Colour", "red", "Count", "1e"), Map.of()))
                .isInstanceOf(TemplateException.class)
                .hasMessage("Parameters.Count: '1e' is not a Number.");
    }
}
