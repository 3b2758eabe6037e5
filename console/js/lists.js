// The lists the forms offer (resolutions, situations, phone-ticket fields), as the server declares
// them (GET /console/api/lists): codes only, each shown through its locale key (resolution.<code>,
// situation.<code>, field.<name>).
import { api } from './api-client.js';

export const lists = { resolutions: [], situations: [], phoneTicketFields: [] };

export async function loadLists() {
  const r = await api('GET', '/lists');
  lists.resolutions = r.resolutions;
  lists.situations = r.situations;
  lists.phoneTicketFields = r.phoneTicketFields;
}
