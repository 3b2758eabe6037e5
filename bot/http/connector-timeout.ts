// The Bot Framework connector client sets no deadline of its own: a serviceUrl that accepts and never
// answers would hold the conversation's turn queue for ever (replies with deliveryMode "normal", and
// agents' later proactive replies through continueConversationAsync).
//
// botframework-connector's ConnectorFactoryImpl overwrites any requestPolicyFactories passed in the
// connector client options, so a policy given there never runs. Instead every ConnectorClient this
// authentication creates gets one pipeline policy that aborts the whole operation, retries included,
// once the deadline has passed (core-rest-pipeline honours request.abortSignal).

import { ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import type { Activity } from 'botbuilder';
import type { AuthenticateRequestResult, ClaimsIdentity, ConnectorClient, ConnectorFactory } from 'botframework-connector';

interface PipelineLike {
  addPolicy(policy: { name: string; sendRequest(request: RequestLike, next: (r: RequestLike) => Promise<unknown>): Promise<unknown> }): void;
}
interface RequestLike {
  abortSignal?: AbortSignal;
  timeout?: number;
}

export const CONNECTOR_DEADLINE_POLICY = 'qpalConnectorDeadline';

/** Gives every request of this client (and its retries, together) at most timeoutMs. */
export function addConnectorDeadline(client: ConnectorClient, timeoutMs: number): ConnectorClient {
  // ServiceClientContext keeps its core-client ServiceClient in a private field.
  const pipeline = (client as unknown as { client?: { pipeline?: PipelineLike } }).client?.pipeline;
  if (!pipeline) throw new Error('connector client has no request pipeline: the connector timeout cannot be set');
  pipeline.addPolicy({
    name: CONNECTOR_DEADLINE_POLICY,
    sendRequest(request, next) {
      const deadline = AbortSignal.timeout(timeoutMs);
      request.abortSignal = request.abortSignal ? AbortSignal.any([request.abortSignal, deadline]) : deadline;
      if (!request.timeout || request.timeout > timeoutMs) request.timeout = timeoutMs;
      return next(request);
    },
  });
  return client;
}

class DeadlineConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly timeoutMs: number,
  ) {}

  async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return addConnectorDeadline(await this.inner.create(serviceUrl, audience), this.timeoutMs);
  }
}

/** The adapter's authentication, whose connector clients all give up after timeoutMs. */
export class TimedBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    options: ConfigurationBotFrameworkAuthenticationOptions,
    private readonly timeoutMs: number,
  ) {
    super(options);
  }

  private timed(factory: ConnectorFactory): ConnectorFactory {
    return new DeadlineConnectorFactory(factory, this.timeoutMs) as unknown as ConnectorFactory;
  }

  // Proactive turns (continueConversationAsync: agents' replies) take their factory from here.
  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.timed(super.createConnectorFactory(claimsIdentity));
  }

  // Incoming activities get a factory built inside authenticateRequest, not through the method above.
  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(activity, authHeader);
    if (result.connectorFactory) result.connectorFactory = this.timed(result.connectorFactory);
    return result;
  }

  override async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateStreamingRequest(authHeader, channelIdHeader);
    if (result.connectorFactory) result.connectorFactory = this.timed(result.connectorFactory);
    return result;
  }
}
