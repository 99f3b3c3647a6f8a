// Calls to Kairos' HTTP API, relative to where the dashboard is served (/dashboard/ -> /).
// When the API answers 401, the page asks for a key once and sends it as X-API-Key.

const ROOT = new URL('../', location.href.replace(/[?#].*$/, ''));
const KEY_STORE = 'kairos.apiKey';

let apiKey = sessionStorage.getItem(KEY_STORE);
let pendingKey = null;

/** An error answer of the API: its status and problem document, if any. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

function askForKey(rejected) {
  if (!pendingKey) {
    pendingKey = new Promise((resolve) => {
      const dialog = document.getElementById('key-dialog');
      const input = document.getElementById('api-key');
      document.getElementById('key-message').textContent = rejected
        ? 'That key was not accepted. Try another.'
        : 'This Kairos requires an API key.';
      input.value = '';
      dialog.addEventListener('close', () => {
        apiKey = input.value.trim() || null;
        if (apiKey) {
          sessionStorage.setItem(KEY_STORE, apiKey);
        }
        pendingKey = null;
        resolve(apiKey);
      }, { once: true });
      dialog.showModal();
    });
  }
  return pendingKey;
}

/** GET a JSON document from the API. */
export async function getJson(path) {
  for (let attempt = 0; ; attempt++) {
    const headers = { Accept: 'application/json' };
    if (apiKey) {
      headers['X-API-Key'] = apiKey;
    }
    const response = await fetch(new URL(path, ROOT), { headers });
    if (response.status === 401 && attempt < 3) {
      if (pendingKey) {
        await pendingKey;
      } else {
        await askForKey(attempt > 0 || Boolean(apiKey));
      }
      continue;
    }
    if (!response.ok) {
      const problem = await response.json().catch(() => null);
      throw new ApiError(response.status, problem);
    }
    return response.json();
  }
}

/** Ids as the API accepts them (1-128 of A-Z a-z 0-9 . _ : @ -). */
export function validId(id) {
  return /^[A-Za-z0-9._:@-]{1,128}$/.test(id);
}
