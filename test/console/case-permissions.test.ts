import { expect } from 'chai';
import { casePermissions, type CaseFacts, type CasePermissions } from '../../bot/console-api/case-permissions';

// Who may do what with a case, one row per situation an agent meets in the console.
const lan = { id: 'lan', role: 'agent' as const };
const minh = { id: 'minh', role: 'agent' as const };
const hoa = { id: 'hoa', role: 'admin' as const };

const none: CasePermissions = { view: true, note: true, take: false, reply: false, resolve: false, handBack: false, call: false, closeByPhone: false, release: false, assign: false };
const waitingChat: CaseFacts = { status: 'waiting_agent', fromChat: true, live: { owner: 'queue' }, takenBy: null };
const takenByLan: CaseFacts = { status: 'waiting_agent', fromChat: true, live: { owner: 'agent', agentId: 'lan' }, takenBy: 'lan' };
const chatGone: CaseFacts = { status: 'waiting_agent', fromChat: true, live: null, takenBy: 'lan' };
const phoneTicket: CaseFacts = { status: 'waiting_agent', fromChat: false, live: null, takenBy: null };

const rows: Array<[string, { id: string; role: 'agent' | 'admin' }, CaseFacts, Partial<CasePermissions>]> = [
  ['a waiting chat nobody took: any agent may take it or call', lan, waitingChat, { take: true, call: true }],
  ['a waiting chat nobody took, for an admin: take, call, assign', hoa, waitingChat, { take: true, call: true, assign: true }],
  ['the holder in the chat: reply, resolve, hand back, call', lan, takenByLan, { reply: true, resolve: true, handBack: true, call: true }],
  ['another agent on a taken case: only view and note', minh, takenByLan, {}],
  ['an admin on a taken case: call, release, assign, but not reply for the holder', hoa, takenByLan, { call: true, release: true, assign: true }],
  ['the holder after the customer left the chat: call and close by phone, no reply', lan, chatGone, { call: true, closeByPhone: true }],
  ['another agent after the customer left a taken case: nothing', minh, chatGone, {}],
  ['a phone ticket nobody holds: take, call, close by phone', lan, phoneTicket, { take: true, call: true, closeByPhone: true }],
  ['a chat an agent owns without a take (the conversation moved on): no take', lan, { ...waitingChat, live: { owner: 'agent', agentId: 'minh' } }, { call: true }],
  ['a chat whose hand-off is over (newer complaint): no take', lan, { ...waitingChat, live: null }, { call: true, closeByPhone: true }],
  ['a closed ticket: a confirmation call only', lan, { ...takenByLan, status: 'closed', live: null }, { call: true }],
  ['a closed ticket, for an admin: a call, no release or assign', hoa, { ...takenByLan, status: 'closed', live: null }, { call: true }],
  ['a cancelled ticket: nothing', hoa, { status: 'cancelled', fromChat: true, live: null, takenBy: null }, {}],
  ['a ticket still open with the bot: only a call', lan, { status: 'open', fromChat: true, live: null, takenBy: null }, { call: true }],
];

describe('casePermissions', () => {
  for (const [name, agent, facts, allowed] of rows) {
    it(name, () => {
      expect(casePermissions(agent, facts)).to.deep.equal({ ...none, ...allowed });
    });
  }
});
