package io.thingstead.portal.views.dashboards;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.thingstead.portal.components.Chart;
import io.thingstead.portal.internal.CurrentUser;
import io.thingstead.portal.internal.MetricsHistory;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The platform at a glance, from its own Prometheus metrics (read every 5 s, two hours kept): devices connected,
 * messages in and out per second, authentication failures per second. Refreshed by server push.
 */
@Route("dashboards/platform")
@Menu(title = "Platform", order = 50)
@PageTitle("Platform dashboard | Thingstead")
@RolesAllowed(CurrentUser.OPERATOR)
@Dependent
public class PlatformDashboardView extends VerticalLayout {
    private static final long serialVersionUID = 1L;

    @Inject
    transient MetricsHistory history;

    private final Chart connections = new Chart("Connected devices", "200px");
    private final Chart messages = new Chart("Messages per second", "200px");
    private final Chart failures = new Chart("Authentication failures per second", "200px");
    private final Span status = new Span();
    private Thread refresher;

    @PostConstruct
    void render() {
        history.start();
        add(new H1("Platform"));
        status.setId("dashboard-status");
        add(new Paragraph(status));
        connections.setId("chart-connections");
        messages.setId("chart-messages");
        failures.setId("chart-auth-failures");
        add(connections, messages, failures);
        draw();
    }

    void draw() {
        List<MetricsHistory.Sample> samples = history.samples();
        List<Chart.Point> connected = new ArrayList<>();
        List<Chart.Point> in = new ArrayList<>();
        List<Chart.Point> out = new ArrayList<>();
        List<Chart.Point> auth = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            MetricsHistory.Sample sample = samples.get(i);
            connected.add(new Chart.Point(sample.at(), sample.values().getOrDefault("connections", 0.0)));
            if (i > 0) {
                MetricsHistory.Sample previous = samples.get(i - 1);
                double seconds = Math.max(
                        0.001, (sample.at().toEpochMilli() - previous.at().toEpochMilli()) / 1000.0);
                in.add(rate(sample, previous, "in", seconds));
                out.add(rate(sample, previous, "out", seconds));
                auth.add(rate(sample, previous, "authFailures", seconds));
            }
        }
        connections.setSeries(List.of(new Chart.Series("connections", connected)));
        messages.setSeries(List.of(new Chart.Series("in", in), new Chart.Series("out", out)));
        failures.setSeries(List.of(new Chart.Series("failures", auth)));
        String problem = history.problem();
        status.setText(
                problem.isEmpty()
                        ? samples.size() + " readings of /metrics, every 5 s"
                        : "Metrics not available: " + problem);
    }

    private static Chart.Point rate(
            MetricsHistory.Sample now, MetricsHistory.Sample before, String name, double seconds) {
        Map<String, Double> a = now.values();
        Map<String, Double> b = before.values();
        double delta = a.getOrDefault(name, 0.0) - b.getOrDefault(name, 0.0);
        // a counter that went down means the server restarted: start again from zero
        return new Chart.Point(now.at(), Math.max(0, delta) / seconds);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        UI ui = event.getUI();
        refresher = Thread.ofVirtual().start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(5000);
                    ui.access(this::draw);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (com.vaadin.flow.component.UIDetachedException e) {
                // the page is gone
            }
        });
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (refresher != null) {
            refresher.interrupt();
        }
        super.onDetach(event);
    }
}
