// A complaint taken on the phone: the same fields as the chat asks (the list comes from the API).
import { api } from './api-client.js';
import { h, mount } from './dom.js';
import { lists } from './lists.js';
import { state } from './state.js';
import { errorText, flash } from './notices.js';
import { t } from './texts.js';

export function renderPhoneForm() {
  const inputs = {};
  const errors = {};
  const rows = lists.phoneTicketFields.map((f) => {
    let input;
    if (f === 'situation') input = h('select', { id: `pf-${f}`, name: f }, h('option', { value: '' }, t('phoneForm.choose')), lists.situations.map((s) => h('option', { value: s }, t(`situation.${s}`))));
    else if (f === 'statusText') input = h('textarea', { id: `pf-${f}`, name: f });
    else input = h('input', { id: `pf-${f}`, name: f, type: f === 'email' ? 'email' : f === 'phone' ? 'tel' : 'text', inputmode: f === 'denomination' ? 'numeric' : undefined });
    inputs[f] = input;
    errors[f] = h('div', { class: 'field-error', id: `pf-${f}-error` });
    const hint = f === 'transactionAt' ? t('phoneForm.transactionAtHint') : f === 'statusText' ? t('phoneForm.statusTextHint') : f === 'email' ? t('phoneForm.emailHint') : '';
    return h('div', {}, h('label', { for: `pf-${f}` }, t(`field.${f}`), hint ? h('span', { class: 'hint' }, ` · ${hint}`) : null), input, errors[f]);
  });
  const form = h('form', { class: 'card', id: 'phone-form', onsubmit: async (e) => {
    e.preventDefault();
    for (const f of lists.phoneTicketFields) {
      errors[f].textContent = '';
      inputs[f].classList.remove('invalid');
    }
    const body = { ...Object.fromEntries(lists.phoneTicketFields.map((f) => [f, inputs[f].value])), lang: state.lang };
    try {
      const r = await api('POST', '/tickets', body);
      // What the procedure decided (closed, handed off, a question to ask), in this language.
      flash(r.message || t('phoneForm.created', { code: r.code }), false, 15000);
      location.hash = `#/case/${encodeURIComponent(r.code)}`;
    } catch (err) {
      if (err.code === 'invalid_fields') {
        for (const [f, reason] of Object.entries(err.data.fields || {})) {
          if (!errors[f]) continue;
          errors[f].textContent = t(`fieldErrors.${reason}`);
          inputs[f].classList.add('invalid');
        }
      }
      if (err.status !== 401) flash(errorText(err), true);
    }
  } },
  h('h2', {}, t('phoneForm.title')),
  h('p', { class: 'small' }, t('phoneForm.hint')),
  h('div', { class: 'form-grid' }, rows),
  h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'pf-submit' }, t('phoneForm.submit'))));
  mount(form);
}
