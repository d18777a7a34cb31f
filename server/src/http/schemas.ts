/** Schemas shared by routes: the error body, and common shapes. One source for validation, types and OpenAPI. */
import Type from 'typebox';
import { PlatformErrors } from '../platform/errors';

export const ErrorBody = Type.Object(
  {
    code: Type.String({ description: '稳定的错误码，例如 AUTH_REQUIRED' }),
    message: Type.String({ description: '给用户看的中文说明' }),
    details: Type.Record(Type.String(), Type.Unknown()),
  },
  { $id: 'ErrorBody', title: 'ErrorBody' },
);

/** Standard error responses to list on a route, for the OpenAPI document. */
export function errors(...statuses: (400 | 401 | 403 | 404 | 409 | 429 | 503)[]) {
  const out: Record<number, typeof ErrorBody> = {};
  for (const s of statuses) {
    out[s] = ErrorBody;
  }
  return out;
}

export const IsoTime = Type.String({ format: 'date-time' });
export const NullableIsoTime = Type.Union([IsoTime, Type.Null()]);

/** An ISO time from a query or body (already format-checked) as epoch ms; a clear 400 otherwise. */
export function instant(iso: string | undefined, field: string): number | undefined {
  if (iso === undefined) {
    return undefined;
  }
  const t = Date.parse(iso);
  if (Number.isNaN(t)) {
    throw PlatformErrors.VALIDATION_FAILED({ field }, `${field} 不是有效的时间`);
  }
  return t;
}
