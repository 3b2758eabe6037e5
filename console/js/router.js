// Which view the address shows, and drawing it.
import { renderAdmin } from './admin-view.js';
import { renderCase } from './case-view.js';
import { errorText, flash } from './notices.js';
import { renderPhoneForm } from './phone-ticket-form.js';
import { renderQueue } from './queue-view.js';
import { renderSearch } from './search-view.js';
import { state } from './state.js';

export function parseRoute() {
  const [, name, arg] = (location.hash || '#/queue/waiting').split('/');
  if (name === 'case' && arg) return { name: 'case', arg: decodeURIComponent(arg) };
  if (name === 'new') return { name: 'new' };
  if (name === 'admin') return { name: 'admin' };
  if (name === 'search') return { name: 'search', arg: decodeURIComponent(arg || '') };
  return { name: 'queue', arg: ['waiting', 'mine', 'all'].includes(arg) ? arg : 'waiting' };
}
export async function render() {
  if (!state.me) return;
  const route = parseRoute();
  if (route.name !== state.route.name || route.arg !== state.route.arg) state.panel = null;
  state.route = route;
  state.rendering = (state.rendering || 0) + 1;
  // Renders overlap (a live event during a slow fetch): only the newest may draw, or an answer
  // fetched before a change could arrive last and draw the page as it was.
  const turn = (state.renderTurn = (state.renderTurn || 0) + 1);
  const current = () => turn === state.renderTurn;
  try {
    if (route.name === 'case') await renderCase(route.arg, current);
    else if (route.name === 'new') renderPhoneForm();
    else if (route.name === 'admin') await renderAdmin();
    else if (route.name === 'search') await renderSearch(route.arg);
    else await renderQueue(route.arg, current);
  } catch (err) {
    if (err.status !== 401) flash(errorText(err), true);
  } finally {
    state.rendering -= 1;
  }
}
