import type { IncomingMessage } from 'node:http';

// What the local Graph API and Zalo OpenAPI servers share: reading a request body, and counting
// characters as the platforms do (code points, not UTF-16 units).

export const chars = (s: string) => [...s].length;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
