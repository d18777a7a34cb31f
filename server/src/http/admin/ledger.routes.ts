/**
 * The ledger over HTTP, for operators (agents, outlets and devices reach it through their
 * own flows in later issues). Every write carries the caller's idempotency key; the scope is
 * the caller (`api:<userId>`), so one person's keys never collide with another's.
 */
import Type from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context';
import type { AccountInfo, Statement, Transfer, TransferRequest } from '../../modules/ledger';
import { toIso } from '../../platform/clock';
import { PlatformErrors } from '../../platform/errors';
import { errors, instant, IsoTime, NullableIsoTime } from '../schemas';
import type { Http } from '../types';

const Fen = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: '金额，单位：分' });
const Key = Type.String({ minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7e]+$', description: '幂等键（流水号）：同一个键只记一次账' });
const Code = Type.String({ pattern: '^[A-Z][A-Z0-9_]{1,39}$', description: '业务代码，例如 DEPOSIT、TRANSFER、TOPUP' });
const Metadata = Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Boolean(), Type.Null()]));

const Balance = Type.Object({
  posted: Type.Integer({ description: '已入账余额（分）' }),
  pending: Type.Integer({ description: '冻结中（分）' }),
  available: Type.Integer({ description: '可用余额（分）' }),
  debitsPosted: Type.Integer(),
  creditsPosted: Type.Integer(),
  debitsPending: Type.Integer(),
  creditsPending: Type.Integer(),
});

const Account = Type.Object(
  {
    id: Type.String(),
    code: Type.String(),
    ownerType: Type.String(),
    ownerId: Type.String(),
    currency: Type.String(),
    name: Type.String(),
    noNegative: Type.Boolean(),
    overdraftLimit: Type.Integer(),
    closed: Type.Boolean(),
    createdAt: IsoTime,
    balance: Balance,
  },
  { $id: 'LedgerAccount', title: 'LedgerAccount' },
);

const TransferSchema = Type.Object(
  {
    id: Type.Integer(),
    key: Type.String(),
    scope: Type.String(),
    kind: Type.Enum(['single', 'pending', 'post', 'void', 'expire']),
    debitAccountId: Type.String(),
    creditAccountId: Type.String(),
    amount: Type.Integer(),
    currency: Type.String(),
    code: Type.String(),
    pendingId: Type.Union([Type.Integer(), Type.Null()]),
    reversesId: Type.Union([Type.Integer(), Type.Null()]),
    linkedGroup: Type.Union([Type.Integer(), Type.Null()]),
    expiresAt: NullableIsoTime,
    eventAt: IsoTime,
    createdAt: IsoTime,
    metadata: Metadata,
    hash: Type.String(),
  },
  { $id: 'LedgerTransfer', title: 'LedgerTransfer' },
);

const TransferReply = Type.Object({ transfer: TransferSchema, replay: Type.Boolean({ description: 'true：该流水号此前已记账，这是原结果' }) });

function accountOut(a: AccountInfo) {
  const { accountId: _id, currency: _c, ...balance } = a.balance;
  return { ...a, createdAt: toIso(a.createdAt), balance };
}

function transferOut(t: Transfer) {
  return { ...t, expiresAt: toIso(t.expiresAt), eventAt: toIso(t.eventAt), createdAt: toIso(t.createdAt) };
}

function balanceOut(b: { posted: number; pending: number; available: number; debitsPosted: number; creditsPosted: number; debitsPending: number; creditsPending: number }) {
  return { posted: b.posted, pending: b.pending, available: b.available, debitsPosted: b.debitsPosted, creditsPosted: b.creditsPosted, debitsPending: b.debitsPending, creditsPending: b.creditsPending };
}

function statementOut(s: Statement) {
  return {
    accountId: s.accountId,
    from: toIso(s.from),
    to: toIso(s.to),
    opening: balanceOut(s.opening),
    closing: balanceOut(s.closing),
    lines: s.lines.map((l) => ({ transfer: transferOut(l.transfer), change: l.change, balanceAfter: l.balanceAfter, reversedBy: l.reversedBy, resolvedBy: l.resolvedBy })),
  };
}

function scopeOf(request: FastifyRequest): string {
  if (request.actor.kind !== 'user') {
    throw PlatformErrors.AUTH_REQUIRED();
  }
  return `api:${request.actor.userId}`;
}

