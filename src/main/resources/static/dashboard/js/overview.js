// The overview: live figures from GET /dashboard/api/overview, CTR by policy from
// GET /admin/experiments and the model from GET /admin/model, polled every few seconds.
import { getJson } from './api.js';
import { LiveChart, IntervalChart } from './charts.js';
import { ms, num, pct } from './format.js';

let charts = null;

function setTile(id, text) {
  document.getElementById(id).textContent = text;
}

function ensureCharts() {
  if (!charts) {
    charts = {
      throughput: new LiveChart(document.getElementById('c-throughput'),
        ['requests/s', 'recommendations/s', 'events accepted/s', 'events processed/s']),
      latency: new LiveChart(document.getElementById('c-latency'), ['p50', 'p99', 'mean'], { yLabel: 'ms' }),
      pipeline: new LiveChart(document.getElementById('c-pipeline'), ['consumer lag', 'freshness p99 (ms)']),
      ctr: new IntervalChart(document.getElementById('c-ctr')),
      ctrExperiments: new IntervalChart(document.getElementById('c-ctr-experiments')),
      shares: new LiveChart(document.getElementById('c-shares'), ['exploration', 'cold start'], { yLabel: 'share' }),
    };
  }
  return charts;
}

/** One poll: reads the three documents and updates tiles, charts and the experiments table. */
export async function poll(renderExperiments) {
  const [overview, experiments, model] = await Promise.all([
    getJson('dashboard/api/overview'),
    getJson('admin/experiments'),
    getJson('admin/model'),
  ]);
  const c = ensureCharts();
  const t = Date.parse(overview.time) / 1000;
  const latency = overview.recommendationLatencyMs;
  const freshness = overview.freshnessMs;
  const events = overview.eventsAcceptedPerSecond;
  setTile('t-requests', num(overview.requestsPerSecond));
  setTile('t-p50', ms(latency?.p50 ?? null));
  setTile('t-p99', ms(latency?.p99 ?? null));
  setTile('t-events', num(events));
  setTile('t-lag', num(overview.consumerLag, 0));
  setTile('t-freshness', ms(freshness?.p99 ?? null));
  setTile('t-explore', pct(overview.explorationShare));
  setTile('t-coldstart', pct(overview.coldStartShare));
  const version = overview.modelVersion ?? model.servingVersion ?? model.version;
  setTile('t-model', `${num(version, 0)}${model.frozen ? ' (frozen)' : ''}`);
  c.throughput.append(t, [overview.requestsPerSecond, overview.recommendationsPerSecond, events,
    overview.eventsProcessedPerSecond]);
  c.latency.append(t, [latency?.p50, latency?.p99, latency?.mean]);
  c.pipeline.append(t, [overview.consumerLag, freshness?.p99]);
  c.shares.append(t, [overview.explorationShare, overview.coldStartShare]);
  c.ctr.append(t, experiments.policies);
  c.ctrExperiments.append(t, experiments.policies);
  document.getElementById('missing').textContent = overview.missingMeters.length
    ? `Not measured by this Kairos (yet): ${overview.missingMeters.join(', ')}.`
    : '';
  renderExperiments(experiments);
  return { overview, model };
}
