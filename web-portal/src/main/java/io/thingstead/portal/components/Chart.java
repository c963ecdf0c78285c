package io.thingstead.portal.components;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.time.Instant;
import java.util.List;

/** A small line chart over time (Apache ECharts from npm, through Vaadin's frontend build). */
@Tag("thingstead-chart")
@JsModule("./thingstead/chart.js")
@NpmPackage(value = "echarts", version = "6.1.0")
public class Chart extends Component implements HasSize {
    private static final long serialVersionUID = 1L;

    /** One line: a name and its points. */
    public record Series(String name, List<Point> points) {}

    /** A point in time and its value. */
    public record Point(Instant time, double value) {}

    public Chart(String title, String height) {
        getElement().setAttribute("chart-title", title);
        getElement().setAttribute("height", height);
        setHeight(height);
        getElement().setAttribute("role", "img");
        getElement().setAttribute("aria-label", title);
        setWidthFull();
    }

    public void setSeries(List<Series> series) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (Series s : series) {
            JsonArrayBuilder points = Json.createArrayBuilder();
            s.points()
                    .forEach(p -> points.add(Json.createArrayBuilder()
                            .add(p.time().toEpochMilli())
                            .add(p.value())));
            array.add(Json.createObjectBuilder().add("name", s.name()).add("points", points));
        }
        getElement().callJsFunction("setSeries", array.build().toString());
    }

    public void appendPoint(int series, Instant time, double value) {
        getElement().callJsFunction("appendPoint", series, (double) time.toEpochMilli(), value);
    }
}
