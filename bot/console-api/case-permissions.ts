import type { TicketStatus } from '../../machines/complaint/types';
import type { Agent } from './auth';

/** What decides who may do what with a case; the queries in cases.ts gather it. */
export interface CaseFacts {
  status: TicketStatus;
  /** The ticket came from a chat (a phone ticket has no conversation). */
  fromChat: boolean;
  /** The chat of this ticket's hand-off while a person has it (see ConsoleCases.liveConversation). */
  live?: { owner: 'queue' | 'agent'; agentId?: string } | null;
  /** The agent who took the case, if anyone has. */
  takenBy?: string | null;
}

export interface CasePermissions {
  /** Every signed-in agent sees every case, and may add an internal note. */
  view: boolean;
  note: boolean;
  /** Take a waiting case nobody has taken, while its chat waits in the queue. */
  take: boolean;
  /** Only the agent who took the case, while the chat is theirs. */
  reply: boolean;
  resolve: boolean;
  handBack: boolean;
  /** Record a Step 4 call: anyone on a case nobody has, its holder, or an admin. */
  call: boolean;
  /** Close by phone: as `call`, on a waiting case whose customer is no longer in the chat. */
  closeByPhone: boolean;
  /** Admins: free a case from its holder, or give it to an agent. */
  release: boolean;
  assign: boolean;
}

/** Who may do what with a case: pure, from the facts the queries read. */
export function casePermissions(agent: Pick<Agent, 'id' | 'role'>, c: CaseFacts): CasePermissions {
  const waiting = c.status === 'waiting_agent';
  const admin = agent.role === 'admin';
  const holder = !!c.takenBy && c.takenBy === agent.id;
  const inChat = !!c.live && c.live.owner === 'agent' && c.live.agentId === agent.id && holder;
  const mayCall = !c.takenBy || holder || admin;
  return {
    view: true,
    note: true,
    take: waiting && !c.takenBy && (!c.fromChat || c.live?.owner === 'queue'),
    reply: inChat,
    resolve: inChat,
    handBack: inChat,
    call: c.status !== 'cancelled' && mayCall,
    closeByPhone: waiting && !c.live && mayCall,
    release: admin && !!c.takenBy && waiting,
    assign: admin && waiting,
  };
}
