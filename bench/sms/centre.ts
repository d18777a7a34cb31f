/**
 * The SMS centre the senders submit to, run in the benchmark's process so that arrival times
 * are read where the parts arrive: our SMPP SMS centre simulator (Kannel and our SMPP
 * gateway) or our CMPP ISMG simulator (our CMPP gateway). One fresh centre per run.
 */
import { performance } from 'node:perf_hooks';
import { IsmgSimulator } from '../../server/src/adapters/sms/cmpp/ismg-simulator';
import { SmscSimulator } from '../../server/src/adapters/sms/smpp/smsc-simulator';

export interface Centre {
  kind: 'smpp' | 'cmpp';
  port: number;
  /** Parts taken (answered with success) so far. */
  count(): number;
  /** Epoch ms at which the i-th part taken (0-based) arrived. */
  arrivedAt(i: number): number;
  /** Sessions bound / logged in. */
  bound(): number;
  /** Parts by data coding (SMPP data_coding, CMPP Msg_Fmt), and refused submits. */
  summary(): { byCoding: Record<string, number>; refused: number; reportsSent: number };
  close(): Promise<void>;
}

export const SMSC_SYSTEM_ID = 'bench';
export const SMSC_PASSWORD = 'benchpw';
export const ISMG_SP = '900001';
const ISMG_SECRET = 'bench123';

export async function smppCentre(keep: number, reportDelayMs = 100): Promise<Centre & { sim: SmscSimulator }> {
  const sim = new SmscSimulator({ systemId: SMSC_SYSTEM_ID, password: SMSC_PASSWORD, reportDelayMs, keepSubmits: keep });
  const port = await sim.listen(0);
  return {
    kind: 'smpp',
    port,
    sim,
    count: () => sim.stats.accepted,
    arrivedAt: (i) => sim.submits[i]!.at,
    bound: () => sim.boundSessions,
    summary: () => {
      const byCoding: Record<string, number> = {};
      for (const s of sim.submits) {
        byCoding[String(s.dataCoding)] = (byCoding[String(s.dataCoding)] ?? 0) + 1;
      }
      return { byCoding, refused: sim.stats.throttled, reportsSent: sim.stats.reportsSent };
    },
    close: () => sim.close(),
  };
}

export async function cmppCentre(reportDelayMs = 100): Promise<Centre & { sim: IsmgSimulator }> {
  const sim = new IsmgSimulator({ accounts: { [ISMG_SP]: ISMG_SECRET }, reportDelayMs });
  const address = await sim.listen(0);
  // Parts taken, in arrival order (the simulator also logs refused ones).
  let taken: number[] = [];
  let scanned = 0;
  const scan = () => {
    for (; scanned < sim.submits.length; scanned++) {
      const s = sim.submits[scanned]!;
      if (s.result === 0) {
        taken.push(performance.timeOrigin + s.at);
      }
    }
  };
  return {
    kind: 'cmpp',
    port: address.port,
    sim,
    count: () => {
      scan();
      return taken.length;
    },
    arrivedAt: (i) => {
      scan();
      return taken[i]!;
    },
    bound: () => sim.readyConnections(ISMG_SP).length,
    summary: () => {
      const byCoding: Record<string, number> = {};
      let refused = 0;
      for (const s of sim.submits) {
        if (s.result === 0) {
          byCoding[String(s.msgFmt)] = (byCoding[String(s.msgFmt)] ?? 0) + 1;
        } else {
          refused += 1;
        }
      }
      return { byCoding, refused, reportsSent: sim.delivers.filter((d) => d.kind === 'report').length };
    },
    close: async () => {
      await sim.close();
      taken = [];
    },
  };
}
