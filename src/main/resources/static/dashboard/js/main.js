// The dashboard's entry point: hash routes (#/overview, #/user/<id>, #/item/<id>,
// #/experiments) and the poll loop (every 3 s; ?refresh=<ms> to change).
import { validId } from './api.js';
import { poll } from './overview.js';
import { renderExperiments } from './experiments.js';
import { openUser, wireUser } from './user.js';
import { openItem, pollItem } from './item.js';

const REFRESH = Math.max(500, Number(new URLSearchParams(location.search).get('refresh')) || 3000);
const status = document.getElementById('status');
let view = 'overview';

function showError(error) {
  status.textContent = `error: ${error.message}`;
  status.classList.add('error');
}

function route() {
  const [, name = 'overview', rawId] = location.hash.split('/');
  view = ['overview', 'user', 'item', 'experiments'].includes(name) ? name : 'overview';
  for (const section of document.querySelectorAll('[data-view]')) {
    section.hidden = section.id !== view;
  }
  for (const tab of document.querySelectorAll('#tabs a')) {
    tab.classList.toggle('active', tab.dataset.tab === view);
  }
  const id = rawId ? decodeURIComponent(rawId) : null;
  if (id && validId(id)) {
    (view === 'user' ? openUser(id) : view === 'item' ? openItem(id) : Promise.resolve()).catch(showError);
  }
}

function wireSearch(formId, inputId, name) {
  document.getElementById(formId).addEventListener('submit', (event) => {
    event.preventDefault();
    const id = document.getElementById(inputId).value.trim();
    if (validId(id)) {
      const target = `#/${name}/${encodeURIComponent(id)}`;
      if (location.hash === target) {
        route();
      } else {
        location.hash = target;
      }
    }
  });
}

async function loop() {
  try {
    const { overview } = await poll(renderExperiments);
    if (view === 'item') {
      await pollItem();
    }
    status.classList.remove('error');
    status.textContent = `updated ${overview.time.slice(11, 19)} UTC · every ${REFRESH / 1000} s`;
    document.body.dataset.polls = String(Number(document.body.dataset.polls || 0) + 1);
  } catch (error) {
    showError(error);
  }
  setTimeout(loop, REFRESH);
}

wireSearch('user-form', 'user-id', 'user');
wireSearch('item-form', 'item-id', 'item');
wireUser(showError);
window.addEventListener('hashchange', route);
route();
loop();
