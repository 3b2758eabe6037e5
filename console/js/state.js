// What the console knows right now: who is signed in, the route, the case shown, drafts, live state.

export const state = {
  lang: localStorage.getItem('qpal.console.lang') === 'en' ? 'en' : 'vi',
  texts: {},
  me: null,
  csrf: null,
  route: { name: 'queue', arg: 'waiting' },
  caseData: null,
  drafts: { reply: '', note: '', resolveResolution: { code: '', value: '' }, resolveMessage: '', callNote: '' },
  panel: null, // 'resolve' | 'call' | null
  events: null,
  online: undefined, // live event stream: true / false (retrying) / not started
  summary: null, // { counts, waiting: [code], mine: [{ code, conversation }] } from /queue/summary
  unread: {}, // conversation key → customer messages on a held case not yet seen
  tookCode: null, // a case this agent just took: not "new work" for them
};
