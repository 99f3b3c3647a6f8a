// The user inspector: features, Interest Clock heatmap, recommendations with their
// explanation, re-asked with `at` as the time-of-day slider moves.
import { ApiError, getJson } from './api.js';
import { el, hour, num, pct } from './format.js';

let current = null;
let asked = 0;
let timer = null;

function utcHours() {
  const today = new Date().toISOString().slice(0, 10);
  return Array.from({ length: 24 }, (_, h) => ({ hour: h, at: `${today}T${hour(h)}:00Z` }));
}

function facts(user, clock) {
  const counts = Object.entries(user.counts).filter(([, n]) => n > 0).map(([type, n]) => `${n} ${type}`).join(' · ');
  const interests = user.interests.slice(0, 3).map((i) => i.category).join(', ') || '–';
  return [
    ['user', user.userId], ['events', counts || 'none'], ['CTR (smoothed)', pct(user.clickThroughRate, 2)],
    ['top interests', interests], ['Interest Clock updates', num(clock?.events ?? 0, 0)],
    ['first seen', user.firstSeen?.replace('T', ' ').slice(0, 16) ?? '–'],
    ['last seen', user.lastSeen?.replace('T', ' ').slice(0, 16) ?? '–'],
  ].map(([label, value]) => el('div', { class: 'fact' }, el('b', { text: label }), value));
}

function cellColor(intensity) {
  return intensity > 0 ? `rgba(37, 99, 235, ${(0.08 + 0.92 * intensity).toFixed(3)})` : '#f1f3f6';
}

function renderHeatmap(clock, selectedHour) {
  const table = document.getElementById('heatmap');
  if (!clock || clock.categories.length === 0) {
    table.replaceChildren(el('caption', { class: 'muted small', text: 'No Interest Clock yet: no click, view, purchase or skip of a catalogued item.' }));
    return;
  }
  const head = el('tr', {}, el('th', { scope: 'col', text: 'category' }),
    ...clock.hours.map((h) => el('th', { scope: 'col', text: String(h.hour), class: h.hour === selectedHour ? 'now' : '' })));
  const rows = clock.categories.map((row) => el('tr', { 'data-category': row.category },
    el('th', { scope: 'row', text: row.category }),
    ...row.intensity.map((intensity, h) => el('td', {
      class: h === selectedHour ? 'now' : '',
      style: `background:${cellColor(intensity)}`,
      title: `${row.category} at ${hour(h)}: preference ${num(row.preference[h], 3)} (${pct(intensity, 0)} of the peak)`,
    }))));
  table.replaceChildren(el('thead', {}, head), el('tbody', {}, ...rows));
}

function bar(kind, value, scale, label) {
  const widthPct = scale > 0 ? Math.max(0, value) / scale * 100 : 0;
  return el('div', { class: `bar ${kind}`, style: `width:${widthPct.toFixed(1)}%`, title: `${label} ${num(value, 4)}` });
}

function renderRecommendations(answer, at) {
  const list = document.getElementById('recommendations');
  const explanation = answer.explanation || {};
  const terms = Object.values(explanation).flatMap((e) => [e.expectedReward, e.explorationBonus, e.interestClock]);
  const scale = Math.max(1e-9, ...terms.map((v) => Math.abs(v ?? 0)));
  list.replaceChildren(...answer.items.map((item) => {
    const e = explanation[item.itemId] || {};
    return el('li', { 'data-item': item.itemId },
      el('div', { class: 'who' }, el('a', { href: `#/item/${encodeURIComponent(item.itemId)}`, text: item.itemId }),
        el('span', { class: 'reason', text: item.reason }),
        el('div', { class: 'muted small', text: `score ${num(item.score, 3)} · reward ${num(e.expectedReward, 3)} · bonus ${num(e.explorationBonus, 3)} · clock ${num(e.interestClock, 3)}` })),
      el('div', { class: 'bars' }, bar('reward', e.expectedReward, scale, 'expected reward'),
        bar('bonus', e.explorationBonus, scale, 'exploration bonus'),
        bar('clock', e.interestClock, scale, 'Interest Clock')));
  }));
  asked += 1;
  list.dataset.at = at;
  list.dataset.asked = String(asked);
  list.dataset.policy = answer.policy;
}

async function ask(selected) {
  const { userId, hours, clock } = current;
  const at = hours[selected].at;
  document.getElementById('hour-label').textContent = `${hour(selected)} ${clock?.zone ?? 'UTC'} (at=${at})`;
  renderHeatmap(clock, selected);
  const answer = await getJson(`recommendations?userId=${encodeURIComponent(userId)}&count=10&explain=true&at=${encodeURIComponent(at)}`);
  if (current?.userId === userId && Number(document.getElementById('hour').value) === selected) {
    renderRecommendations(answer, at);
  }
}

async function orNull(promise) {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      return null;
    }
    throw error;
  }
}

export async function openUser(userId) {
  document.getElementById('user-id').value = userId;
  const [user, clock] = await Promise.all([
    orNull(getJson(`users/${encodeURIComponent(userId)}`)),
    orNull(getJson(`users/${encodeURIComponent(userId)}/clock`)),
  ]);
  const hours = clock ? clock.hours : utcHours();
  current = { userId, clock, hours };
  document.getElementById('user-body').hidden = false;
  document.getElementById('user-facts').replaceChildren(...(user
    ? facts(user, clock)
    : [el('div', { class: 'fact' }, el('b', { text: userId }), 'no events yet: recommendations are cold start')]));
  document.getElementById('clock-note').textContent = clock
    ? `hours in ${clock.zone}; colour = preference relative to the peak; strongest categories first`
    : '';
  document.getElementById('recent').replaceChildren(...(user?.recentItems ?? []).map((id) =>
    el('li', {}, el('a', { href: `#/item/${encodeURIComponent(id)}`, text: id }))));
  const now = Date.now();
  const slider = document.getElementById('hour');
  slider.value = String(Math.max(0, hours.filter((h) => Date.parse(h.at) <= now).length - 1));
  await ask(Number(slider.value));
}

export function wireUser(onError) {
  const slider = document.getElementById('hour');
  slider.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (current) {
        ask(Number(slider.value)).catch(onError);
      }
    }, 120);
  });
}
