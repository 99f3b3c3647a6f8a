// Experiments: per policy, CTR with its 95% Wilson interval on one common scale.
import { el, num, pct } from './format.js';

export function renderExperiments(report) {
  document.getElementById('experiment-name').textContent = report.experiment;
  const policies = report.policies;
  const top = Math.max(0.01, ...policies.map((p) => p.ctrUpper ?? 0)) * 1.1;
  const rows = policies.map((p) => {
    const facts = `${pct(p.share, 0)} of users · ${num(p.impressions, 0)} shown · ${num(p.clicks, 0)} clicked`;
    const ctr = (p.ctr === undefined)
      ? 'no impressions yet'
      : `CTR ${pct(p.ctr, 2)} [${pct(p.ctrLower, 2)}, ${pct(p.ctrUpper, 2)}]`;
    const track = el('div', { class: 'track', title: ctr });
    if (p.ctr !== undefined) {
      track.append(el('div', { class: 'interval',
        style: `left:${100 * p.ctrLower / top}%;width:${100 * (p.ctrUpper - p.ctrLower) / top}%` }));
      track.append(el('div', { class: 'point', style: `left:${100 * p.ctr / top}%` }));
    }
    return el('div', { class: 'policy', 'data-policy': p.policy },
      el('strong', { text: p.policy }), ' ', el('span', { class: 'muted small', text: facts }),
      el('div', { class: 'small', text: ctr }), track);
  });
  const scale = el('p', { class: 'muted small', text: `scale 0 – ${pct(top, 1)}` });
  document.getElementById('experiment-table').replaceChildren(el('div', { class: 'policies' }, ...rows), scale);
}
