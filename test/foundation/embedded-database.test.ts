import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { FERRETDB_BINARY, FERRETDB_GOGC, startFerretdb, type EmbeddedDatabase } from '../../bot/embedded-database/ferretdb';

/** Inodes of the TCP sockets listening on this machine (IPv4 and IPv6). */
function tcpListeners(): Set<string> {
  const out = new Set<string>();
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(f, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] === '0A') out.add(cols[9]); // state LISTEN, inode
    }
  }
  return out;
}

const socketInodes = (pid: number) =>
  readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
    const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
    return m ? [m[1]] : [];
  });

// The embedded database has no accounts: whoever reaches it reads and writes every ticket.
describe('the embedded database is reachable by its owner only', function () {
  this.timeout(30_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qpal-edb-'));
  let db: EmbeddedDatabase | undefined;
  after(async () => {
    await db?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('listens on a socket in its own 0700 folder and on no TCP port; the driver reaches it there', async () => {
    db = await startFerretdb(path.join(dir, 'db'));
    const socket = decodeURIComponent(new URL(db.uri).host);
    expect(socket).to.equal(path.join(dir, 'db', 'ferretdb.sock'));
    expect(statSync(socket).isSocket()).to.equal(true);
    expect(statSync(path.join(dir, 'db')).mode & 0o777).to.equal(0o700);
    const listening = tcpListeners();
    expect(socketInodes(db.process.pid!).filter((i) => listening.has(i)), 'TCP listeners of the database').to.deep.equal([]);
    const conn = await mongoose.createConnection(`${db.uri}edb`, { retryWrites: false }).asPromise();
    try {
      await conn.collection('x').insertOne({ _id: 'a' as never, n: 1 });
      expect(await conn.collection('x').findOne({ _id: 'a' as never })).to.include({ n: 1 });
    } finally {
      await conn.close();
    }
  });

  it('falls back to loopback TCP for a folder whose path is too long for a socket', async () => {
    const deep = await startFerretdb(path.join(dir, 'x'.repeat(110)));
    try {
      expect(deep.uri).to.match(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    } finally {
      await deep.stop();
    }
  });
});

const goEnv = (pid: number, name: string) =>
  readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').find((v) => v.startsWith(`${name}=`))?.slice(name.length + 1);

// FerretDB spends much of its CPU in Go's collector at the default GOGC (see FERRETDB_GOGC).
describe('the embedded database runs with a lighter garbage collector setting', function () {
  this.timeout(30_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qpal-edb-gc-'));
  const saved = process.env.GOGC;
  afterEach(() => {
    if (saved === undefined) delete process.env.GOGC;
    else process.env.GOGC = saved;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it(`starts FerretDB with GOGC=${FERRETDB_GOGC} when the operator set none`, async () => {
    delete process.env.GOGC;
    const db = await startFerretdb(path.join(dir, 'a'));
    try {
      expect(goEnv(db.process.pid!, 'GOGC')).to.equal(FERRETDB_GOGC);
    } finally {
      await db.stop();
    }
  });

  it("keeps the operator's GOGC", async () => {
    process.env.GOGC = '150';
    const db = await startFerretdb(path.join(dir, 'b'));
    try {
      expect(goEnv(db.process.pid!, 'GOGC')).to.equal('150');
    } finally {
      await db.stop();
    }
  });
});

// scripts/ferretdb/patches/resource.go: FerretDB's leak tracker walks the stack for every
// iterator and cursor, about a tenth of its CPU, and panics the database on a leak it finds.
describe('the embedded database is built with the patched FerretDB', () => {
  it("has no leak tracker (the tracker's panic message is not in the binary)", () => {
    expect(readFileSync(FERRETDB_BINARY).includes('has not been finalized')).to.equal(false);
  });
});
