import { RESOLUTIONS, SITUATIONS } from '../../machines/complaint/types';
import { PHONE_TICKET_FIELDS } from './phone-ticket';

/**
 * The lists the console's forms offer, from their one declaration (the machine's types, the phone
 * ticket's fields). Codes only: the console shows each through its locale key (`resolution.<code>`,
 * `situation.<code>`, `field.<name>` in locales/<lng>/console.json).
 */
export interface ConsoleLists {
  resolutions: readonly string[];
  situations: readonly string[];
  phoneTicketFields: readonly string[];
}

export const consoleLists = (): ConsoleLists => ({
  resolutions: RESOLUTIONS,
  situations: SITUATIONS,
  phoneTicketFields: PHONE_TICKET_FIELDS,
});
