// The Bot Framework connector client (botframework-connector over @azure/core-http-compat) sets no
// timeout of its own: a serviceUrl that accepts and never answers would hold the conversation's
// turn queue for ever. This request policy gives every connector request a deadline.

interface WebResourceLike {
  timeout: number;
}
interface RequestPolicyLike {
  sendRequest(request: WebResourceLike): Promise<unknown>;
}

export function connectorTimeoutPolicy(timeoutMs: number) {
  return {
    create(nextPolicy: RequestPolicyLike): RequestPolicyLike {
      return {
        sendRequest(request: WebResourceLike) {
          if (!request.timeout || request.timeout > timeoutMs) request.timeout = timeoutMs;
          return nextPolicy.sendRequest(request);
        },
      };
    },
  };
}
