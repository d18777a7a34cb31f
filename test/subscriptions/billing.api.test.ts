/**
 * 业务目录 and 出账 over HTTP, on both databases: operators edit the catalog (a price from next
 * month on), start a month's billing run (dry or real), follow it to the end, download the carrier
 * file and read the summary; agents' shares and commission statements. Every bad input answers a
 * clear Chinese error and writes nothing; only the right roles get through.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Http } from '../../server/src/http/types';
import { countRows, describeEachDatabase } from '../helpers/db';
import { logInAs } from '../helpers/world';
import { bj, PHONES, subApi, type subWorld } from './sub-world';

type World = Awaited<ReturnType<typeof subWorld>>;
type Headers = Record<string, string>;

describeEachDatabase('catalog and billing over HTTP', (t) => {
  let s: World;
  let app: Http;
  let as: Record<'operator' | 'support' | 'agent' | 'otherAgent' | 'liQiang', Headers>;

  beforeEach(async () => {
    // October: 李芳 and 张建国 took 家校互动 on the 5th (the world sets them), and 李强 takes it in the portal the same day.
    ({ s, app } = await subApi(t().database, '2026-10-05 09:00'));
    await logIns();
    const r = await app.inject({ method: 'POST', url: '/api/portal/subscriptions', headers: as.liQiang, payload: { service: 'jx' } });
    expect(r.statusCode, r.body).toBe(200);
    await s.settle();
  });
  afterEach(async () => {
    await app.close();
  });

  const logIns = async () => {
    as = {
      operator: await logInAs(app, 'o-admin'),
      support: await logInAs(app, 's-zhou'),
      agent: await logInAs(app, 'a-zhao'),
      otherAgent: await logInAs(app, 'a-qian'),
      liQiang: await logInAs(app, 'p-liqiang'),
    };
  };
  /** Moves the clock to a Beijing time; sessions end after 2 idle hours, so everyone logs in again. */
  const moveTo = async (time: string) => {
    s.clock.set(bj(time));
    await logIns();
  };
  const get = (url: string, who: Headers) => app.inject({ method: 'GET', url, headers: who });
  const send = (method: 'POST' | 'PUT' | 'PATCH', url: string, who: Headers, payload: unknown) => app.inject({ method, url, headers: who, payload: payload as object });
  const rows = async (table: string) => countRows(s.ctx.database.db, table);
  const chinese = (body: string) => expect((JSON.parse(body) as { message: string }).message).toMatch(/[\u4e00-\u9fa5]/);

  it('lists the catalog: 家校互动 at 8 yuan including 亲情电话 and 平安短信, the free services at 0', async () => {
    const r = await get('/api/subscription-services', as.agent);
    expect(r.statusCode, r.body).toBe(200);
    const items = r.json<{ items: { code: string; kind: string; price: number; includes: string[]; nextPrice: unknown; onSale: boolean }[] }>().items;
    expect(items.map((x) => x.code)).toEqual(['jx', 'family', 'safety', 'jxnotice', 'staff']);
    expect(items[0]).toMatchObject({ code: 'jx', kind: 'paid', price: 800, includes: ['family', 'safety'], nextPrice: null, onSale: true });
    expect(items.find((x) => x.code === 'jxnotice')).toMatchObject({ kind: 'free', price: 0 });
  });

  it('sets a new price from next month: this month stays 8 yuan, the next shows 10', async () => {
    const r = await send('PUT', '/api/subscription-services/jx/price', as.operator, { amount: 1000 });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ code: 'jx', price: 800, nextPrice: { fromMonth: '2026-11', amount: 1000 } });
    // The portal says so to the guardian.
    const portal = await get('/api/portal/subscriptions', as.liQiang);
    expect(portal.json()).toMatchObject({ paid: { price: 800, nextPrice: { fromMonth: '2026-11', amount: 1000 } } });
    await moveTo('2026-11-01 08:00');
    expect((await get('/api/subscription-services', as.operator)).json<{ items: { code: string; price: number }[] }>().items[0]).toMatchObject({ code: 'jx', price: 1000 });
  });

  it('refuses a bad price, an unknown service, a free one, and everyone but the operator; nothing is written', async () => {
    const before = await rows('subscription_prices');
    for (const [url, payload, status] of [
      ['/api/subscription-services/jx/price', { amount: -1 }, 400],
      ['/api/subscription-services/jx/price', { amount: 8.5 }, 400],
      ['/api/subscription-services/jx/price', { amount: '800' }, 400],
      ['/api/subscription-services/jx/price', { amount: 100_001 }, 400],
      ['/api/subscription-services/jx/price', {}, 400],
      ['/api/subscription-services/jxnotice/price', { amount: 100 }, 400],
      ['/api/subscription-services/nope/price', { amount: 100 }, 404],
    ] as const) {
      const r = await send('PUT', url, as.operator, payload);
      expect(r.statusCode, `${url} ${JSON.stringify(payload)} ${r.body}`).toBe(status);
      chinese(r.body);
    }
    for (const who of [as.support, as.agent, as.liQiang]) {
      expect((await send('PUT', '/api/subscription-services/jx/price', who, { amount: 900 })).statusCode).toBe(403);
    }
    expect(await rows('subscription_prices')).toBe(before);
  });

  it('takes 家校互动 off sale: the portal can no longer subscribe it; a bad patch changes nothing', async () => {
    for (const payload of [{}, { onSale: 'no' }, { billingCode: 'jxhd' }, { name: '' }, { price: 1 }]) {
      const r = await send('PATCH', '/api/subscription-services/jx', as.operator, payload);
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      chinese(r.body);
    }
    const off = await send('PATCH', '/api/subscription-services/jx', as.operator, { onSale: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toMatchObject({ onSale: false, billingCode: 'JXHD' });
    await send('POST', '/api/portal/subscriptions/cancel', as.liQiang, { service: 'jx' });
    const again = await send('POST', '/api/portal/subscriptions', as.liQiang, { service: 'jx' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'SUB_NOT_FOR_SALE', message: '这项业务暂停订购' });
  });

  it('runs October for real on 2 November: the run ends done, the carrier file lists each fee once, the summary and commissions add up', async () => {
    await moveTo('2026-11-02 09:00');
    const started = await send('POST', '/api/billing/runs', as.operator, { month: '2026-10' });
    expect(started.statusCode, started.body).toBe(200);
    const run = started.json<{ id: string; status: string; dryRun: boolean }>();
    expect(run).toMatchObject({ status: 'queued', dryRun: false });
    await s.settle();
    const done = await get(`/api/billing/runs/${run.id}`, as.support);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ month: '2026-10', status: 'done', percent: 100, total: 3, processed: 3, charged: 3, chargedAmount: 2400, free: 0, failed: 0, rules: { first_of_month: 3 } });
    expect((await get('/api/billing/runs', as.operator)).json()).toMatchObject({ total: 1, items: [{ id: run.id, status: 'done' }] });

    const file = await get('/api/billing/carrier-file?month=2026-10', as.operator);
    expect(file.statusCode, file.body).toBe(200);
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(file.headers['content-disposition']).toBe('attachment; filename="billing-202610.csv"');
    expect(file.body).toBe(['msisdn,service_code,amount_fen,period', `${PHONES.liFang},JXHD,800,202610`, `${PHONES.liQiang},JXHD,800,202610`, `${PHONES.zhangFather},JXHD,800,202610`, ''].join('\n'));

    // Running October again charges nothing twice.
    const rerun = await send('POST', '/api/billing/runs', as.operator, { month: '2026-10' });
    expect(rerun.statusCode, rerun.body).toBe(200);
    await s.settle();
    expect((await get('/api/billing/carrier-file?month=2026-10', as.operator)).body.split('\n')).toHaveLength(5);
    expect(await rows('billing_charges')).toBe(3);

    const summary = await get('/api/billing/summary?month=2026-10', as.operator);
    expect(summary.statusCode, summary.body).toBe(200);
    const sum = summary.json<{ total: unknown; bySchool: { schoolName: string | null; amount: number }[]; byAgency: { agencyName: string | null; amount: number; commission: number; shareBp: number; settled: boolean }[] }>();
    expect(sum.total).toEqual({ charges: 3, amount: 2400 });
    expect(sum.bySchool.reduce((n, x) => n + x.amount, 0)).toBe(2400);
    expect(sum.bySchool.find((x) => x.schoolName === '阳光小学')).toMatchObject({ amount: 1600 });
    // 李强 subscribed in the portal under 阳光小学 of 通达代理: 20 % of 8 yuan.
    expect(sum.byAgency.find((x) => x.agencyName === '通达代理')).toMatchObject({ shareBp: 2000, settled: true });

    const mine = await get(`/api/agencies/${s.tongda}/commissions`, as.agent);
    expect(mine.statusCode, mine.body).toBe(200);
    const c = mine.json<{ share: { shareBp: number; isDefault: boolean; agencyName: string }; statements: { month: string; fees: number; commission: number }[] }>();
    expect(c.share).toMatchObject({ shareBp: 2000, isDefault: true, agencyName: '通达代理' });
    const october = c.statements.find((x) => x.month === '2026-10')!;
    expect(october.commission).toBe(Math.floor((october.fees * 2000) / 10_000));
    expect(october.fees).toBe(sum.byAgency.find((x) => x.agencyName === '通达代理')!.amount);
    // Another agency's statements are not this agent's to read.
    expect((await get(`/api/agencies/${s.yuanhang}/commissions`, as.agent)).statusCode).toBe(403);
  });

  it('a dry run of this month forecasts and charges nothing; a real run of this month or a month to come is refused and writes nothing', async () => {
    await moveTo('2026-10-20 12:00');
    for (const payload of [{ month: '2026-10' }, { month: '2026-11', dryRun: true }, { month: '2026-13' }, { month: '202610' }, { month: '2026-10', extra: 1 }, {}]) {
      const r = await send('POST', '/api/billing/runs', as.operator, payload);
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      chinese(r.body);
    }
    const refused = await send('POST', '/api/billing/runs', as.operator, { month: '2026-10' });
    expect(refused.json<{ message: string }>().message).toBe('2026-10 尚未结束，只能出账已结束的月份（本月可以试算）');
    expect(await rows('billing_runs')).toBe(0);
    for (const who of [as.support, as.agent, as.liQiang]) {
      expect((await send('POST', '/api/billing/runs', who, { month: '2026-09' })).statusCode).toBe(403);
    }
    expect(await rows('billing_runs')).toBe(0);

    const dry = await send('POST', '/api/billing/runs', as.operator, { month: '2026-10', dryRun: true });
    expect(dry.statusCode, dry.body).toBe(200);
    await s.settle();
    const run = await get(`/api/billing/runs/${dry.json<{ id: string }>().id}`, as.operator);
    expect(run.json()).toMatchObject({ dryRun: true, status: 'done', charged: 3, chargedAmount: 2400 });
    expect(await rows('billing_charges')).toBe(0);
    // No real run of October has finished: no carrier file yet.
    const file = await get('/api/billing/carrier-file?month=2026-10', as.operator);
    expect(file.statusCode).toBe(409);
    expect(file.json()).toMatchObject({ code: 'BILLING_FILE_NOT_READY', message: '这个月还没有完成出账，计费文件尚未生成' });
    expect((await get('/api/billing/carrier-file?month=10', as.operator)).statusCode).toBe(400);
    expect((await get('/api/billing/runs/no-such-run', as.operator)).statusCode).toBe(404);
    // 代理商 and families see no run and no file.
    expect((await get('/api/billing/runs', as.agent)).statusCode).toBe(403);
    expect((await get('/api/billing/carrier-file?month=2026-10', as.agent)).statusCode).toBe(403);
  });

  it('sets an agency’s share; a bad share or another role changes nothing', async () => {
    for (const payload of [{ shareBp: 10_001 }, { shareBp: -1 }, { shareBp: 12.5 }, {}]) {
      const r = await send('PUT', `/api/agencies/${s.tongda}/billing-share`, as.operator, payload);
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      chinese(r.body);
    }
    expect((await send('PUT', '/api/agencies/no-such-agency/billing-share', as.operator, { shareBp: 1000 })).statusCode).toBe(404);
    expect((await send('PUT', `/api/agencies/${s.tongda}/billing-share`, as.agent, { shareBp: 9000 })).statusCode).toBe(403);
    expect(await rows('billing_agent_shares')).toBe(0);
    const r = await send('PUT', `/api/agencies/${s.tongda}/billing-share`, as.operator, { shareBp: 1250 });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ agencyId: s.tongda, agencyName: '通达代理', shareBp: 1250, isDefault: false });
    // The agent sees their own share only; the operator sees every agency's.
    expect((await get('/api/billing/shares', as.agent)).json()).toEqual({ items: [expect.objectContaining({ agencyName: '通达代理', shareBp: 1250 })] });
    const all = (await get('/api/billing/shares', as.operator)).json<{ items: { agencyName: string; shareBp: number; isDefault: boolean }[] }>().items;
    expect(all.map((x) => [x.agencyName, x.shareBp, x.isDefault]).sort()).toEqual([
      ['远航代理', 2000, true],
      ['通达代理', 1250, false],
    ]);
  });
});
