/**
 * The one mapping from errors to HTTP: every error answers `{ code, message, details }` with
 * a Chinese message; 4xx say what was wrong; 5xx never show internals.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, PlatformErrors, type ErrorKind } from '../../platform/errors';
import type { Http } from '../types';

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export function statusOf(kind: ErrorKind): number {
  return STATUS[kind];
}

interface AjvIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** AJV's issues, said in Chinese. */
export function describeValidation(issues: AjvIssue[], where: string): { message: string; errors: { path: string; message: string }[] } {
  const place: Record<string, string> = { body: '请求体', querystring: '查询参数', params: '路径参数', headers: '请求头' };
  const errors = issues.map((i) => {
    const base = (i.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    const p = i.params ?? {};
    let field = base;
    let msg: string;
    switch (i.keyword ?? '') {
      case 'required':
        field = [base, String(p.missingProperty)].filter(Boolean).join('.');
        msg = '缺少必填字段';
        break;
      case 'additionalProperties':
        field = [base, String(p.additionalProperty)].filter(Boolean).join('.');
        msg = '不允许的字段';
        break;
      case 'type':
        msg = `类型应为 ${String(p.type)}`;
        break;
      case 'minLength':
        msg = `长度至少为 ${String(p.limit)}`;
        break;
      case 'maxLength':
        msg = `长度不能超过 ${String(p.limit)}`;
        break;
      case 'minimum':
      case 'exclusiveMinimum':
        msg = `不能小于 ${String(p.limit)}`;
        break;
      case 'maximum':
      case 'exclusiveMaximum':
        msg = `不能大于 ${String(p.limit)}`;
        break;
      case 'pattern':
      case 'format':
        msg = '格式不正确';
        break;
      case 'enum':
      case 'const':
      case 'anyOf':
        msg = '取值不在允许范围内';
        break;
      default:
        msg = i.message ?? '不正确';
    }
    return { path: `${where}${field ? `.${field}` : ''}`, message: msg };
  });
  const first = errors[0];
  const label = place[where] ?? where;
  return {
    message: first ? `${label}不正确：${first.path.replace(`${where}.`, '')} ${first.message}` : `${label}不正确`,
    errors,
  };
}

function send(reply: FastifyReply, err: AppError): FastifyReply {
  return reply.status(statusOf(err.kind)).send({ code: err.code, message: err.message, details: err.details });
}

export function registerErrorHandler(app: Http): void {
  app.setErrorHandler((error: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      if (error.kind === 'internal' || error.kind === 'unavailable') {
        request.log.error({ err: error }, error.message);
      }
      return send(reply, error);
    }
    const fe = error as FastifyError & { validation?: AjvIssue[]; validationContext?: string };
    if (fe.validation) {
      const { message, errors } = describeValidation(fe.validation, fe.validationContext ?? 'body');
      return send(reply, PlatformErrors.VALIDATION_FAILED({ errors }, message));
    }
    const status = fe.statusCode ?? 500;
    if (status === 413) {
      return send(reply, PlatformErrors.PAYLOAD_TOO_LARGE());
    }
    if (status === 415) {
      return reply.status(415).send({ code: 'UNSUPPORTED_MEDIA_TYPE', message: '请求内容类型不受支持，请使用 application/json', details: {} });
    }
    if (status >= 400 && status < 500) {
      const message = fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError ? '请求体不是有效的 JSON' : '请求不正确';
      return reply.status(status).send({ code: 'BAD_REQUEST', message, details: { reason: fe.code ?? null } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, PlatformErrors.INTERNAL());
  });
}
