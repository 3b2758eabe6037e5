import { expect } from 'chai';
import type { Connection } from 'mongoose';
import { BotEvents } from '../../bot/events';
import { ConversationOwnership } from '../../bot/handoff/ownership';
import { conversationModel, type ConversationOwner } from '../../models/conversation';
import { testConnection } from '../support/database';

// Every change of who answers a conversation, from each owner it may meet: what is stored after,
// whether the change happened, and what the console is told.
type Before = { owner: ConversationOwner; agentId?: string };
type Step = (o: ConversationOwnership, key: string) => Promise<boolean | void>;

const rows: Array<[string, Before, Step, { owner: ConversationOwner; agentId?: string; changed?: boolean; told?: ConversationOwner }]> = [
  ['the machine hands off: bot → queue, announced', { owner: 'bot' }, (o, k) => o.handedOff(k), { owner: 'queue', told: 'queue' }],
  ['hand-back: agent → bot, the agent forgotten, announced', { owner: 'agent', agentId: 'lan' }, (o, k) => o.toBot(k, 'bot'), { owner: 'bot', told: 'bot' }],
  ['Step 4 by an agent: agent → closed, announced', { owner: 'agent', agentId: 'lan' }, (o, k) => o.toBot(k, 'closed'), { owner: 'closed', told: 'closed' }],
  ['a closed chat written to again: closed → bot', { owner: 'closed' }, (o, k) => o.toBot(k, 'bot'), { owner: 'bot', told: 'bot' }],
  ['take from the queue', { owner: 'queue' }, (o, k) => o.take(k, 'lan'), { owner: 'agent', agentId: 'lan', changed: true }],
  ['take a chat another agent has: refused, unchanged', { owner: 'agent', agentId: 'minh' }, (o, k) => o.take(k, 'lan'), { owner: 'agent', agentId: 'minh', changed: false }],
  ['take a chat handed back to the bot: refused', { owner: 'bot' }, (o, k) => o.take(k, 'lan'), { owner: 'bot', changed: false }],
  ['assign from the queue', { owner: 'queue' }, (o, k) => o.toAgent(k, 'lan'), { owner: 'agent', agentId: 'lan', changed: true }],
  ['reassign from the holder', { owner: 'agent', agentId: 'minh' }, (o, k) => o.toAgent(k, 'lan', 'minh'), { owner: 'agent', agentId: 'lan', changed: true }],
  ['reassign from someone who no longer holds it: refused', { owner: 'agent', agentId: 'thu' }, (o, k) => o.toAgent(k, 'lan', 'minh'), { owner: 'agent', agentId: 'thu', changed: false }],
  ['assign a closed chat: refused', { owner: 'closed' }, (o, k) => o.toAgent(k, 'lan'), { owner: 'closed', changed: false }],
  ['release from the holder: back to the queue', { owner: 'agent', agentId: 'lan' }, (o, k) => o.backToQueue(k, 'lan'), { owner: 'queue', changed: true }],
  ['release from someone else: unchanged', { owner: 'agent', agentId: 'minh' }, (o, k) => o.backToQueue(k, 'lan'), { owner: 'agent', agentId: 'minh', changed: false }],
  ['release a chat the bot has again: unchanged', { owner: 'bot' }, (o, k) => o.backToQueue(k, 'lan'), { owner: 'bot', changed: false }],
];

describe('conversation ownership (bot/handoff/ownership.ts)', () => {
  let conn: Connection;
  before(async () => {
    conn = await testConnection('ownership');
  });
  after(() => conn.close());

  rows.forEach(([name, before, step, after], i) => {
    it(name, async () => {
      const key = `test:ownership-${i}`;
      await conversationModel(conn).create({ _id: key, channelId: 'test', conversationId: `ownership-${i}`, reference: { channelId: 'test' }, ...before });
      const events = new BotEvents();
      const told: Array<{ conversation: string; owner: string }> = [];
      events.on('owner', (e) => told.push(e));
      const result = await step(new ConversationOwnership(conn, events), key);
      const doc = await conversationModel(conn).findById(key).lean();
      expect({ owner: doc?.owner, agentId: doc?.agentId }).to.deep.equal({ owner: after.owner, agentId: after.agentId });
      if (after.changed !== undefined) expect(result).to.equal(after.changed);
      // take/assign/release are announced by the console with the ticket; the turn's changes at once.
      expect(told).to.deep.equal(after.told ? [{ conversation: key, owner: after.told, agentId: undefined }] : []);
    });
  });
});