export function ledgerRoutes(app: Http, ctx: AppContext): void {
  const tags = ['账务'];
  const IdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
  const TransferIdParam = Type.Object({ id: Type.Integer({ minimum: 1 }) });

  app.get(
    '/api/ledger/accounts',
    {
      config: { action: 'ledger.read' },
      schema: {
        tags,
        summary: '账户列表（含余额）',
        querystring: Type.Object(
          { code: Type.Optional(Type.String({ maxLength: 40 })), ownerType: Type.Optional(Type.String({ maxLength: 64 })), ownerId: Type.Optional(Type.String({ maxLength: 64 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Account) }), ...errors(400, 401, 403) },
      },
    },
    async (request) => ({ items: (await ctx.ledger.listAccounts(request.query)).map(accountOut) }),
  );

  app.post(
    '/api/ledger/accounts',
    {
      config: { action: 'ledger.write' },
      schema: {
        tags,
        summary: '开立账户（同一所有者同类账户只开一次）',
        body: Type.Object(
          {
            code: Code,
            ownerType: Type.String({ minLength: 1, maxLength: 64 }),
            ownerId: Type.String({ minLength: 1, maxLength: 64 }),
            name: Type.String({ minLength: 1, maxLength: 60 }),
            currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
            noNegative: Type.Optional(Type.Boolean()),
            overdraftLimit: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ account: Account }), ...errors(400, 401, 403) },
      },
    },
    async (request) => ({ account: accountOut(await ctx.ledger.openAccount(request.body)) }),
  );

  app.get(
    '/api/ledger/accounts/:id',
    {
      config: { action: 'ledger.read' },
      schema: {
        tags,
        summary: '账户详情；at 给出时返回该时刻的余额',
        params: IdParam,
        querystring: Type.Object({ at: Type.Optional(IsoTime) }, { additionalProperties: false }),
        response: { 200: Type.Object({ account: Account, last: Type.Union([TransferSchema, Type.Null()]) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const account = await ctx.ledger.getAccount(request.params.id);
      const at = instant(request.query.at, 'at');
      const balance = at === undefined ? account.balance : await ctx.ledger.getBalance(account.id, at);
      const last = await ctx.ledger.lastTransfer(account.id);
      return { account: accountOut({ ...account, balance }), last: last ? transferOut(last) : null };
    },
  );

  for (const [verb, closed, summary] of [
    ['close', true, '关闭账户（不再参与新的交易）'],
    ['reopen', false, '重新启用已关闭的账户'],
  ] as const) {
    app.post(
      `/api/ledger/accounts/:id/${verb}`,
      {
        config: { action: 'ledger.write' },
        schema: { tags, summary, params: IdParam, response: { 200: Type.Object({ account: Account }), ...errors(401, 403, 404) } },
      },
      async (request) => {
        await ctx.ledger.setAccountClosed(request.params.id, closed);
        request.log.info({ accountId: request.params.id, closed }, closed ? '账户已关闭' : '账户已重新启用');
        return { account: accountOut(await ctx.ledger.getAccount(request.params.id)) };
      },
    );
  }

  app.get(
    '/api/ledger/accounts/:id/statement',
    {
      config: { action: 'ledger.read' },
      schema: {
        tags,
        summary: '对账单：[from, to) 内的每笔交易与余额',
        params: IdParam,
        querystring: Type.Object({ from: IsoTime, to: IsoTime }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            accountId: Type.String(),
            from: IsoTime,
            to: IsoTime,
            opening: Balance,
            closing: Balance,
            lines: Type.Array(
              Type.Object({
                transfer: TransferSchema,
                change: Type.Integer({ description: '本账户的收支：收入为正，支出为负，冻结类为 0' }),
                balanceAfter: Type.Integer({ description: '该笔之后的已入账余额' }),
                reversedBy: Type.Union([Type.Integer(), Type.Null()], { description: '冲正它的交易编号（任何时候）' }),
                resolvedBy: Type.Union([Type.Integer(), Type.Null()], { description: '冻结：入账、撤销或过期它的交易编号' }),
              }),
            ),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) =>
      statementOut(await ctx.ledger.getStatement(request.params.id, instant(request.query.from, 'from')!, instant(request.query.to, 'to')!)),
  );

  app.post(
    '/api/ledger/transfers',
    {
      config: { action: 'ledger.write' },
      schema: {
        tags,
        summary: '转账或冻结（同一 key 重复提交返回原结果）',
        body: Type.Object(
          {
            kind: Type.Enum(['single', 'pending']),
            key: Key,
            debitAccountId: Type.String({ minLength: 1, maxLength: 64 }),
            creditAccountId: Type.String({ minLength: 1, maxLength: 64 }),
            amount: Fen,
            code: Code,
            expiresAt: Type.Optional(IsoTime),
            eventAt: Type.Optional(IsoTime),
            metadata: Type.Optional(Metadata),
          },
          { additionalProperties: false },
        ),
        response: { 200: TransferReply, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const b = request.body;
      const req: TransferRequest = {
        kind: b.kind,
        scope: scopeOf(request),
        key: b.key,
        debitAccountId: b.debitAccountId,
        creditAccountId: b.creditAccountId,
        amount: b.amount,
        code: b.code,
        expiresAt: instant(b.expiresAt, 'expiresAt'),
        eventAt: instant(b.eventAt, 'eventAt'),
        metadata: b.metadata,
      };
      const r = await ctx.ledger.transfer(req);
      return { transfer: transferOut(r.transfer), replay: r.replay };
    },
  );

  const resolution = (verb: 'post' | 'void' | 'reverse', summary: string) =>
    app.post(
      `/api/ledger/transfers/:id/${verb}`,
      {
        config: { action: 'ledger.write' },
        schema: {
          tags,
          summary,
          params: TransferIdParam,
          body: Type.Object(
            { key: Key, code: Code, ...(verb === 'post' ? { amount: Type.Optional(Fen) } : {}) },
            { additionalProperties: false },
          ),
          response: { 200: TransferReply, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const b = request.body as { key: string; code: string; amount?: number };
        const scope = scopeOf(request);
        const id = request.params.id;
        const req: TransferRequest =
          verb === 'reverse'
            ? { kind: 'reverse', scope, key: b.key, reversesId: id, code: b.code }
            : verb === 'post'
              ? { kind: 'post', scope, key: b.key, pendingId: id, amount: b.amount, code: b.code }
              : { kind: 'void', scope, key: b.key, pendingId: id, code: b.code };
        const r = await ctx.ledger.transfer(req);
        return { transfer: transferOut(r.transfer), replay: r.replay };
      },
    );
  resolution('post', '冻结入账（可部分入账，余额释放）');
  resolution('void', '撤销冻结');
  resolution('reverse', '冲正一笔交易（每笔最多一次，余额不足则拒绝）');

  app.get(
    '/api/ledger/transfers/:id',
    {
      config: { action: 'ledger.read' },
      schema: {
        tags,
        summary: '交易详情（含是否已冲正、冻结是否已处理）',
        params: TransferIdParam,
        response: {
          200: Type.Object({
            transfer: TransferSchema,
            reversedBy: Type.Union([Type.Integer(), Type.Null()]),
            resolvedBy: Type.Union([Type.Integer(), Type.Null()]),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const { reversedBy, resolvedBy, ...t } = await ctx.ledger.getTransfer(request.params.id);
      return { transfer: transferOut(t), reversedBy, resolvedBy };
    },
  );

  app.get(
    '/api/ledger/verify',
    {
      config: { action: 'ledger.read' },
      schema: {
        tags,
        summary: '账务核验：借贷平衡、余额与流水一致、无透支、编号连续、哈希链完整',
        response: {
          200: Type.Object({
            ok: Type.Boolean(),
            transfers: Type.Integer(),
            accounts: Type.Integer(),
            currencies: Type.Array(Type.Object({ currency: Type.String(), posted: Type.Integer(), pending: Type.Integer() })),
            faults: Type.Array(
              Type.Object({
                check: Type.String(),
                message: Type.String(),
                transferId: Type.Optional(Type.Integer()),
                accountId: Type.Optional(Type.String()),
              }),
            ),
          }),
          ...errors(401, 403),
        },
      },
    },
    async () => ctx.ledger.verify(),
  );
}
