import type { Connection } from 'mongoose';
import { ticketsNamingSerial, ticketsOfPhone } from './ticket-keys';

/**
 * Tickets other than `excludeCode` that name this serial and come from another customer: another
 * phone when both sides have one, otherwise another conversation.
 */
export async function countOtherComplaintsWithSerial(
  conn: Connection,
  serial: string,
  opts: { excludeCode?: string; phone?: string; conversation?: string } = {},
): Promise<number> {
  const naming = await ticketsNamingSerial(conn, serial);
  const others = naming.filter((t) => t.ticketCode !== opts.excludeCode);
  return others.filter((t) => {
    if (opts.phone && t.phone) return t.phone !== opts.phone;
    // Without both phones, only a shared conversation shows it is the same customer.
    return !(opts.conversation && t.conversation === opts.conversation);
  }).length;
}

/** Distinct serials in this phone's tickets created since `since` (the current ticket included). */
export async function countRecentSerialsByPhone(conn: Connection, phone: string, since: Date): Promise<number> {
  const entries = await ticketsOfPhone(conn, phone);
  return new Set(entries.filter((e) => e.at >= since && e.serial).map((e) => e.serial)).size;
}
