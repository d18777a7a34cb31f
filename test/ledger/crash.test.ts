/**
 * kill -9 loses nothing (money.md T4): transfers go through the HTTP API of a real server
 * process while every acknowledgement is logged; the server is killed mid-run, restarted,
 * and every request is sent again with its key. Every acknowledged transfer exists exactly
 * once with its first id, none is partial, and the books verify.
 */
import { expect, it } from 'vitest';
import { createTestContext } from '../helpers/context';
import { describeEachDatabase, PG_URL } from '../helpers/db';
import { driveTransfers, freePort, killServerProcess, startServerProcess, transferClient } from '../helpers/server-process';

describeEachDatabase('kill -9 mid-run', (t) => {
  it('loses no acknowledged transfer and applies none twice', { timeout: 120_000 }, async () => {
    const ctx = await createTestContext(t().database);
    await ctx.identity.createUser({ login: 'ops', name: '值班员', password: 'Crash-test-pass-1', roles: [{ role: 'operator', tenantType: 'platform', tenantId: 'platform' }] });
    const bank = await ctx.ledger.openAccount({ code: 'BANK_SETTLEMENT', ownerType: 'platform', ownerId: 'bank', name: '银行', noNegative: false });
    const outlet = await ctx.ledger.openAccount({ code: 'OUTLET_PREPAID', ownerType: 'outlet', ownerId: 'o1', name: '网点' });

    // The server process opens the test's own database (the SQLite file, or the PostgreSQL schema).
    const env: Record<string, string> = {
      DATABASE_URL:
        t().dialect === 'sqlite'
          ? `sqlite:${t().location}`
          : `${PG_URL}${PG_URL!.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${t().location}`)}`,
    };
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let server = await startServerProcess(env, port);
    const send = await transferClient(base, 'ops', 'Crash-test-pass-1', { debit: bank.id, credit: outlet.id });
    const amountOf = (i: number) => 1 + ((i * 7919) % 1000);
    const drive = driveTransfers(send, 'crash', amountOf);
    await drive.waitForAcks(400);
    const stopping = drive.stop();
    await killServerProcess(server);
    await stopping;
    const { sent } = drive;
    const ackedAtKill = new Map(drive.acked);
    expect(ackedAtKill.size).toBeGreaterThanOrEqual(400);

    server = await startServerProcess(env, port);
    try {
      // Replay everything that was sent, acknowledged or not, with the same keys and amounts.
      for (const key of sent) {
        const i = Number(key.slice('crash-'.length));
        const r = await send(key, amountOf(i));
        expect(r.status, key).toBe(200);
        const body = (await r.json()) as { transfer: { id: number }; replay: boolean };
        if (ackedAtKill.has(key)) {
          expect(body).toMatchObject({ replay: true, transfer: { id: ackedAtKill.get(key) } });
        }
      }
    } finally {
      await killServerProcess(server);
    }

    const check = await createTestContext(t().openAnother());
    const report = await check.ledger.verify();
    expect(report.faults).toEqual([]);
    expect(report.transfers).toBe(sent.size);
    const expected = [...sent].reduce((s, key) => s + amountOf(Number(key.slice('crash-'.length))), 0);
    expect(await check.ledger.getBalance(outlet.id)).toMatchObject({ posted: expected });
  });
});
