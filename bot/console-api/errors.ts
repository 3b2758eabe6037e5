/** An answer the console shows the agent: HTTP status + a code its texts translate (errors.<code>). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(code);
    this.name = 'ApiError';
  }
}
