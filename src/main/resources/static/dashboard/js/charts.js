// Time-series charts on uPlot (a WebJar served from the jar under /webjars/).
import uPlot from '../../webjars/uplot/dist/uPlot.esm.js';

const MAX_POINTS = 400;
const PALETTE = ['#2563eb', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#0891b2'];

function width(container) {
  return Math.max(240, container.clientWidth || container.parentElement.clientWidth || 300);
}

/**
 * A live line chart: append(time, values) adds one point per series (null for a gap).
 * Bands: pairs [lowerIndex, upperIndex] of series filled between (intervals); those
 * series are drawn thin and dashed.
 */
export class LiveChart {
  constructor(container, labels, { bands = [], yLabel = '' } = {}) {
    this.container = container;
    this.labels = labels;
    this.bands = bands;
    this.data = [[], ...labels.map(() => [])];
    const banded = new Set(bands.flat());
    const colorOf = (i) => {
      const pair = bands.find((b) => b.includes(i));
      // a band takes the colour of the line just before it (the estimate it brackets)
      return PALETTE[((pair ? pair[0] - 1 : i) - 1) % PALETTE.length];
    };
    const series = [{}, ...labels.map((label, i) => ({
      label,
      stroke: colorOf(i + 1),
      width: banded.has(i + 1) ? 1 : 2,
      dash: banded.has(i + 1) ? [4, 4] : undefined,
      spanGaps: false,
      points: { show: false },
    }))];
    this.plot = new uPlot({
      width: width(container),
      height: 200,
      series,
      bands: bands.map(([lower, upper]) => ({ series: [upper, lower], fill: `${colorOf(lower)}22` })),
      // clock times in UTC, as the status line gives them
      axes: [{ space: 70, incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600], values: (u, ticks) => ticks.map((t) => new Date(t * 1000).toISOString().slice(11, 19)) },
        { label: yLabel, size: 50 }],
      scales: { x: { time: true } },
      legend: { live: false },
    }, this.data, container);
    new ResizeObserver(() => this.plot.setSize({ width: width(container), height: 200 })).observe(container);
  }

  append(timeSeconds, values) {
    this.data[0].push(timeSeconds);
    values.forEach((v, i) => this.data[i + 1].push(v ?? null));
    if (this.data[0].length > MAX_POINTS) {
      this.data.forEach((column) => column.shift());
    }
    this.plot.setData(this.data);
    // say so when none of the chart's meters exists here, rather than show an empty frame
    this.container.classList.toggle('unmeasured', this.data.slice(1).every((column) => column.every((v) => v === null)));
  }
}

/**
 * CTR lines with interval bands for a changing set of policies: rebuilt when a new
 * policy appears.
 */
export class IntervalChart {
  constructor(container) {
    this.container = container;
    this.policies = [];
    this.history = [];
    this.chart = null;
  }

  append(timeSeconds, rows) {
    const names = rows.map((r) => r.policy);
    this.history.push({ t: timeSeconds, rows });
    if (this.history.length > MAX_POINTS) {
      this.history.shift();
    }
    if (!this.chart || names.join() !== this.policies.join()) {
      this.policies = names;
      this.container.replaceChildren();
      const labels = [];
      const bands = [];
      names.forEach((name, i) => {
        labels.push(name, `${name} lower`, `${name} upper`);
        bands.push([3 * i + 2, 3 * i + 3]);
      });
      this.chart = new LiveChart(this.container, labels, { bands, yLabel: 'CTR' });
      for (const point of this.history.slice(0, -1)) {
        this.chart.append(point.t, this.values(point.rows));
      }
    }
    this.chart.append(timeSeconds, this.values(rows));
  }

  values(rows) {
    const byPolicy = new Map(rows.map((r) => [r.policy, r]));
    return this.policies.flatMap((name) => {
      const r = byPolicy.get(name);
      return [r?.ctr ?? null, r?.ctrLower ?? null, r?.ctrUpper ?? null];
    });
  }
}
