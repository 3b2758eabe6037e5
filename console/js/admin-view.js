// The admin area: automatic assignment, agents, locale check.
import { act, api } from './api-client.js';
import { h, mount } from './dom.js';
import { dt } from './format.js';
import { t } from './texts.js';

export async function renderAdmin() {
  const [agents, locales, assignment] = await Promise.all([api('GET', '/admin/agents'), api('GET', '/admin/locales'), api('GET', '/admin/assignment')]);
  const auto = h('input', { type: 'checkbox', id: 'auto-assign', checked: assignment.auto });
  const capacity = h('input', { type: 'number', id: 'auto-capacity', min: '1', max: String(assignment.maxCapacity), value: String(assignment.capacity), inputmode: 'numeric' });
  const assignCard = h('form', { class: 'card', id: 'assignment', onsubmit: async (e) => {
    e.preventDefault();
    await act(() => api('POST', '/admin/assignment', { auto: auto.checked, capacity: Number(capacity.value) }), t('admin.assignmentSaved')).catch(() => {});
  } },
  h('h2', {}, t('admin.assignment')),
  h('label', { class: 'inline' }, auto, ' ', t('admin.autoAssign')),
  h('p', { class: 'small' }, t('admin.autoAssignHint')),
  h('label', { for: 'auto-capacity' }, t('admin.capacity')), capacity,
  h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'assignment-save' }, t('admin.save'))));
  const table = h('table', { id: 'agents' },
    h('thead', {}, h('tr', {}, h('th', {}, t('admin.name')), h('th', {}, t('admin.login')), h('th', {}, t('admin.role')), h('th', {}, t('admin.lastLogin')), h('th', {}, t('admin.holding')))),
    h('tbody', {}, agents.agents.map((a) => h('tr', {},
      h('td', {}, a.name, a.active ? '' : ` (${t('admin.inactive')})`), h('td', {}, a.id), h('td', {}, t(`role.${a.role}`)), h('td', {}, dt(a.lastLoginAt)), h('td', {}, String(a.holding))))));
  let localeView;
  if (!locales.available) localeView = h('p', { class: 'muted', id: 'locale-status' }, t('admin.localesUnavailable'));
  else {
    const errs = (locales.status && locales.status.errors) || [];
    localeView = errs.length
      ? h('ul', { class: 'plain', id: 'locale-status' }, errs.map((p) => h('li', {}, t('admin.localeProblem', { file: p.file, key: p.key, reason: p.reason }))))
      : h('p', { id: 'locale-status' }, t('admin.localesOk'));
  }
  mount(
    assignCard,
    h('section', { class: 'card' }, h('h2', {}, t('admin.agents')), h('div', { class: 'scroll' }, table), h('p', { class: 'small' }, t('admin.addAgentHint'))),
    h('section', { class: 'card' }, h('h2', {}, t('admin.locales')), localeView),
  );
}
