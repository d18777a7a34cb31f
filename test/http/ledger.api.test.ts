/** The ledger at the HTTP edge: bad input is a 4xx with a stable code and writes nothing. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { AppContext } from '../../server/src/context';
import { buildHttp } from '../../server/src/http/server';
import type { Http } from '../../server/src/http/types';
import { createTestContext } from '../helpers/context';
import { describeEachDatabase } from '../helpers/db';

describeEachDatabase('ledger over HTTP', (t) => {
  let ctx: AppContext;
  let app: Http;
  let headers: Record<string, string>;
  let bank: string;
  let outlet: string;
  let other: string;

  beforeEach(async () => {
    ctx = await createTestContext(t().database);
    const admin = await ctx.identity.ensureFirstAdmin();
    app = await buildHttp(ctx, { consoleDir: null });
    await app.ready();
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'admin', password: admin!.password } });
    headers = { cookie: login.cookies.map((c) => `${c.name}=${c.value}`).join('; '), 'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken };
    bank = (await ctx.ledger.openAccount({ code: 'BANK_SETTLEMENT', ownerType: 'platform', ownerId: 'icbc', name: '工行结算户', noNegative: false })).id;
    outlet = (await ctx.ledger.openAccount({ code: 'OUTLET_PREPAID', ownerType: 'outlet', ownerId: 'o1', name: '城关网点' })).id;
    other = (await ctx.ledger.openAccount({ code: 'OUTLET_PREPAID', ownerType: 'outlet', ownerId: 'o2', name: '西街网点' })).id;
  });
  afterEach(async () => {
    await app.close();
  });

  const post = (url: string, payload: unknown, h = headers) => app.inject({ method: 'POST', url, payload: payload as object, headers: h });
  const transfer = (body: Record<string, unknown>) =>
    post('/api/ledger/transfers', { kind: 'single', key: 'k1', debitAccountId: bank, creditAccountId: outlet, amount: 10_000, code: 'DEPOSIT', ...body });

  it('moves money, replays a repeated key, and shows balances and statements', async () => {
    const first = await transfer({});
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ replay: false, transfer: { id: 1, amount: 10_000, kind: 'single' } });
    const again = await transfer({});
    expect(again.json()).toMatchObject({ replay: true, transfer: { id: 1 } });
    const conflict = await transfer({ amount: 9_999 });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', message: '同一流水号已用于另一笔不同的交易' });

    const acct = await app.inject({ url: `/api/ledger/accounts/${outlet}`, headers });
    expect(acct.json()).toMatchObject({ account: { name: '城关网点', balance: { posted: 10_000, available: 10_000 } }, last: { id: 1 } });
    const st = await app.inject({ url: `/api/ledger/accounts/${outlet}/statement?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z`, headers });
    expect(st.json()).toMatchObject({ opening: { posted: 0 }, closing: { posted: 10_000 }, lines: [{ change: 10_000, balanceAfter: 10_000 }] });

    const rev = await post('/api/ledger/transfers/1/reverse', { key: 'r1', code: 'DEPOSIT_REVERSAL' });
    expect(rev.json()).toMatchObject({ transfer: { reversesId: 1, amount: 10_000 } });
    const twice = await post('/api/ledger/transfers/1/reverse', { key: 'r2', code: 'DEPOSIT_REVERSAL' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'LEDGER_ALREADY_REVERSED' });
    expect((await app.inject({ url: '/api/ledger/verify', headers })).json()).toMatchObject({ ok: true, transfers: 2, faults: [] });

    // What happened later is visible on the original, whatever period one looks at.
    expect((await app.inject({ url: '/api/ledger/transfers/1', headers })).json()).toMatchObject({ transfer: { id: 1 }, reversedBy: 2, resolvedBy: null });
    const st2 = await app.inject({ url: `/api/ledger/accounts/${outlet}/statement?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z`, headers });
    expect(st2.json<{ lines: unknown[] }>().lines).toMatchObject([{ reversedBy: 2 }, { reversedBy: null, transfer: { reversesId: 1 } }]);
  });

  it('closes and reopens an account', async () => {
    const closed = await post(`/api/ledger/accounts/${outlet}/close`, {});
    expect(closed.json()).toMatchObject({ account: { closed: true } });
    expect((await transfer({})).json()).toMatchObject({ code: 'LEDGER_ACCOUNT_CLOSED' });
    expect((await post(`/api/ledger/accounts/${outlet}/reopen`, {})).json()).toMatchObject({ account: { closed: false } });
    expect((await transfer({})).statusCode).toBe(200);
    expect((await post('/api/ledger/accounts/nope/close', {})).statusCode).toBe(404);
  });

  it.each([
    ['zero amount', { amount: 0 }, 'VALIDATION_FAILED'],
    ['negative amount', { amount: -100 }, 'VALIDATION_FAILED'],
    ['fractional amount', { amount: 10.5 }, 'VALIDATION_FAILED'],
    ['string amount', { amount: '100' }, 'VALIDATION_FAILED'],
    ['too large amount', { amount: 2 ** 53 }, 'VALIDATION_FAILED'],
    ['missing key', { key: undefined }, 'VALIDATION_FAILED'],
    ['unknown field', { force: true }, 'VALIDATION_FAILED'],
    ['bad code', { code: 'deposit' }, 'VALIDATION_FAILED'],
    ['unknown account', { creditAccountId: 'nope' }, 'LEDGER_ACCOUNT_NOT_FOUND'],
    ['debit = credit', { creditAccountId: 'SAME' }, 'LEDGER_SAME_ACCOUNT'],
    ['insufficient funds', { debitAccountId: 'OUTLET', creditAccountId: 'OTHER' }, 'LEDGER_INSUFFICIENT_FUNDS'],
  ])('refuses %s and writes nothing', async (_name, patch, code) => {
    const body: Record<string, unknown> = { ...patch };
    for (const [k, v] of Object.entries(body)) {
      body[k] = v === 'SAME' ? bank : v === 'OUTLET' ? outlet : v === 'OTHER' ? other : v;
    }
    const res = await transfer(body);
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.json()).toMatchObject({ code });
    expect(typeof res.json<{ message: string }>().message).toBe('string');
    expect((await ctx.ledger.verify()).transfers).toBe(0);
  });

  it('refuses malformed JSON and a closed account', async () => {
    const broken = await app.inject({ method: 'POST', url: '/api/ledger/transfers', headers: { ...headers, 'content-type': 'application/json' }, payload: '{"amount": 1' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ code: 'BAD_REQUEST' });
    await ctx.ledger.setAccountClosed(outlet, true);
    const closed = await transfer({});
    expect(closed.statusCode).toBe(409);
    expect(closed.json()).toMatchObject({ code: 'LEDGER_ACCOUNT_CLOSED', message: '账户已关闭' });
    expect((await ctx.ledger.verify()).transfers).toBe(0);
  });

  it('is for operators only', async () => {
    await ctx.identity.createUser({ login: 'wang', name: '王老师', password: 'Teacher-pass-1', roles: [{ role: 'teacher', tenantType: 'class', tenantId: 'c1' }] });
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'wang', password: 'Teacher-pass-1' } });
    const h = { cookie: login.cookies.map((c) => `${c.name}=${c.value}`).join('; '), 'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken };
    expect((await app.inject({ url: '/api/ledger/accounts', headers: h })).statusCode).toBe(403);
    expect((await post('/api/ledger/transfers', { kind: 'single', key: 'x', debitAccountId: bank, creditAccountId: outlet, amount: 1, code: 'DEPOSIT' }, h)).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/ledger/accounts' })).statusCode).toBe(401);
  });
});
