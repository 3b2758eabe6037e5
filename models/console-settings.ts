import { Schema, Connection, Model } from 'mongoose';

/** How new hand-offs reach agents: taken by hand, or also handed out in turn to agents online. */
export interface AssignmentSettings {
  auto: boolean;
  /** Cases one agent holds at most before automatic assignment skips them. */
  capacity: number;
}

export const DEFAULT_ASSIGNMENT: AssignmentSettings = { auto: false, capacity: 3 };
export const MAX_CAPACITY = 50;

interface SettingsDoc extends AssignmentSettings {
  _id: 'assignment';
  updatedBy?: string;
  updatedAt?: Date;
}

const schema = new Schema<SettingsDoc>(
  {
    _id: { type: String, required: true },
    auto: { type: Boolean, required: true },
    capacity: { type: Number, required: true, min: 1, max: MAX_CAPACITY },
    updatedBy: String,
    updatedAt: Date,
  },
  { collection: 'console_settings', versionKey: false },
);

function settingsModel(conn: Connection): Model<SettingsDoc> {
  return (conn.models.ConsoleSettings as Model<SettingsDoc>) ?? conn.model<SettingsDoc>('ConsoleSettings', schema);
}

export async function readAssignmentSettings(conn: Connection): Promise<AssignmentSettings> {
  const doc = await settingsModel(conn).findById('assignment').lean<SettingsDoc>();
  return doc ? { auto: doc.auto, capacity: doc.capacity } : { ...DEFAULT_ASSIGNMENT };
}

export async function writeAssignmentSettings(conn: Connection, s: AssignmentSettings, by: string, at: Date): Promise<void> {
  await settingsModel(conn).updateOne({ _id: 'assignment' }, { $set: { ...s, updatedBy: by, updatedAt: at } }, { upsert: true, runValidators: true });
}
