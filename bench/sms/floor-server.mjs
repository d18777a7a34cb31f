/**
 * The raw baseline of the SMS benchmark: the least a Node.js process must do to meet the
 * issue's durability and tracking rules on this machine, written without the product.
 *
 * - HTTP: node:http, `POST /api/sms/messages` with `{to, text, key}` (the same requests the
 *   loader sends ours), no sessions, no audit, no validation beyond the three fields.
 * - Durable before the answer: the requests of one tick are inserted in one transaction on
 *   SQLite (better-sqlite3, WAL), a key seen before inserts nothing; each gets its 200 once
 *   the WAL is fdatasynced. The fsync runs on libuv's thread pool, shared by every commit made
 *   while the one before ran (group commit), so the event loop never waits for the disk; the
 *   connection itself runs synchronous=NORMAL (commits write the WAL without an fsync).
 * - SMPP: one bind_transceiver with the `smpp` package (as ours), window 16, UCS-2 with the
 *   signature in front (as ours), a receipt asked for every part.
 * - Tracking: the submit_sm_resp's message id and time, and the receipt's stat and time, are
 *   written to the message's row, batched per tick; the receipt is matched by the centre's id
 *   and acknowledged once durable. The outcome is acknowledged to nobody, so it waits for no
 *   fsync (the next one covers it: the WAL is written in order).
 *
 * Left out, on purpose: everything else the product does per part (compliance, routing,
 * parts as rows of their own, message states, retries and expiry, search indexes, audit,
 * session and roles, UUIDs, the query builder). Its figures are the floor ours could reach
 * by removing all of that, measured in the same run against the same loader and centre.
 *
 * Env: DB (SQLite file), PORT, SMSC (host:port), SMSC_USER, SMSC_PASSWORD. Prints "ready" once
 * bound.
 */
import fs from 'node:fs';
import http from 'node:http';
import Database from 'better-sqlite3';
import smpp from 'smpp';

const WINDOW = 16;
const SIGNATURE = '【一卡通】';

const db = new Database(process.env.DB);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(`create table if not exists msg (
  id integer primary key, key text not null unique, to_msisdn text not null, text text not null,
  status text not null, created_at integer not null, submitted_at integer, gw_id text, accepted_at integer,
  stat text, done_at integer)`);
db.exec('create index if not exists msg_gw on msg (gw_id)');
const insert = db.prepare('insert into msg (key, to_msisdn, text, status, created_at) values (?, ?, ?, ?, ?) on conflict (key) do nothing returning id');
const accepted = db.prepare("update msg set status = 'accepted', submitted_at = ?, gw_id = ?, accepted_at = ? where id = ?");
const reported = db.prepare('update msg set status = ?, stat = ?, done_at = ? where gw_id = ?');
const intake = db.transaction((items, now) => items.map((it) => insert.get(it.key, it.to, it.text, 'queued', now)?.id ?? null));
const outcomes = db.transaction((rows) => {
  for (const r of rows) {
    accepted.run(r.submittedAt, r.gwId, r.at, r.id);
  }
});
const receipts = db.transaction((rows) => {
  for (const r of rows) {
    reported.run(r.stat === 'DELIVRD' ? 'delivered' : 'failed', r.stat, r.at, r.gwId);
  }
});

/** Runs `fn(list)` once per tick for what was pushed during it. */
function perTick(fn) {
  let list = [];
  return (item) => {
    if (list.length === 0) {
      setImmediate(() => {
        const l = list;
        list = [];
        fn(l);
      });
    }
    list.push(item);
  };
}

const waiting = perTick((batch) => {
  const ids = intake(batch, Date.now());
  afterSync(() => {
    batch.forEach((b, i) => {
      b.res.writeHead(200, { 'content-type': 'application/json' });
      b.res.end(JSON.stringify({ id: ids[i], replay: ids[i] === null }));
      if (ids[i] !== null) {
        outbox.push({ id: ids[i], to: b.to, text: b.text });
      }
    });
    pump();
  });
});
/** Group commit: `then` runs once an fdatasync that started after the call has finished. */
let walFd = null;
let syncing = false;
let next = [];
function afterSync(then) {
  next.push(then);
  if (!syncing) {
    startSync();
  }
}
function startSync() {
  syncing = true;
  const these = next;
  next = [];
  walFd ??= fs.openSync(`${process.env.DB}-wal`, 'r');
  fs.fdatasync(walFd, (e) => {
    if (e) {
      process.stderr.write(`fdatasync: ${e.message}\n`);
      process.exit(1);
    }
    syncing = false;
    for (const f of these) {
      f();
    }
    if (next.length > 0) {
      startSync();
    }
  });
}

const acceptedLater = perTick(outcomes);
/** A receipt is acknowledged to the centre only once it is durable, as an MO is. */
const reportedLater = perTick((rows) => {
  receipts(rows);
  afterSync(() => {
    for (const r of rows) {
      session.send(r.pdu.response());
    }
  });
});

const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/api/sms/messages') {
    res.writeHead(404).end();
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let m;
    try {
      m = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (typeof m.to !== 'string' || typeof m.text !== 'string' || typeof m.key !== 'string') {
      res.writeHead(400).end();
      return;
    }
    waiting({ to: m.to, text: m.text, key: m.key, res });
  });
});

const outbox = [];
let inFlight = 0;
const [host, port] = process.env.SMSC.split(':');
const session = smpp.connect({ host, port: Number(port) });

function pump() {
  while (inFlight < WINDOW && outbox.length > 0) {
    const m = outbox.shift();
    inFlight += 1;
    const submittedAt = Date.now();
    session.submit_sm(
      {
        source_addr: '10657099',
        destination_addr: m.to,
        registered_delivery: 1,
        data_coding: 8,
        short_message: Buffer.from(SIGNATURE + m.text, 'utf16le').swap16(),
      },
      (resp) => {
        inFlight -= 1;
        if (resp.command_status === 0) {
          acceptedLater({ id: m.id, submittedAt, gwId: resp.message_id, at: Date.now() });
        } else {
          outbox.push(m);
        }
        pump();
      },
    );
  }
}

session.on('deliver_sm', (pdu) => {
  const text = Buffer.from(pdu.short_message?.message ?? pdu.short_message ?? '').toString('latin1');
  const gwId = pdu.receipted_message_id ?? /id:(\S+)/.exec(text)?.[1];
  const stat = /stat:(\S+)/.exec(text)?.[1] ?? 'UNKNOWN';
  if (gwId) {
    reportedLater({ gwId, stat, at: Date.now(), pdu });
  } else {
    session.send(pdu.response());
  }
});
session.on('error', (e) => {
  process.stderr.write(`smpp: ${e.message}\n`);
  process.exit(1);
});

session.on('connect', () => {
  session.bind_transceiver({ system_id: process.env.SMSC_USER, password: process.env.SMSC_PASSWORD }, (pdu) => {
    if (pdu.command_status !== 0) {
      process.stderr.write(`bind: ${pdu.command_status}\n`);
      process.exit(1);
    }
    server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
  });
});

process.on('SIGTERM', () => {
  session.close();
  server.close();
  db.close();
  process.exit(0);
});
