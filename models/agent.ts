import { Schema, Connection, Model } from 'mongoose';

/** Who may use the agent console: agents handle conversations; admins also see the admin area. */
export const AGENT_ROLES = ['agent', 'admin'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

export interface AgentDoc {
  /** Login name, lower case (`lan`, `minh.tran`): what the ticket history records as `agent:<id>`. */
  _id: string;
  /** Shown to other agents ("held by …"). */
  displayName: string;
  role: AgentRole;
  /** argon2id, never the password. */
  passwordHash: string;
  active: boolean;
  lastLoginAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<AgentDoc>(
  {
    _id: { type: String, required: true },
    displayName: { type: String, required: true },
    role: { type: String, enum: AGENT_ROLES, required: true },
    passwordHash: { type: String, required: true },
    active: { type: Boolean, default: true },
    lastLoginAt: Date,
  },
  { collection: 'console_agents', timestamps: true, versionKey: false },
);

export function agentModel(conn: Connection): Model<AgentDoc> {
  return (conn.models.ConsoleAgent as Model<AgentDoc>) ?? conn.model<AgentDoc>('ConsoleAgent', schema);
}

/** Login names: letters, digits, dot, dash, underscore; 2-40 characters; case-insensitive. */
export const AGENT_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{1,39}$/;

export function normaliseAgentId(name: string): string {
  return name.trim().toLowerCase();
}
