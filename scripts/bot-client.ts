// Talks to the bot's /api/messages with deliveryMode "expectReplies", so the replies come back in
// the HTTP response and no callback server is needed (terminal chat, tests, benchmark).

export interface Reply {
  text: string;
  choices: string[];
  raw: Record<string, unknown>;
}

export interface SendOptions {
  channelId?: string;
  userId?: string;
  userName?: string;
  value?: unknown;
  attachments?: Array<{ contentType: string; contentUrl?: string; name?: string }>;
  locale?: string;
  /** Where the channel receives messages sent outside a turn (agents' replies); unused by default. */
  serviceUrl?: string;
}

let seq = 0;

/** A customer's message activity as a Bot Framework client posts it (expectReplies). */
export function messageActivity(conversationId: string, text: string, opts: SendOptions & { id?: string } = {}) {
  seq += 1;
  return {
    type: 'message',
    id: opts.id ?? `${conversationId}-${Date.now()}-${seq}`,
    timestamp: new Date().toISOString(),
    channelId: opts.channelId ?? 'cli',
    serviceUrl: opts.serviceUrl ?? 'http://127.0.0.1:9/unused',
    deliveryMode: 'expectReplies',
    locale: opts.locale ?? 'vi-VN',
    conversation: { id: conversationId },
    from: { id: opts.userId ?? `user-${conversationId}`, name: opts.userName ?? 'Khách' },
    recipient: { id: 'qpal-bot', name: 'Qpal' },
    text,
    value: opts.value,
    attachments: opts.attachments,
  };
}

export async function sendToBot(baseUrl: string, conversationId: string, text: string, opts: SendOptions = {}): Promise<Reply[]> {
  const activity = messageActivity(conversationId, text, opts);
  const res = await fetch(`${baseUrl.replace(/\/$/, '')}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  if (res.status !== 200) throw new Error(`bot answered HTTP ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { activities?: Array<Record<string, unknown>> };
  return (body.activities ?? [])
    .filter((a) => a.type === 'message')
    .map((a) => {
      const actions = (a.suggestedActions as { actions?: Array<{ title?: string; value?: unknown }> } | undefined)?.actions ?? [];
      return { text: String(a.text ?? ''), choices: actions.map((x) => String(x.title ?? x.value)), raw: a };
    });
}
