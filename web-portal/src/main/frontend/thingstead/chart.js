// <thingstead-chart>: a small ECharts line chart (Apache ECharts from npm, bundled by Vaadin's frontend build).
// The server sets series names and points; live points are appended with appendPoint(seriesIndex, time, value).
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, TitleComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, TitleComponent, SVGRenderer]);

const MAX_POINTS = 600;

class ThingsteadChart extends HTMLElement {
  constructor() {
    super();
    this.series = [];
    this.chart = null;
  }

  connectedCallback() {
    // Vaadin may detach and attach the element again: build its content once, and the chart each time
    if (!this.container) {
      this.style.display = 'block';
      if (!this.style.height) {
        this.style.height = this.getAttribute('height') || '180px';
      }
      this.container = document.createElement('div');
      this.container.style.width = '100%';
      this.container.style.height = '100%';
      this.appendChild(this.container);
    }
    this.chart = echarts.init(this.container, null, { renderer: 'svg' });
    this.render();
    this.resizeObserver = new ResizeObserver(() => this.chart && this.chart.resize());
    this.resizeObserver.observe(this.container);
  }

  disconnectedCallback() {
    if (this.resizeObserver) {
      this.resizeObserver.disconnect();
    }
    if (this.chart) {
      this.chart.dispose();
      this.chart = null;
    }
  }

  /** series: [{name, unit, points: [[t, v], ...]}] as JSON text. */
  setSeries(json) {
    this.series = JSON.parse(json);
    this.render();
  }

  appendPoint(index, time, value) {
    while (this.series.length <= index) {
      this.series.push({ name: 'series ' + this.series.length, points: [] });
    }
    const points = this.series[index].points;
    points.push([time, value]);
    if (points.length > MAX_POINTS) {
      points.shift();
    }
    this.render();
  }

  render() {
    if (!this.chart) {
      return;
    }
    const title = this.getAttribute('chart-title') || '';
    this.chart.setOption(
      {
        animation: false,
        title: title ? { text: title, textStyle: { fontSize: 13, fontWeight: 'normal' } } : undefined,
        tooltip: { trigger: 'axis' },
        legend: this.series.length > 1 ? { top: 0, right: 0 } : undefined,
        grid: { left: 48, right: 16, top: title || this.series.length > 1 ? 32 : 12, bottom: 28 },
        xAxis: { type: 'time' },
        yAxis: { type: 'value', scale: true },
        series: this.series.map((s) => ({
          name: s.name,
          type: 'line',
          showSymbol: false,
          data: s.points,
        })),
      },
      true
    );
    this.setAttribute('points', String(this.series.reduce((n, s) => n + s.points.length, 0)));
  }
}

customElements.define('thingstead-chart', ThingsteadChart);
