// What an agent does on a case: reply, assign, resolve, record a phone call.
import { act, api } from './api-client.js';
import { h } from './dom.js';
import { lists } from './lists.js';
import { render } from './router.js';
import { state } from './state.js';
import { t } from './texts.js';

export function composer(c) {
  const text = h('textarea', { id: 'reply-text', placeholder: t('composer.placeholder'), value: state.drafts.reply, oninput: (e) => (state.drafts.reply = e.target.value) });
  text.addEventListener('keydown', (e) => {
    // Ctrl+Enter (⌘+Enter) sends; "/" in an empty box opens the canned replies.
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      text.form.requestSubmit();
    } else if (e.key === '/' && !text.value) {
      e.preventDefault();
      canned.focus();
      if (typeof canned.showPicker === 'function') {
        try {
          canned.showPicker();
        } catch {
          // not allowed without a gesture in some browsers: focused is enough
        }
      }
    }
  });
  const canned = h('select', { id: 'canned', 'aria-label': t('composer.canned'), onchange: (e) => {
    const r = c.canned.find((x) => x.id === e.target.value);
    if (r) {
      text.value = r.text;
      state.drafts.reply = r.text;
      text.focus();
    }
    e.target.value = '';
  } }, h('option', { value: '' }, t('composer.canned')), c.canned.map((r) => h('option', { value: r.id }, r.title)));
  const send = h('button', { type: 'submit', id: 'reply-send' }, t('composer.send'));
  return h('form', { class: 'composer', onsubmit: async (e) => {
    e.preventDefault();
    send.disabled = true;
    try {
      await act(() => api('POST', `/cases/${c.ticket.code}/reply`, { text: text.value }), t('composer.sent'));
      state.drafts.reply = '';
      text.value = '';
    } catch {
      // kept in the box: the customer did not get it (flash says why)
    } finally {
      send.disabled = false;
    }
  } }, text, h('div', { class: 'buttons' }, canned, send));
}

/** Admins: give the case to an agent (or move it from its holder). */
export async function assignControl(c) {
  const r = await api('GET', '/admin/agents').catch(() => ({ agents: [] }));
  const sel = h('select', { id: 'assign-agent', 'aria-label': t('assign.label') },
    h('option', { value: '' }, t('assign.choose')),
    r.agents.filter((a) => a.active).map((a) => h('option', { value: a.id, selected: c.heldBy && c.heldBy.id === a.id }, t('assign.option', { name: a.name, holding: a.holding }))));
  return h('form', { class: 'assign', id: 'assign-form', onsubmit: async (e) => {
    e.preventDefault();
    if (!sel.value) return;
    const name = sel.selectedOptions[0] ? sel.selectedOptions[0].textContent : '';
    await act(() => api('POST', `/cases/${c.ticket.code}/assign`, { agent: sel.value }), t('assign.done', { name })).catch(() => {});
    await render();
  } }, sel, h('button', { type: 'submit', class: 'secondary', id: 'assign-submit' }, c.heldBy ? t('assign.reassign') : t('assign.assign')));
}

export function togglePanel(name) {
  state.panel = state.panel === name ? null : name;
  void render();
}

export function resolutionSelect(id, withEmpty) {
  return h('select', { id }, withEmpty ? h('option', { value: '' }, withEmpty) : null, lists.resolutions.map((r) => h('option', { value: r }, t(`resolution.${r}`))));
}

export function resolvePanel(c) {
  const sel = resolutionSelect('resolve-resolution', t('resolveForm.choose'));
  sel.required = true;
  // Kept across live re-renders of this case (never carried to another case: nothing preselected).
  const chosen = state.drafts.resolveResolution;
  sel.value = chosen.code === c.ticket.code ? chosen.value : '';
  const msg = h('textarea', { id: 'resolve-message', value: state.drafts.resolveMessage, oninput: (e) => (state.drafts.resolveMessage = e.target.value) });
  // What the customer will read, as the bot will send it (Step 4), for the chosen resolution.
  const preview = h('div', { class: 'preview', id: 'resolve-preview', 'aria-live': 'polite' });
  const showPreview = () => {
    const texts = sel.value && c.step4 ? c.step4[sel.value] : null;
    preview.replaceChildren(...(texts ? [h('div', { class: 'small' }, t('resolveForm.preview')), ...texts.map((x) => h('p', { class: 'msg out' }, x))] : [h('p', { class: 'muted small' }, t('resolveForm.previewNone'))]));
  };
  sel.addEventListener('change', () => {
    state.drafts.resolveResolution = { code: c.ticket.code, value: sel.value };
    showPreview();
  });
  showPreview();
  return h('form', { class: 'panel', id: 'resolve-panel', onsubmit: async (e) => {
    e.preventDefault();
    await act(() => api('POST', `/cases/${c.ticket.code}/resolve`, { resolution: sel.value, message: msg.value }), t('resolveForm.done'))
      .then(() => {
        state.panel = null;
        state.drafts.resolveResolution = { code: '', value: '' };
        state.drafts.resolveMessage = '';
      }, () => {});
    await render();
  } },
  h('h2', {}, t('resolveForm.title')),
  h('label', { for: 'resolve-resolution' }, t('resolveForm.resolution')), sel,
  preview,
  h('label', { for: 'resolve-message' }, t('resolveForm.message')), msg,
  h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'resolve-submit' }, t('resolveForm.submit')), h('button', { type: 'button', class: 'secondary', onclick: () => togglePanel('resolve') }, t('resolveForm.cancel'))));
}

export function callPanel(c) {
  const reached = h('input', { type: 'radio', name: 'reached', id: 'call-reached', value: 'yes', checked: true });
  const notReached = h('input', { type: 'radio', name: 'reached', id: 'call-not-reached', value: 'no' });
  const note = h('textarea', { id: 'call-note', value: state.drafts.callNote, oninput: (e) => (state.drafts.callNote = e.target.value) });
  const close = c.can.closeByPhone ? resolutionSelect('call-resolution', t('callForm.keepOpen')) : null;
  return h('form', { class: 'panel', id: 'call-panel', onsubmit: async (e) => {
    e.preventDefault();
    await act(() => api('POST', `/cases/${c.ticket.code}/calls`, { reached: reached.checked, note: note.value, resolution: close ? close.value || undefined : undefined }), t('callForm.done'))
      .then(() => {
        state.panel = null;
        state.drafts.callNote = '';
      }, () => {});
    await render();
  } },
  h('h2', {}, t('callForm.title')),
  h('div', { class: 'radio' }, h('label', {}, reached, t('callForm.reached')), h('label', {}, notReached, t('callForm.notReached'))),
  h('label', { for: 'call-note' }, t('callForm.note')), note,
  close ? h('label', { for: 'call-resolution' }, t('callForm.closeWith')) : null, close,
  h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'call-submit' }, t('callForm.submit')), h('button', { type: 'button', class: 'secondary', onclick: () => togglePanel('call') }, t('resolveForm.cancel'))));
}
