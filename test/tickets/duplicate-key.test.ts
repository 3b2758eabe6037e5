import { expect } from 'chai';
import type { Connection } from 'mongoose';
import { testConnection } from '../support/database';
import { isDuplicateKey } from '../../models/duplicate-key';

// Every "first insert wins" write (ticket codes, leases, deliveries, take-overs) reads the
// database's refusal through this one check, so it is tested against the real database.
describe('duplicate-key check', () => {
  let conn: Connection;
  before(async () => {
    conn = await testConnection('duplicate_key');
  });
  after(async () => {
    await conn.close();
  });

  it('recognises the refusal of a second insert with the same _id, and nothing else', async () => {
    const c = conn.collection('dups');
    await c.insertOne({ _id: 'one' as never });
    const refusal = await c.insertOne({ _id: 'one' as never }).then(() => undefined, (err: unknown) => err);
    expect(refusal, 'the second insert must fail').to.not.equal(undefined);
    expect(isDuplicateKey(refusal)).to.equal(true);
    const other = await conn.db!.command({ noSuchCommand: 1 }).then(() => undefined, (err: unknown) => err);
    expect(other, 'an unknown command must fail').to.not.equal(undefined);
    expect(isDuplicateKey(other)).to.equal(false);
    expect(isDuplicateKey(null)).to.equal(false);
    expect(isDuplicateKey(new Error('E11000 in a message only'))).to.equal(false);
  });
});
