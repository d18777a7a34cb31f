/**
 * Kannel 1.4.5 (bearerbox + smsbox) as the peer, configured as /work/shared/reference/
 * kannel-peer.md gives it: one SMPP transceiver bind to the benchmark's SMS centre, file
 * store on, sendsms with one part per message, no throughput limit, no delivery reports
 * asked for. Each run gets its own folder (config, logs, store) and free ports; both boxes run
 * with `-v 4` (else they write debug output to stderr whatever log-level says).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Sms } from './workload';
import { freePort, spawnProc, stopProc, waitForPort, type Proc } from './procs';
import type { LoadRequest } from './loader';

export const KANNEL_USER = 'benchuser';
const KANNEL_PASSWORD = 'benchpass';

export interface Kannel {
  bearerbox: Proc;
  smsbox: Proc;
  /** http://127.0.0.1:<sendsms-port> */
  url: string;
  pids: number[];
  stop(): Promise<void>;
}

export function kannelConfig(dir: string, ports: { admin: number; smsbox: number; sendsms: number; smsc: number }, systemId: string, password: string): string {
  return `# Kannel 1.4.5 benchmark config (bearerbox + smsbox), loopback only; from kannel-peer.md.
group = core
admin-port = ${ports.admin}
admin-interface = 127.0.0.1
admin-password = benchadmin
status-password = benchadmin
admin-deny-ip = "*.*.*.*"
admin-allow-ip = "127.0.0.1"
smsbox-port = ${ports.smsbox}
smsbox-interface = 127.0.0.1
box-deny-ip = "*.*.*.*"
box-allow-ip = "127.0.0.1"
log-file = "${path.join(dir, 'bearerbox.log')}"
log-level = 4
dlr-storage = internal
store-type = file
store-location = "${path.join(dir, 'kannel.store')}"

group = smsc
smsc = smpp
smsc-id = bench
host = 127.0.0.1
port = ${ports.smsc}
transceiver-mode = true
smsc-username = ${systemId}
smsc-password = ${password}
system-type = ""
interface-version = 34
enquire-link-interval = 30
reconnect-delay = 2
# no \`throughput\` => unlimited

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = ${ports.smsbox}
sendsms-port = ${ports.sendsms}
sendsms-interface = 127.0.0.1
global-sender = 10086
log-file = "${path.join(dir, 'smsbox.log')}"
log-level = 4

group = sendsms-user
username = ${KANNEL_USER}
password = ${KANNEL_PASSWORD}
concatenation = false
max-messages = 1
`;
}

/** Starts both boxes and waits until sendsms listens and the SMPP link is bound. */
export async function startKannel(dir: string, smscPort: number, systemId: string, password: string, bound: () => number): Promise<Kannel> {
  const ports = { admin: await freePort(), smsbox: await freePort(), sendsms: await freePort(), smsc: smscPort };
  const conf = path.join(dir, 'kannel.conf');
  writeFileSync(conf, kannelConfig(dir, ports, systemId, password));
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  const bearerbox = spawnProc('bearerbox', '/usr/sbin/bearerbox', ['-v', '4', conf], { cwd: dir, env });
  let smsbox: Proc | null = null;
  const stop = async () => {
    if (smsbox) {
      await stopProc(smsbox, 'SIGTERM', 5_000);
    }
    await stopProc(bearerbox, 'SIGTERM', 5_000);
  };
  try {
    await waitForPort(ports.smsbox, 15_000, 'bearerbox');
    smsbox = spawnProc('smsbox', '/usr/sbin/smsbox', ['-v', '4', conf], { cwd: dir, env });
    await waitForPort(ports.sendsms, 15_000, 'smsbox');
    const end = Date.now() + 15_000;
    while (bound() < 1) {
      if (Date.now() > end) {
        throw new Error('Kannel did not bind to the SMS centre within 15 s');
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    return { bearerbox, smsbox, url: `http://127.0.0.1:${ports.sendsms}`, pids: [bearerbox.pid, smsbox.pid], stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** GET /cgi-bin/sendsms for one message: UTF-8 in, UCS-2 (coding=2) for Chinese. */
export function kannelRequest(m: Sms): LoadRequest {
  const q = new URLSearchParams({ username: KANNEL_USER, password: KANNEL_PASSWORD, to: m.to, text: m.text, charset: 'UTF-8' });
  if (!m.ascii) {
    q.set('coding', '2');
  }
  return { method: 'GET', path: `/cgi-bin/sendsms?${q.toString()}` };
}
