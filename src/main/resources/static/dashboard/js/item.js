// The item inspector: counts, CTR with its Wilson interval accumulated over polls, the
// global Interest Clock of the item's category by hour, and the users whose own clocks
// favour the category at this hour.
import { getJson } from './api.js';
import { LiveChart } from './charts.js';
import { el, hour, num, pct } from './format.js';

let current = null;

function facts(item) {
  const interval = item.clickThroughRateInterval;
  return [
    ['item', item.itemId], ['category', item.category], ['active', item.active ? 'yes' : 'retired'],
    ['impressions', num(item.counts.impression, 0)], ['clicks', num(item.counts.click, 0)],
    ['CTR, 95% interval', interval
      ? `${pct(Math.min(item.counts.click, item.counts.impression) / item.counts.impression, 2)} [${pct(interval.lower, 2)}, ${pct(interval.upper, 2)}]`
      : 'no impressions yet'],
    ['CTR (smoothed, used by ranking)', pct(item.clickThroughRate, 2)],
    ['popularity / trending', `${num(item.popularity, 2)} / ${num(item.trending, 2)}`],
  ].map(([label, value]) => el('div', { class: 'fact' }, el('b', { text: label }), String(value)));
}

function renderClock(clock, category) {
  const container = document.getElementById('item-clock');
  const row = clock.categories.find((r) => r.category === category);
  if (!row) {
    container.replaceChildren(el('p', { class: 'muted small', text: 'No user has interacted with this category yet.' }));
    return;
  }
  const top = Math.max(1e-12, ...row.preference);
  container.replaceChildren(...row.preference.map((p, h) => el('div', {
    style: `height:${(100 * Math.max(0, p) / top).toFixed(1)}%`,
    title: `${category} at ${hour(h)}: ${num(p, 3)}`,
  }, el('span', { text: h % 3 === 0 ? String(h) : '' }))));
}

function renderFans(fans, category, atHour) {
  const container = document.getElementById('item-fans');
  document.getElementById('item-fans-hour').textContent = hour(atHour);
  if (fans.length === 0) {
    container.replaceChildren(el('p', { class: 'muted small', text: `No user's clock holds ${category} yet.` }));
    return;
  }
  container.replaceChildren(el('ol', {}, ...fans.map((f) => el('li', {},
    el('a', { href: `#user/${encodeURIComponent(f.userId)}`, text: f.userId }),
    ` — intensity ${num(f.intensity, 2)}, ${num(f.events, 0)} events`))));
}

function append(item) {
  const t = Date.now() / 1000;
  const shown = item.counts.impression;
  const rate = shown > 0 ? Math.min(item.counts.click, shown) / shown : null;
  current.ctr.append(t, [rate, item.clickThroughRateInterval?.lower, item.clickThroughRateInterval?.upper]);
  current.counts.append(t, [shown, item.counts.click]);
}

export async function openItem(itemId) {
  document.getElementById('item-id').value = itemId;
  const item = await getJson(`items/${encodeURIComponent(itemId)}`);
  const clock = await getJson(`clock?category=${encodeURIComponent(item.category)}`);
  const atHour = new Date().getUTCHours();
  const fans = await getJson(`clock/fans?category=${encodeURIComponent(item.category)}&hour=${atHour}`);
  document.getElementById('item-body').hidden = false;
  document.getElementById('item-facts').replaceChildren(...facts(item));
  document.getElementById('item-category').textContent = item.category;
  const ctrContainer = document.getElementById('c-item-ctr');
  const countsContainer = document.getElementById('c-item-counts');
  ctrContainer.replaceChildren();
  countsContainer.replaceChildren();
  current = {
    itemId,
    ctr: new LiveChart(ctrContainer, ['CTR', 'lower', 'upper'], { bands: [[2, 3]], yLabel: 'CTR' }),
    counts: new LiveChart(countsContainer, ['impressions', 'clicks']),
  };
  renderClock(clock, item.category);
  renderFans(fans, item.category, atHour);
  append(item);
  document.getElementById('item').dataset.item = itemId;
}

/** Adds a point to the open item's series (called by the page's poll loop). */
export async function pollItem() {
  if (!current) {
    return;
  }
  const item = await getJson(`items/${encodeURIComponent(current.itemId)}`);
  if (current?.itemId === item.itemId) {
    document.getElementById('item-facts').replaceChildren(...facts(item));
    append(item);
  }
}
